package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A user and optional group something runs as ({@code script_user}, the owner of a notify FIFO).
 *
 * @param user  user name (or numeric id)
 * @param group group name; empty means the user's own group
 */
public record RunAs(String user, Optional<String> group) {

    public RunAs {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
        if (user.isEmpty()) {
            throw new IllegalArgumentException("a user name must not be empty");
        }
        if (group.isPresent() && group.get().isEmpty()) {
            throw new IllegalArgumentException("a group name must not be empty");
        }
    }
}
