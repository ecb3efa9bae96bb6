package io.fulcrum.cli.ipvsadm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** ipvsadm 1.31's help and version texts, as it prints them (captured from ipvsadm 1.31). */
public record IpvsadmTexts(String usage, String version) {

    /** The texts shipped in the jar. */
    public static IpvsadmTexts load() {
        return new IpvsadmTexts(resource("usage.txt"), resource("version.txt"));
    }

    private static String resource(String name) {
        try (InputStream in = IpvsadmTexts.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the ipvsadm text " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ipvsadm text " + name, e);
        }
    }
}
