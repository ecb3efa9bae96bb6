package io.fulcrum.config.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * {@code FILE_CHECK}: follows the number written in the file of a top-level {@code track_file}, multiplied by the
 * weight; a result at or below the fault value takes the real server down, and with {@code dynamic} the result
 * adjusts its weight. It has none of the common checker options.
 *
 * @param trackFile name of a {@code track_file} block
 * @param dynamic   the value adjusts the real server's weight (and the quorum)
 * @param weight    multiplier, -2147483647..2147483647 [the track_file's own weight]
 * @param reverse   inverts the sense of the weight
 */
public record FileCheck(String trackFile, boolean dynamic, OptionalInt weight, boolean reverse)
        implements CheckerSpec {

    public FileCheck {
        Objects.requireNonNull(trackFile, "trackFile");
        Objects.requireNonNull(weight, "weight");
        if (trackFile.isEmpty()) {
            throw new IllegalArgumentException("FILE_CHECK has no track_file specified");
        }
        if (weight.isPresent() && weight.getAsInt() == Integer.MIN_VALUE) {
            throw new IllegalArgumentException("weight for track file must be in [-2147483647..2147483647]");
        }
        if (reverse && weight.isEmpty()) {
            throw new IllegalArgumentException("reverse needs a weight");
        }
    }

    @Override
    public String keyword() {
        return "FILE_CHECK";
    }
}
