package io.fulcrum.system.webdriver;

import java.util.Objects;

/** A reference to an element of the current page, as the W3C protocol hands it out (valid until the page changes). */
public record WebElement(String id) {

    /** The key under which the W3C protocol carries element references in JSON. */
    static final String KEY = "element-6066-11e4-a52e-4f735466cecf";

    public WebElement {
        Objects.requireNonNull(id, "id");
    }
}
