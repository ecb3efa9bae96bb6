package io.fulcrum.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manual against the registry and itself: the migration chapter lists exactly the keywords the registry
 * marks not supported, and every relative link of the manual and README reaches a file (and, into the keyword
 * reference, an entry or block that exists).
 */
class KeywordDocsManualTest {

    private static final Path MANUAL = Path.of("docs/manual");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z_0-9-]+)`");

    @Test
    void theMigrationChapterListsExactlyTheUnsupportedKeywords() throws IOException {
        String text = Files.readString(MANUAL.resolve("migrating.md"));
        int from = text.indexOf("### Keywords Fulcrum does not support");
        int to = text.indexOf("Keywords keepalived itself removed", from);
        assertThat(from).as("the section on unsupported keywords").isPositive();
        assertThat(to).as("the end of that section").isGreaterThan(from);
        Set<String> listed = new TreeSet<>();
        for (String line : text.substring(from, to).split("\n")) {
            if (line.startsWith("- ") || line.startsWith("  ")) {
                // the bold heading of a bullet names the block, not a keyword
                Matcher m = CODE.matcher(line.replaceFirst("^- \\*\\*[^*]*\\*\\*", ""));
                while (m.find()) {
                    listed.add(m.group(1));
                }
            }
        }
        Set<String> unsupported = new TreeSet<>();
        for (Keyword<?> k : new KeywordRegistry().allKeywords()) {
            if (k.status() == KeywordStatus.UNSUPPORTED) {
                unsupported.add(k.name());
            }
        }
        assertThat(listed).as("docs/manual/migrating.md's list against the registry").isEqualTo(unsupported);
    }

    @Test
    void everyRelativeLinkReachesAFileAndAnchor() throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> s = Files.list(MANUAL)) {
            s.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
        }
        pages.add(Path.of("README.md"));
        String keywords = Files.readString(Path.of("docs/keywords.md"));
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Matcher m = LINK.matcher(Files.readString(page));
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http") || target.startsWith("#") || target.startsWith("mailto:")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = page.getParent() == null ? Path.of(file) : page.getParent().resolve(file);
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no file " + resolved.normalize() + ")");
                } else if (target.contains("#") && resolved.normalize().equals(Path.of("docs/keywords.md"))) {
                    String anchor = target.substring(target.indexOf('#') + 1);
                    if (!keywords.contains("<a id=\"" + anchor + "\"></a>")) {
                        broken.add(page + ": " + target + " (no such anchor in docs/keywords.md)");
                    }
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyLinkInsideTheKeywordReferenceReachesAnAnchor() throws IOException {
        String keywords = Files.readString(Path.of("docs/keywords.md"));
        Set<String> broken = new TreeSet<>();
        Matcher m = LINK.matcher(keywords);
        while (m.find()) {
            String target = m.group(1);
            if (target.startsWith("#") && !keywords.contains("<a id=\"" + target.substring(1) + "\"></a>")) {
                broken.add(target);
            }
        }
        assertThat(broken).as("links in docs/keywords.md without their anchor").isEmpty();
    }
}
