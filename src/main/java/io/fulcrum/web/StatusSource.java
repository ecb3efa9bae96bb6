package io.fulcrum.web;

import java.util.function.Consumer;

/**
 * Where the web server gets the daemon's state: asked once a second, it reads a snapshot on the daemon's own
 * thread when that thread is free and hands it to {@code publish} (from any thread). It must never make the
 * caller wait; a request it cannot serve (the daemon stopping) is simply not answered.
 */
@FunctionalInterface
public interface StatusSource {

    void refresh(Consumer<StatusView> publish);
}
