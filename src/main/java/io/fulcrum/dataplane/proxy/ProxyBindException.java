package io.fulcrum.dataplane.proxy;

/** A listener could not bind its address; the message names the address and the cause. */
public final class ProxyBindException extends Exception {

    public ProxyBindException(String message, Throwable cause) {
        super(message, cause);
    }
}
