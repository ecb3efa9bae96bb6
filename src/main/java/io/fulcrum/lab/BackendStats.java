package io.fulcrum.lab;

/** Requests a backend has answered, by kind of answer. */
public record BackendStats(long pages, long failures, long notAllowed, long badRequests) {

    public long total() {
        return pages + failures + notAllowed + badRequests;
    }

    @Override
    public String toString() {
        return total() + " requests (" + pages + " pages, " + failures + " failures, " + notAllowed
                + " not allowed, " + badRequests + " bad)";
    }
}
