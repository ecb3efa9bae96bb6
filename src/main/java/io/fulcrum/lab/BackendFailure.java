package io.fulcrum.lab;

/** How a backend fails once {@code --fail-after} requests have been answered: with a status, or by hanging up. */
public sealed interface BackendFailure {

    /** Answers with this status and the body {@code "CODE Reason\n"} (so a digest check fails too). */
    record Status(int code) implements BackendFailure {
        public Status {
            BackendSettings.requireStatus("--fail-with", code);
        }
    }

    /** Closes the connection without answering (the checker sees an empty reply). */
    record Close() implements BackendFailure {
    }

    /** {@code close} or a status code; the exception's message says what is wrong, naming {@code --fail-with}. */
    static BackendFailure parse(String text) {
        if (text.equals("close")) {
            return new Close();
        }
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("--fail-with '" + text + "' is neither a status code nor 'close'");
        }
        return new Status(Integer.parseInt(text));
    }
}
