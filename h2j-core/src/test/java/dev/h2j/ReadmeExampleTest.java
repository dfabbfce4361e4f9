package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.h2j.frame.FrameBuffer;
import dev.h2j.frame.FrameParser;
import dev.h2j.frame.FrameWriter;
import dev.h2j.frame.HeadersFrame;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's code example runs, and the README shows exactly the code that runs here. */
class ReadmeExampleTest {

    @Test
    void encodeFrameParseDecode() {
        // README:start
        HpackEncoder encoder = new HpackEncoder();
        byte[] block = encoder.encode(List.of(
                HeaderField.of(":method", "GET"),
                HeaderField.of(":path", "/"),
                HeaderField.sensitive("authorization", "Bearer secret"))); // never indexed

        FrameBuffer out = new FrameBuffer();
        new FrameWriter().writeHeaders(1, ByteBuffer.wrap(block), true, 0, out);

        HeadersFrame headers = (HeadersFrame) new FrameParser().next(ByteBuffer.wrap(out.toByteArray()));
        List<HeaderField> fields = new HpackDecoder(4096, 16_384).decode(headers.fragment());
        // fields: [:method: GET, :path: /, authorization: Bearer secret]
        // README:end

        assertThat(headers.streamId()).isEqualTo(1);
        assertThat(headers.endStream()).isTrue();
        assertThat(fields).extracting(HeaderField::toString)
                .containsExactly(":method: GET", ":path: /", "authorization: Bearer secret");
        assertThat(fields.get(2).sensitive()).isTrue();
    }

    @Test
    void readmeShowsTheExampleAsItRuns() throws IOException {
        String test = Files.readString(Path.of("src/test/java/dev/h2j/ReadmeExampleTest.java"));
        Matcher body = Pattern.compile("// README:start\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL)
                .matcher(test);
        assertThat(body.find()).isTrue();
        String example = body.group(1).replaceAll("(?m)^ {8}", "");

        String readme = Files.readString(Path.of("../README.md"));

        assertThat(readme).contains("```java\n" + example + "\n```");
    }
}
