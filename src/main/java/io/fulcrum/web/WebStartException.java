package io.fulcrum.web;

/** The status server could not start; the message names the address and the cause. */
public final class WebStartException extends Exception {

    public WebStartException(String message) {
        super(message);
    }
}
