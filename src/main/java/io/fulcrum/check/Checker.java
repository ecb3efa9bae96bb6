package io.fulcrum.check;

import java.time.Duration;
import java.util.List;

/**
 * One configured checker of one real server: how to probe once, and keepalived's words for its transitions. One
 * implementation per kind (TcpChecker, HttpChecker for HTTP_GET and SSL_GET, SmtpChecker, DnsChecker, UdpChecker,
 * PingChecker, MiscChecker, FileChecker). When and how often it runs (delay_loop, retry, delay_before_retry,
 * warmup, alpha) is the runner's business, not the checker's.
 */
public interface Checker {

    /** keepalived's keyword of the kind: TCP_CHECK, HTTP_GET, SSL_GET, ... */
    String kind();

    /**
     * Runs one probe on the calling thread (a virtual thread of the runner). It returns by itself within about
     * {@link #timeout()}; the runner interrupts it when it takes longer, and it then returns or throws
     * {@link InterruptedException} promptly (closing its sockets or killing its process). Every failure of the
     * probed service is a {@link ProbeResult.Failure}, never an exception.
     */
    ProbeResult probe() throws InterruptedException;

    /** The longest one probe may take (connect_timeout for network checkers, misc_timeout for MISC_CHECK, ...). */
    Duration timeout();

    /**
     * keepalived's line when a success brings the checker up, e.g. {@code TCP connection to [10.0.0.11]:tcp:80
     * success.} or {@code Remote Web server [10.0.0.11]:tcp:80 succeed on service.}
     */
    String upLine();

    /**
     * keepalived's line when the checker goes down, e.g. {@code TCP_CHECK on service [10.0.0.11]:tcp:80 failed
     * after 1 retries.} ({@code retries} 0 gives the form without "after ... retries", as keepalived does).
     */
    String downLine(long retries, ProbeResult.Failure last);

    /**
     * What this checker cannot do as configured (bind_if and fwmark on JDK sockets, an unreadable SSL file, ...),
     * one line each, logged once when it is built.
     */
    default List<String> warnings() {
        return List.of();
    }
}
