package io.fulcrum.control;

/** What the control server calls for every well-formed request; may be called from many threads at once. */
@FunctionalInterface
public interface ControlHandler {
    ControlResponse handle(ControlRequest request);
}
