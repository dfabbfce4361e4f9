package dev.h2j.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A peer server's configuration, from a template under {@code src/test/resources/interop/} whose
 * {@code ${name}} placeholders the test fills (ports, paths of the site, the certificate, a scratch
 * directory).
 */
final class ConfigTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z]+)}");

    private ConfigTemplate() {}

    /**
     * Writes the template {@code interop/<resource>} to {@code target} with every placeholder replaced.
     *
     * @throws IllegalArgumentException if the template names a placeholder {@code values} lacks
     */
    static Path write(String resource, Map<String, String> values, Path target) {
        try (InputStream in = ConfigTemplate.class.getResourceAsStream("/interop/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no template interop/" + resource + " on the test class path");
            }
            Matcher placeholder = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            StringBuilder filled = new StringBuilder();
            while (placeholder.find()) {
                String value = values.get(placeholder.group(1));
                if (value == null) {
                    throw new IllegalArgumentException("interop/" + resource + " needs ${" + placeholder.group(1) + "}");
                }
                placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(filled);
            return Files.writeString(target, filled, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
