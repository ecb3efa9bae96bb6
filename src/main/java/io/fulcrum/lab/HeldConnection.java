package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connection from the lab's client to a service, held open across a failover: an HTTP/1.1 request on it
 * whenever asked. It is bash's {@code /dev/tcp} in the client's namespace (nginx keeps the connection alive), driven
 * one line at a time: a line on its input sends a request, a line on its output is the answer ({@code OK <status
 * line> <body>} or {@code FAILED <why>}).
 */
final class HeldConnection implements AutoCloseable {

    /** Seconds to wait for each part of an answer. */
    static final int ANSWER_SECONDS = 3;

    static final String SCRIPT = """
            export LC_ALL=C
            exec 3<>"/dev/tcp/$1/$2" || { echo "FAILED connect to $1:$2 refused or unreachable"; exit 1; }
            echo CONNECTED
            while read -r _; do
              if ! printf 'GET / HTTP/1.1\\r\\nHost: %s\\r\\n\\r\\n' "$1" >&3 2>/dev/null; then
                echo "FAILED the connection is closed"; continue
              fi
              if ! IFS= read -r -t "$3" status <&3; then echo "FAILED no answer in $3 s"; continue; fi
              status=${status%$'\\r'}
              len=0
              while IFS= read -r -t "$3" h <&3; do
                h=${h%$'\\r'}
                [ -z "$h" ] && break
                case "${h,,}" in content-length:*) len=${h#*:}; len=${len// /} ;; esac
              done
              body=
              [ "$len" -gt 0 ] && IFS= read -r -t "$3" -N "$len" body <&3
              echo "OK $status|${body//$'\\n'/ }"
            done
            """;

    private final Lab lab;
    private final Process process;
    private final BufferedReader answers;
    private final OutputStream asks;

    private HeldConnection(Lab lab, Process process) {
        this.lab = lab;
        this.process = process;
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.asks = process.getOutputStream();
    }

    /** Opens the connection from the client's namespace; empty with the reason logged in {@code r} when it cannot. */
    static Optional<HeldConnection> open(Lab lab, ClusterSpec.Service s, Evidence r) throws LabException {
        List<String> cmd = LabShell.inNamespace(lab.namespace("client"), List.of("bash", "-c", SCRIPT, "held",
                s.vip().toString(), Integer.toString(s.port()), Integer.toString(ANSWER_SECONDS)));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new LabException("cannot run bash in the client's namespace: " + e.getMessage());
        }
        HeldConnection h = new HeldConnection(lab, p);
        String first = h.line();
        if (!"CONNECTED".equals(first)) {
            h.close();
            r.problem("could not open a connection to " + s.vip() + ":" + s.port() + " from the client: "
                    + (first == null ? "no answer" : first));
            return Optional.empty();
        }
        return Optional.of(h);
    }

    /** One request on the connection, and what answered. */
    Lab.Response request() {
        IpAddress none = lab.clientAddress();
        try {
            asks.write('\n');
            asks.flush();
        } catch (IOException e) {
            return new Lab.Response(none, false, "", "the connection's shell ended", Optional.empty());
        }
        String line = line();
        if (line == null) {
            return new Lab.Response(none, false, "", "the connection's shell ended", Optional.empty());
        }
        if (!line.startsWith("OK ")) {
            return new Lab.Response(none, false, "", line.replaceFirst("^FAILED ", ""), Optional.empty());
        }
        String status = line.substring(3, line.indexOf('|') < 0 ? line.length() : line.indexOf('|'));
        String body = line.indexOf('|') < 0 ? "" : line.substring(line.indexOf('|') + 1).strip();
        if (!status.matches("HTTP/1\\.[01] 200.*")) {
            return new Lab.Response(none, false, body, "answered " + status, Optional.empty());
        }
        return new Lab.Response(none, true, body, "", lab.server(body));
    }

    private String line() {
        try {
            return answers.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
