package io.fulcrum.config;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VrrpScratchTest {
    @Test
    void scratch() throws Exception {
        String text = Files.readString(Path.of("/tmp/scratch.conf"));
        var r = VrrpTestSupport.load(text);
        r.problems().forEach(p -> System.out.println("PROBLEM " + p));
    }
}
