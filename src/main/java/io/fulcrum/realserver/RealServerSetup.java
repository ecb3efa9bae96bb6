package io.fulcrum.realserver;

import io.fulcrum.common.IpAddress;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the LVS real-server scripts of the tutorials do ({@code ifconfig lo:0 VIP netmask 255.255.255.255 up} and
 * {@code echo 1 > .../arp_ignore}, {@code echo 2 > .../arp_announce} for lo and all), but undoable exactly:
 * {@link #start} records the address's and every parameter's state before it changes anything, and {@link #stop}
 * puts back what was recorded instead of writing zeros.
 *
 * <p>For an IPv4 VIP: the VIP/32 on the interface (lo by default) and, so that the host neither answers ARP for the
 * VIP on its real interfaces nor uses the VIP as the source of its own ARP requests, arp_ignore=1 and
 * arp_announce=2 on lo, all and (when it is not lo) the VIP's interface. For an IPv6 VIP: the VIP/128 with nodad, and
 * no parameter (neighbour discovery answers only for the addresses of the interface a solicitation arrives on).
 * With {@link #startDecap} an IPIP decapsulator's TUN interface gets rp_filter=0, and so does all when it is not
 * 0 (the kernel filters with the larger of the two, and an interface without an IPv4 address fails even loose
 * filtering; every other interface keeps its own value), recorded the same way. Every step is said through
 * {@code say}.
 */
public final class RealServerSetup {

    /** arp_ignore=1: answer ARP only for addresses of the interface the request came in on. */
    public static final String ARP_IGNORE = "1";
    /** arp_announce=2: always use the best local address of the outgoing interface in ARP requests. */
    public static final String ARP_ANNOUNCE = "2";

    private final HostInterfaces interfaces;
    private final Sysctls sysctls;
    private final StateStore store;
    private final Consumer<String> say;

    public RealServerSetup(HostInterfaces interfaces, Sysctls sysctls, StateStore store, Consumer<String> say) {
        this.interfaces = Objects.requireNonNull(interfaces, "interfaces");
        this.sysctls = Objects.requireNonNull(sysctls, "sysctls");
        this.store = Objects.requireNonNull(store, "store");
        this.say = Objects.requireNonNull(say, "say");
    }

    public StateStore store() {
        return store;
    }

    /** The parameters {@link #start} sets for {@code vip} on {@code dev}, in order. */
    static List<SysctlChange> wanted(IpAddress vip, String dev) {
        List<SysctlChange> out = new ArrayList<>();
        if (vip.isV6()) {
            return out;
        }
        List<String> devs = dev.equals("lo") ? List.of("lo", "all") : List.of("lo", "all", dev);
        for (String d : devs) {
            out.add(new SysctlChange(Sysctl.ipv4Conf(d, "arp_ignore").path(), "", ARP_IGNORE));
        }
        for (String d : devs) {
            out.add(new SysctlChange(Sysctl.ipv4Conf(d, "arp_announce").path(), "", ARP_ANNOUNCE));
        }
        return out;
    }

    /**
     * Puts the VIP on {@code dev} and sets the ARP parameters. The first start for a VIP records what was there in
     * its state file before changing anything; a repeated start keeps that record (adding only parameters not yet
     * recorded) and makes sure everything is applied. When a step fails after a first start's record, what was
     * changed is put back and the state file deleted.
     *
     * @return the state as saved
     * @throws RealServerException for an unknown interface, a VIP already set up on another interface, an
     *                             unreadable state file, a refused change
     */
    public RealServerState start(IpAddress vip, String dev) throws RealServerException {
        int ifindex = interfaces.index(dev).orElseThrow(
                () -> new RealServerException("there is no network interface '" + dev + "'"));
        Optional<RealServerState> existing = store.load(vip);
        if (existing.isPresent() && !existing.get().dev().equals(dev)) {
            throw new RealServerException(vip + " is set up on " + existing.get().dev() + " already (state file "
                    + store.file(vip) + "); run 'fulcrum realserver stop --vip " + vip + "' first");
        }
        int prefix = vip.bitLength();
        List<HostInterfaces.AddressOn> holders = interfaces.holding(vip);
        Optional<HostInterfaces.AddressOn> here = holders.stream().filter(a -> a.ifindex() == ifindex).findFirst();
        for (HostInterfaces.AddressOn other : holders) {
            if (other.ifindex() != ifindex) {
                say.accept("warning: " + vip + "/" + other.prefixLength() + " is on " + other.dev()
                        + " too: a real server should hold the VIP only on " + dev);
            }
        }
        RealServerState state = existing.orElseGet(() -> RealServerState.fresh(vip, dev, here.isEmpty()));
        for (SysctlChange w : wanted(vip, dev)) {
            if (state.change(w.sysctl()).isEmpty()) {
                String now = read(w.sysctl()).orElseThrow(() -> new RealServerException("the kernel has no "
                        + w.sysctl() + " (" + ProcSysctls.PROC_SYS.resolve(w.path()) + " does not exist)"));
                state = state.withChange(new SysctlChange(w.path(), now, w.applied()));
            }
        }
        if (existing.isEmpty() || !existing.get().equals(state)) {
            store.save(state);
        }
        try {
            if (here.isPresent()) {
                say.accept(vip + "/" + here.get().prefixLength() + " is on " + dev + " already: left as it is"
                        + (state.addressAdded() ? "" : ", and stop leaves it"));
            } else {
                interfaces.add(ifindex, vip, prefix);
                say.accept("added " + vip + "/" + prefix + " to " + dev
                        + (state.addressAdded() ? "" : " (it was there at the first start, so stop leaves it)"));
            }
            if (vip.isV6()) {
                say.accept(vip + " is IPv6: no ARP parameters to set (neighbour discovery answers only for the "
                        + "addresses of the interface a solicitation arrives on)");
            }
            for (SysctlChange c : state.sysctls()) {
                apply(c);
            }
        } catch (RealServerException e) {
            if (existing.isPresent()) {
                throw new RealServerException(e.getMessage() + "; the state file " + store.file(vip) + " still "
                        + "holds what the first start found: 'fulcrum realserver stop --vip " + vip + "' puts it "
                        + "back", e);
            }
            rollBack(state, e);
        }
        return state;
    }

    private void rollBack(RealServerState state, RealServerException cause) throws RealServerException {
        say.accept("start failed: " + cause.getMessage() + "; putting back what was changed");
        List<String> failures = restore(state);
        if (!failures.isEmpty()) {
            throw new RealServerException(cause.getMessage() + "; putting back failed too (" + String.join("; ",
                    failures) + "); the state file " + store.file(state.address()) + " is kept for 'fulcrum "
                    + "realserver stop --vip " + state.vip() + "'", cause);
        }
        store.delete(state.address());
        throw new RealServerException(cause.getMessage() + "; everything changed was put back", cause);
    }

    /**
     * Records and applies what an IPIP decapsulator needs once its TUN interface {@code tunDev} (index
     * {@code tunIndex}) exists: rp_filter=0 on it and on all (when all is not 0 already: reverse-path filtering
     * uses the larger of the two, and the TUN interface has no IPv4 address, which fails strict and loose filtering
     * alike), the decapsulator's process in the state, then the interface up. The VIP must have been started.
     */
    public RealServerState startDecap(IpAddress vip, String tunDev, int tunIndex, DecapRecord process)
            throws RealServerException {
        RealServerState state = store.load(vip).orElseThrow(() -> new NoStateException(vip.toString(),
                store.file(vip)));
        Sysctl tunRp = Sysctl.ipv4Conf(tunDev, "rp_filter");
        Sysctl allRp = Sysctl.ipv4Conf("all", "rp_filter");
        String tunNow = read(tunRp).orElseThrow(() -> new RealServerException("the kernel has no " + tunRp
                + ": the TUN interface " + tunDev + " is gone"));
        state = state.withChange(new SysctlChange(tunRp.path(), tunNow, "0"));
        Optional<String> allNow = read(allRp);
        if (allNow.isPresent() && !allNow.get().equals("0")) {
            // the kernel filters with the larger of all and the interface's value, and an interface without an
            // IPv4 address (the TUN) fails even loose filtering: all must be 0 (every other interface keeps its own)
            state = state.withChange(new SysctlChange(allRp.path(), allNow.get(), "0"));
        }
        state = state.withDecap(Optional.of(process));
        store.save(state);
        for (SysctlChange c : state.sysctls()) {
            if (c.path().equals(tunRp.path()) || c.path().equals(allRp.path())) {
                apply(c);
            }
        }
        interfaces.up(tunIndex);
        say.accept(tunDev + " is up");
        return state;
    }

    private void apply(SysctlChange c) throws RealServerException {
        Sysctl key = c.sysctl();
        Optional<String> now = read(key);
        if (now.isEmpty()) {
            throw new RealServerException("the kernel has no " + key);
        }
        if (now.get().equals(c.applied())) {
            say.accept(key + " = " + c.applied() + (c.previous().equals(c.applied()) ? " (already)"
                    : " (already; " + c.previous() + " before the first start)"));
            return;
        }
        try {
            sysctls.write(key, c.applied());
        } catch (IOException e) {
            throw new RealServerException("cannot set " + key + " to " + c.applied() + ": " + describe(e), e);
        }
        say.accept(key + " = " + c.applied() + " (was " + now.get() + ")");
    }

    /**
     * Puts back what the VIP's state file recorded: the address removed if start added it, every parameter set to
     * its recorded value (in reverse order; a parameter whose interface is gone is skipped), then the state file
     * deleted. A step that fails does not stop the others; the state file is then kept so that stop can be run
     * again.
     *
     * @throws NoStateException when there is no state file (nothing is changed)
     * @throws RealServerException listing the steps that failed
     */
    public RealServerState stop(IpAddress vip) throws RealServerException {
        RealServerState state = store.load(vip).orElseThrow(() -> new NoStateException(vip.toString(),
                store.file(vip)));
        List<String> failures = restore(state);
        if (!failures.isEmpty()) {
            throw new RealServerException("could not put everything back: " + String.join("; ", failures)
                    + "; the state file " + store.file(vip) + " is kept, run stop again once fixed");
        }
        store.delete(vip);
        say.accept("removed the state file " + store.file(vip));
        return state;
    }

    /** Undoes the changes of {@code state}; returns what failed. */
    private List<String> restore(RealServerState state) {
        List<String> failures = new ArrayList<>();
        IpAddress vip = state.address();
        if (state.addressAdded()) {
            try {
                Optional<HostInterfaces.AddressOn> on = interfaces.holding(vip).stream()
                        .filter(a -> a.dev().equals(state.dev())).findFirst();
                if (on.isEmpty()) {
                    say.accept(vip + " is not on " + state.dev() + " any more: nothing to remove");
                } else {
                    interfaces.remove(on.get().ifindex(), vip, on.get().prefixLength());
                    say.accept("removed " + vip + "/" + on.get().prefixLength() + " from " + state.dev());
                }
            } catch (RealServerException e) {
                failures.add(e.getMessage());
            }
        } else {
            say.accept(vip + " was on " + state.dev() + " before start: left there");
        }
        List<SysctlChange> changes = new ArrayList<>(state.sysctls());
        Collections.reverse(changes);
        for (SysctlChange c : changes) {
            Sysctl key = c.sysctl();
            try {
                Optional<String> now = read(key);
                if (now.isEmpty()) {
                    say.accept(key + ": gone (its interface was removed): nothing to put back");
                } else if (now.get().equals(c.previous())) {
                    say.accept(key + " = " + c.previous() + " (already)");
                } else {
                    sysctls.write(key, c.previous());
                    say.accept(key + " = " + c.previous() + " (was " + now.get() + ")");
                }
            } catch (IOException e) {
                failures.add("cannot set " + key + " back to " + c.previous() + ": " + describe(e));
            } catch (RealServerException e) {
                failures.add(e.getMessage());
            }
        }
        return failures;
    }

    private Optional<String> read(Sysctl key) throws RealServerException {
        try {
            return sysctls.read(key);
        } catch (IOException e) {
            throw new RealServerException("cannot read " + key + ": " + describe(e), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof AccessDeniedException) {
            return "permission denied (needs root or CAP_NET_ADMIN)";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
