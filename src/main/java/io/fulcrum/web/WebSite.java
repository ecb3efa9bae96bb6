package io.fulcrum.web;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What the status server serves, shared by its connections: the page, the state ({@link StatusHub}), the
 * event stream, the metrics registry (Fulcrum's metrics and the JVM's) and the token check. Used on the web
 * server's one thread only.
 */
final class WebSite {

    static final String PAGE_RESOURCE = "status.html";

    private final StatusHub hub;
    private final Access access;
    private final Json json = new Json();
    private final EventStream events = new EventStream();
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final byte[] page;

    WebSite(StatusHub hub, Optional<String> token, boolean jvmMetrics) {
        this.hub = hub;
        this.access = new Access(token);
        this.page = loadPage();
        registry.register(new StatusMetrics(() -> this.hub));
        if (jvmMetrics) {
            JvmMetrics.builder().register(registry);
        }
    }

    /** The page, from the classpath: one document with its CSS and scripts inline. */
    static byte[] loadPage() {
        try (InputStream in = WebSite.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the status page " + PAGE_RESOURCE + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a new state and sends it to the event stream's subscribers. */
    void publish(StatusView view) {
        hub.publish(view);
        events.broadcast(currentEvent());
    }

    String currentEvent() {
        StatusDocument d = hub.document();
        return EventStream.event(d.sequence(), json.text(d));
    }

    byte[] metrics() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    String metricsType() {
        return writer.getContentType();
    }

    StatusHub hub() {
        return hub;
    }

    Access access() {
        return access;
    }

    Json json() {
        return json;
    }

    EventStream events() {
        return events;
    }

    byte[] page() {
        return page;
    }
}
