package io.fulcrum.config.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A {@code track_file} block: a number read from a file, multiplied by the weight, moves the priority of the
 * instances that track it (weight 0: non-zero means failure).
 *
 * @param name    the block's name, used by {@code track_file} in instances and groups
 * @param file    {@code file}: the path
 * @param weight  {@code weight} [1]
 * @param reverse {@code weight N reverse}
 * @param init    {@code init_file}
 */
public record TrackFile(String name, String file, int weight, boolean reverse, Optional<TrackFileInit> init) {

    public TrackFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(init, "init");
        if (name.isEmpty() || file.isEmpty()) {
            throw new IllegalArgumentException("a track_file needs a name and a file");
        }
        if (weight == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("track_file weight out of range");
        }
    }
}
