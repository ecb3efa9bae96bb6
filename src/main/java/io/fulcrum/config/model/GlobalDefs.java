package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * The {@code global_defs} block: settings that apply to the whole process, with keepalived's defaults.
 *
 * @param routerId {@code router_id}: names this machine in alerts [the host name, resolved at run time]
 * @param email    e-mail alerts
 * @param scripts  startup/shutdown scripts and script security
 * @param vrrp     VRRP protocol defaults for every instance
 * @param garp     gratuitous ARP / unsolicited NA defaults
 * @param fifos    notify FIFOs
 * @param lvs      IPVS settings
 * @param files    dump files, reload check, random seed
 * @param web      the status page (Fulcrum extensions)
 * @param nftables the nftables table and chains of no_accept instances' drop rules
 */
public record GlobalDefs(Optional<String> routerId, EmailSettings email, ScriptSettings scripts,
        VrrpDefaults vrrp, GarpDefaults garp, NotifyFifos fifos, LvsSettings lvs, DataFiles files, WebSettings web,
        NftablesSettings nftables) {

    public GlobalDefs {
        Objects.requireNonNull(routerId, "routerId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(scripts, "scripts");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(garp, "garp");
        Objects.requireNonNull(fifos, "fifos");
        Objects.requireNonNull(lvs, "lvs");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(web, "web");
        Objects.requireNonNull(nftables, "nftables");
        if (routerId.isPresent() && routerId.get().isEmpty()) {
            throw new IllegalArgumentException("router_id must not be empty");
        }
    }

    /** keepalived's values when global_defs is absent or empty. */
    public static GlobalDefs defaults() {
        return new GlobalDefs(Optional.empty(), EmailSettings.defaults(), ScriptSettings.defaults(),
                VrrpDefaults.defaults(), GarpDefaults.defaults(), NotifyFifos.none(), LvsSettings.defaults(),
                DataFiles.defaults(), WebSettings.none(), NftablesSettings.defaults());
    }
}
