package dev.h2j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of the README and of docs/ into the checkout leads somewhere: the file exists, and a
 * {@code #fragment} into a Markdown file names one of its headings (as a code host makes anchors of them).
 */
class DocsLinksTest {

    /**
     * Pages the build writes and commits later: docs/INTEROP.md comes from h2j-interop's run once every
     * cell of its matrix has a result.
     */
    private static final Set<String> GENERATED = Set.of("docs/INTEROP.md");

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *#*$", Pattern.MULTILINE);

    @Test
    void everyRelativeLinkLeadsToAFileAndAHeading() {
        Map<Path, Set<String>> anchors = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path file : Docs.markdown()) {
            Matcher link = LINK.matcher(withoutCode(Docs.read(file)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;                                       // https:, mailto: ...
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String fragment = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                if (!resolved.startsWith(Docs.ROOT)) {
                    continue;                                       // beside the checkout (../shared): not the docs'
                }
                String name = Docs.name(resolved);
                if (!Files.exists(resolved)) {
                    if (!GENERATED.contains(name)) {
                        broken.add(Docs.name(file) + ": " + target + " (no such file)");
                    }
                } else if (fragment != null && name.endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, DocsLinksTest::anchors).contains(fragment)) {
                    broken.add(Docs.name(file) + ": " + target + " (no such heading in " + name + ")");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void anchorsAreMadeAsACodeHostMakesThem() {
        assertThat(anchor("A client, and `h2j get`")).isEqualTo("a-client-and-h2j-get");
        assertThat(anchor("Priority-aware sending")).isEqualTo("priority-aware-sending");
        assertThat(anchor("RFC 9113 §5.1: the stream states")).isEqualTo("rfc-9113-51-the-stream-states");
    }

    /** The anchors of a Markdown file's headings; a repeated heading gets -1, -2 ... */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher heading = HEADING.matcher(withoutCode(Docs.read(file)));
        while (heading.find()) {
            String anchor = anchor(heading.group(1));
            int count = seen.merge(anchor, 1, Integer::sum);
            anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
        }
        return anchors;
    }

    /** A heading's anchor: lower case, punctuation dropped, spaces as hyphens. */
    private static String anchor(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");   // a link's text only
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The text without fenced code blocks and code spans, where brackets are code, not links. */
    private static String withoutCode(String markdown) {
        String noBlocks = markdown.replaceAll("(?ms)^ *```.*?^ *```[ \\t]*$", "");
        return noBlocks.replaceAll("`[^`\\n]*`", "");
    }
}
