package io.fulcrum.cli.ipvsadm;

import io.fulcrum.cli.ipvsadm.IpvsadmCommand.Parsed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads {@code ipvsadm -R} input (what {@code -S} writes): each line is an ipvsadm command line, optionally
 * starting with {@code ipvsadm}. Blank lines and {@code #} comments are skipped (ipvsadm-restore strips them).
 */
public final class IpvsadmRestore {

    private IpvsadmRestore() {
    }

    /** One result per command line, in order. */
    public static List<Parsed> read(String text) {
        List<Parsed> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            List<String> words = new ArrayList<>(Arrays.asList(t.split("\\s+")));
            if (words.getFirst().equals("ipvsadm")) {
                words.removeFirst();
            }
            out.add(IpvsadmParser.parse(words));
        }
        return out;
    }
}
