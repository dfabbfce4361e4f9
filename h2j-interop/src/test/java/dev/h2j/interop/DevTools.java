package dev.h2j.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of the Chrome DevTools protocol over the browser's WebSocket (JSON messages with an id; a
 * command's answer carries the same id, events carry a method and no id), with flat sessions: a
 * command for a page names the page's session.
 */
final class DevTools implements AutoCloseable {
    /** Reads integral numbers as {@link Long}s, so that a page's report compares with {@code 200L}. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<Map<String, Object>>> answers = new ConcurrentHashMap<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    private record Waiter(String sessionId, String method, CompletableFuture<Map<String, Object>> event) {}

    private DevTools(WebSocket socket) {
        this.socket = socket;
    }

    /** Opens the WebSocket of {@code endpoint} ({@code ws://127.0.0.1:port/devtools/browser/...}). */
    static DevTools connect(URI endpoint, Duration timeout) throws Exception {
        Listener listener = new Listener();
        WebSocket socket = HttpClient.newBuilder().connectTimeout(timeout).build().newWebSocketBuilder()
                .connectTimeout(timeout).buildAsync(endpoint, listener)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        DevTools devTools = new DevTools(socket);
        listener.devTools.complete(devTools);
        return devTools;
    }

    /** Sends a command in a session ({@code null}: to the browser) and returns its answer's future. */
    CompletableFuture<Map<String, Object>> send(String sessionId, String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        answers.put(id, answer);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        synchronized (socket) {
            socket.sendText(write(message), true).join();
        }
        return answer;
    }

    /** Sends a command and waits for its result; a protocol error becomes an exception. */
    Map<String, Object> call(String sessionId, String method, Map<String, Object> params, Duration timeout)
            throws Exception {
        return await(send(sessionId, method, params), method, timeout);
    }

    /** Waits for an answer's result. */
    static Map<String, Object> await(CompletableFuture<Map<String, Object>> answer, String what, Duration timeout)
            throws Exception {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": no answer from Chromium within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw unwrap(e);
        }
    }

    /** What failed a future: an exception to rethrow, or the error itself (a failed assertion) thrown. */
    static Exception unwrap(ExecutionException failed) {
        Throwable cause = failed.getCause();
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof Exception exception ? exception : failed;
    }

    /** A future completed by the next event {@code method} of the session, registered before it can come. */
    CompletableFuture<Map<String, Object>> event(String sessionId, String method) {
        Waiter waiter = new Waiter(sessionId, method, new CompletableFuture<>());
        waiters.add(waiter);
        return waiter.event();
    }

    /** Writes maps, lists, strings, numbers, booleans and null as JSON. */
    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not writable as JSON: " + value, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DevTools sent a message that is not JSON: " + text, e);
        }
    }

    @SuppressWarnings("unchecked")
    private void received(String text) {
        Map<String, Object> message = read(text);
        Object id = message.get("id");
        if (id != null) {
            CompletableFuture<Map<String, Object>> answer = answers.remove(((Number) id).intValue());
            if (answer == null) {
                return;
            }
            Object error = message.get("error");
            if (error != null) {
                answer.completeExceptionally(new IllegalStateException("DevTools error: " + write(error)));
            } else {
                answer.complete((Map<String, Object>) message.get("result"));
            }
            return;
        }
        for (Waiter waiter : waiters) {
            if (waiter.method().equals(message.get("method"))
                    && Objects.equals(waiter.sessionId(), message.get("sessionId"))) {
                waiters.remove(waiter);
                waiter.event().complete((Map<String, Object>) message.get("params"));
            }
        }
    }

    private void closed(Throwable cause) {
        IllegalStateException gone = new IllegalStateException("the DevTools connection closed", cause);
        answers.values().forEach(answer -> answer.completeExceptionally(gone));
        waiters.forEach(waiter -> waiter.event().completeExceptionally(gone));
    }

    @Override
    public void close() {
        socket.abort();
    }

    private static final class Listener implements WebSocket.Listener {
        final CompletableFuture<DevTools> devTools = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                devTools.join().received(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            devTools.join().closed(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            devTools.join().closed(error);
        }
    }
}
