package io.fulcrum.common;

/** How bad a {@link Problem} is. Errors make a configuration unusable; warnings do not. */
public enum Severity {
    ERROR("error"),
    WARNING("warning");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
