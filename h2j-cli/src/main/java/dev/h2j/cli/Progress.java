package dev.h2j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar for one long response body, redrawn in place on standard error with a carriage
 * return: {@code [#########           ]  45%   7.2 MiB / 16.0 MiB}. It appears only once the body is
 * known (content-length) or seen to be at least {@link #LONG} octets, and redraws at most every
 * {@link #INTERVAL_NANOS}.
 */
final class Progress {
    /** Bodies shorter than this get no bar. */
    static final long LONG = 1 << 20;
    /** The shortest time between two redraws. */
    static final long INTERVAL_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long total;
    private long received;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    /**
     * A bar for a body of {@code total} octets (-1 when unknown), drawn on {@code err}.
     */
    Progress(PrintWriter err, LongSupplier nanoTime, long total) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.total = total;
    }

    /** Whether standard error is a terminal, so a bar redrawn in place makes sense there. */
    static boolean stderrIsTerminal() {
        try {
            // Linux names the terminal behind each descriptor; a pipe or a file is no terminal.
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** Counts octets written and redraws the bar if it is time. */
    void advance(long octets) {
        received += octets;
        long now = nanoTime.getAsLong();
        if ((total >= LONG || received >= LONG) && (!drawn || now - lastDraw >= INTERVAL_NANOS)) {
            draw();
            lastDraw = now;
        }
    }

    /** Draws the final state and ends the line, if a bar was drawn at all. */
    void finish() {
        if (drawn) {
            draw();
            err.println();
            err.flush();
        }
    }

    private void draw() {
        StringBuilder line = new StringBuilder("\r[");
        if (total > 0) {
            int filled = (int) Math.min(WIDTH, received * WIDTH / total);
            line.append("#".repeat(filled)).append(" ".repeat(WIDTH - filled)).append("] ")
                    .append(String.format(Locale.ROOT, "%3d%% ", Math.min(100, received * 100 / total)))
                    .append(mebibytes(received)).append(" / ").append(mebibytes(total));
        } else {
            line.append(" ".repeat(WIDTH)).append("] ").append(mebibytes(received));
        }
        err.print(line);
        err.flush();
        drawn = true;
    }

    private static String mebibytes(long octets) {
        return String.format(Locale.ROOT, "%6.1f MiB", octets / 1048576.0);
    }
}
