package dev.h2j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress bar of {@code h2j get}: only for long bodies, redrawn in place, at most ten times a second. */
class ProgressTest {
    final StringWriter text = new StringWriter();
    final AtomicLong clock = new AtomicLong();

    @Test
    void aShortBodyDrawsNothing() {
        Progress progress = new Progress(new PrintWriter(text), clock::get, 1000);

        progress.advance(1000);
        progress.finish();

        assertThat(text.toString()).isEmpty();
    }

    @Test
    void aLongBodyIsRedrawnInPlaceAtMostEveryTenthOfASecond() {
        Progress progress = new Progress(new PrintWriter(text), clock::get, 4 << 20);

        progress.advance(1 << 20);
        progress.advance(1 << 20);
        clock.addAndGet(Progress.INTERVAL_NANOS);
        progress.advance(1 << 20);
        progress.advance(1 << 20);
        progress.finish();

        assertThat(text.toString().replace(System.lineSeparator(), "\n")).isEqualTo(
                "\r[#######                       ]  25%    1.0 MiB /    4.0 MiB"
                        + "\r[######################        ]  75%    3.0 MiB /    4.0 MiB"
                        + "\r[##############################] 100%    4.0 MiB /    4.0 MiB\n");
    }

    @Test
    void anUnknownLengthShowsTheOctetsOnceTheyAreMany() {
        Progress progress = new Progress(new PrintWriter(text), clock::get, -1);

        progress.advance(1000);
        progress.advance(3 << 20);
        progress.finish();

        assertThat(text.toString().replace(System.lineSeparator(), "\n")).isEqualTo(
                "\r[                              ]    3.0 MiB\r[                              ]    3.0 MiB\n");
    }
}
