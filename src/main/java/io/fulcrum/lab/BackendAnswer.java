package io.fulcrum.lab;

/** The kinds of answer a backend gives. */
enum BackendAnswer {
    /** The page: the text, with the configured status. */
    PAGE,
    /** After {@code --fail-after}: the failure status, or a hang-up. */
    FAILURE,
    /** A method other than GET and HEAD: 405. */
    NOT_ALLOWED,
    /** A request the decoder could not read: 400, and the connection is closed. */
    BAD_REQUEST
}
