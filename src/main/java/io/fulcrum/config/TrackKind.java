package io.fulcrum.config;

/** The kinds of objects an instance or sync group tracks, with keepalived's words for them in messages. */
enum TrackKind {
    INTERFACE("track_interface", "tracked interface", -253, 253),
    SCRIPT("track_script", "track script", -253, 253),
    FILE("track_file", "track file", -254, 254),
    PROCESS("track_process", "track process", -254, 254),
    BFD("track_bfd", "track bfd", -253, 253);

    final String keyword;
    final String noun;
    final int minWeight;
    final int maxWeight;

    TrackKind(String keyword, String noun, int minWeight, int maxWeight) {
        this.keyword = keyword;
        this.noun = noun;
        this.minWeight = minWeight;
        this.maxWeight = maxWeight;
    }
}
