package io.fulcrum.lab;

import io.fulcrum.common.IpAddress;
import io.fulcrum.common.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/** {@code fulcrum lab status} as text: hosts, addresses, MACs, who holds the VIP, that director's table, processes. */
public final class LabStatusView {

    private LabStatusView() {
    }

    public static String render(Lab lab) throws LabException {
        LabState st = lab.state();
        LabPlan plan = lab.plan();
        StringBuilder out = new StringBuilder();
        out.append("Lab ").append(plan.name()).append(", up since ").append(st.createdAt()).append(" (state in ")
                .append(st.stateDir()).append(", --dataplane ").append(st.dataplane()).append(")\n");
        List<String> existing = LabTeardown.namespaces(plan.name());
        List<String> missing = plan.namespaces().stream().filter(n -> !existing.contains(n)).toList();
        if (!missing.isEmpty()) {
            out.append("MISSING namespaces (a crashed lab? 'fulcrum lab down --name ").append(plan.name())
                    .append("' cleans it): ").append(String.join(", ", missing)).append('\n');
        }
        out.append("\nHosts:\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"host", "namespace", "interface", "address", "MAC", "role"});
        for (LabPlan.Host h : plan.hosts()) {
            for (LabPlan.Link l : h.links()) {
                List<IpPrefix> a = l.addresses();
                String addr = a.isEmpty() ? "-" : a.getFirst().toString()
                        + (a.size() > 1 ? " (+" + (a.size() - 1) + ")" : "");
                rows.add(new String[] {h.name(), plan.namespace(h), l.ifname(), addr,
                        st.mac(h.name(), l.ifname()).orElse("?"), role(plan, h)});
            }
        }
        table(out, rows);
        out.append("  (the persistence checks lend the client further addresses of ").append(plan.network())
                .append(" for a while)\n");

        out.append('\n');
        List<LabPlan.Director> holders = missing.isEmpty() ? lab.holders() : List.of();
        if (holders.isEmpty()) {
            out.append("VIP ").append(lab.vip()).append(": held by no director\n");
        }
        for (LabPlan.Director d : holders) {
            String ifname = lab.vipInterface(d);
            out.append("VIP ").append(lab.vip()).append(": held by the ").append(d.role()).append(" director (")
                    .append(ifname).append(", MAC ").append(lab.mac(d, ifname)).append(")\n");
        }
        if (holders.size() > 1) {
            out.append("  both directors hold it: VRRP is split\n");
        }
        for (LabPlan.Director d : holders) {
            out.append("\nfulcrum ipvsadm -Ln on the ").append(d.role()).append(" director:\n");
            try {
                for (String line : lab.table(d).lines().toList()) {
                    out.append("  ").append(line).append('\n');
                }
            } catch (LabException e) {
                out.append("  (cannot read it: ").append(e.getMessage()).append(")\n");
            }
        }

        out.append("\nProcesses:\n");
        List<String[]> procs = new ArrayList<>();
        procs.add(new String[] {"host", "what", "pid", "state", "log"});
        for (LabProcess p : st.processes()) {
            boolean alive = LabShell.alive(p.pid(), lab.namespace(p.host()));
            procs.add(new String[] {p.host(), p.role(), Long.toString(p.pid()), alive ? "running" : "NOT RUNNING",
                    p.log().toString()});
        }
        table(out, procs);
        if (!plan.notes().isEmpty()) {
            out.append("\nNotes:\n");
            plan.notes().forEach(n -> out.append("  - ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static String role(LabPlan plan, LabPlan.Host h) {
        if (h.name().equals("client")) {
            return "client";
        }
        for (LabPlan.Director d : plan.directors()) {
            if (d.host().name().equals(h.name())) {
                return "director (" + (d.peer() == LabPlan.Peer.FULCRUM ? "Fulcrum" : "keepalived + Fulcrum --check")
                        + ", " + d.config().getFileName() + ")";
            }
        }
        for (LabPlan.Server s : plan.servers()) {
            if (s.host().name().equals(h.name())) {
                return (s.sorry() ? "sorry server" : "real server") + (s.vips().isEmpty() ? ""
                        : ", VIP " + String.join(" ", s.vips().stream().map(IpAddress::toString).toList()) + " on lo");
            }
        }
        return "";
    }

    static void table(StringBuilder out, List<String[]> rows) {
        int cols = rows.getFirst().length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < cols; i++) {
                line.append(r[i]);
                if (i < cols - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
