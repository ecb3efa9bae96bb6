package io.fulcrum.system;

import io.fulcrum.lab.LabException;
import io.fulcrum.lab.Netns;
import java.util.List;

/** Debian's dnsmasq in a namespace: answers A queries for one name on ADDRESS:53, nothing else, no upstream. */
final class Dnsmasq {

    private final SystemLab lab;
    private final Netns ns;
    private final List<String> cmd;
    private Process process;

    private Dnsmasq(SystemLab lab, Netns ns, List<String> cmd) {
        this.lab = lab;
        this.ns = ns;
        this.cmd = cmd;
    }

    static Dnsmasq start(SystemLab lab, Netns ns, String address, String name, String answer) throws LabException {
        Dnsmasq d = new Dnsmasq(lab, ns, List.of("dnsmasq", "--keep-in-foreground", "--no-resolv", "--no-hosts",
                "--user=root", "--bind-interfaces", "--listen-address=" + address, "--port=53",
                "--pid-file=", "--host-record=" + name + "," + answer, "--log-facility=-"));
        d.start();
        return d;
    }

    void start() throws LabException {
        process = lab.start(ns, "dnsmasq", cmd);
    }

    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }
}
