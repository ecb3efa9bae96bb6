package io.fulcrum.ipvs;

/** Outcome of a table operation: done, or refused with ipvsadm's error. */
public sealed interface TableResult {

    TableResult OK = new Ok();

    static TableResult error(IpvsError e) {
        return new Refused(e);
    }

    default boolean ok() {
        return this instanceof Ok;
    }

    record Ok() implements TableResult {
    }

    record Refused(IpvsError error) implements TableResult {
    }
}
