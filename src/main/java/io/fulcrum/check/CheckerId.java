package io.fulcrum.check;

/**
 * Names one configured checker by its place in the configuration: the virtual server's index in
 * {@code KeepalivedConfig.virtualServers()}, the real server's index in that virtual server's
 * {@code realServers()}, and the checker's index in that real server's {@code checkers()} (all from 0).
 */
public record CheckerId(int vsIndex, int rsIndex, int checkerIndex) {

    public CheckerId {
        if (vsIndex < 0 || rsIndex < 0 || checkerIndex < 0) {
            throw new IllegalArgumentException("negative index in " + vsIndex + "/" + rsIndex + "/" + checkerIndex);
        }
    }

    @Override
    public String toString() {
        return "checker " + vsIndex + "/" + rsIndex + "/" + checkerIndex;
    }
}
