package io.fulcrum.lab;

/** Where the checks tell what they are doing: tersely for {@code lab test}, slowly for {@code lab demo}. */
public interface Narrator {

    /** Check {@code number} starts. */
    default void begin(int number, String title) throws InterruptedException {
    }

    /** One step, as a plain sentence. */
    void say(String sentence) throws InterruptedException;

    /** Something seen (a response, a table, a neighbour entry): the check's evidence, as it comes. */
    default void saw(String evidence) {
    }

    /** A check ended. */
    default void end(CheckResult result) throws InterruptedException {
    }
}
