package dev.h2j.io.server;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A logger that keeps what it is told, so tests can assert on it (and the build output stays quiet); the
 * server tests and the attack tests ({@code dev.h2j.io.server.attacks}) share it.
 */
public final class RecordingLogger implements System.Logger {
    /** One logged message. */
    record Entry(Level level, String message, Throwable thrown) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** The messages logged at {@code level} or above, each with its exception if it had one. */
    public List<String> atLeast(Level level) {
        return entries.stream().filter(e -> e.level().getSeverity() >= level.getSeverity())
                .map(e -> e.message() + (e.thrown() == null ? "" : ": " + e.thrown())).collect(Collectors.toList());
    }

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        entries.add(new Entry(level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        entries.add(new Entry(level, params == null ? format : MessageFormat.format(format, params), null));
    }
}
