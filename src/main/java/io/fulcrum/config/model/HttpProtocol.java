package io.fulcrum.config.model;

/** {@code http_protocol} of HTTP_GET/SSL_GET: 1.0C is 1.0 with {@code Connection: close}. */
public enum HttpProtocol {
    HTTP_1_0("1.0"), HTTP_1_0C("1.0C"), HTTP_1_1("1.1");

    private final String keyword;

    HttpProtocol(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    @Override
    public String toString() {
        return keyword;
    }
}
