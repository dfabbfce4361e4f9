package dev.h2j.io.server.attacks;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** The server's logger in the attack tests: keeps what it is told, so tests assert on it and the build stays quiet. */
final class Log implements System.Logger {
    /** One logged message. */
    record Entry(Level level, String message, Throwable thrown) {
    }

    final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** The messages logged at {@code level} or above. */
    List<String> atLeast(Level level) {
        return entries.stream().filter(e -> e.level().getSeverity() >= level.getSeverity())
                .map(e -> e.message() + (e.thrown() == null ? "" : ": " + e.thrown())).collect(Collectors.toList());
    }

    @Override
    public String getName() {
        return "attack-tests";
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
