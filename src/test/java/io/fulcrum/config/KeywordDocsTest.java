package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/keywords.md is the registry's reference; regenerate with -Dfulcrum.updateDocs=true. */
class KeywordDocsTest {

    private static final Path DOC = Path.of("docs/keywords.md");

    @Test
    void keywordReferenceMatchesTheRegistry() throws IOException {
        String generated = KeywordReference.markdown(new KeywordRegistry());
        if (Boolean.getBoolean("fulcrum.updateDocs")) {
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC)).as(DOC + " exists").isTrue();
        assertThat(Files.readString(DOC)).as("docs/keywords.md is stale: run "
                + "mvn test -Dtest=KeywordDocsTest -Dfulcrum.updateDocs=true").isEqualTo(generated);
    }

    @Test
    void everyKeywordHasSyntaxAndHelp() {
        for (Keyword<?> k : new KeywordRegistry().allKeywords()) {
            assertThat(k.syntax()).as(k.block() + " " + k.name()).isNotBlank();
            assertThat(k.help()).as(k.block() + " " + k.name()).isNotBlank();
        }
    }
}
