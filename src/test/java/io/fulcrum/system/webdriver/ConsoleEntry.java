package io.fulcrum.system.webdriver;

/**
 * One entry of the browser's console log as chromedriver reports it: level (SEVERE, WARNING, INFO, DEBUG),
 * source (console-api, network, javascript, ...), message and the browser's timestamp in epoch milliseconds.
 */
public record ConsoleEntry(String level, String source, String message, long timestamp) {

    /** SEVERE: {@code console.error}, an uncaught exception, a failed resource load. */
    public boolean severe() {
        return level.equals("SEVERE");
    }

    @Override
    public String toString() {
        return level + " [" + source + "] " + message;
    }
}
