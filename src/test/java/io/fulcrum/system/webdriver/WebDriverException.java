package io.fulcrum.system.webdriver;

/**
 * A WebDriver command that failed: the W3C error code chromedriver answered (e.g. {@code no such element}) and the
 * first line of its message, or a transport problem ({@code error} is then {@code transport}).
 */
public final class WebDriverException extends RuntimeException {

    private final String error;

    public WebDriverException(String command, String error, String message) {
        super(command + ": " + error + ": " + message);
        this.error = error;
    }

    /** The W3C error code, e.g. {@code no such element}, {@code unknown command}, {@code transport}. */
    public String error() {
        return error;
    }
}
