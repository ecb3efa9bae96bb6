package io.fulcrum.lab;

/** Where the checks tell what they are doing: tersely for {@code lab test}, slowly for {@code lab demo}. */
public interface Narrator {

    /** Check {@code number} starts. */
    default void begin(int number, String title) throws InterruptedException {
    }

    /** One step, as a plain sentence. */
    void say(String sentence) throws InterruptedException;

    /** A check ended. */
    default void end(CheckResult result) throws InterruptedException {
    }
}
