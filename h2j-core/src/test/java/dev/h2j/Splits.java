package dev.h2j;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Input cut into pieces for split-anywhere tests: a scenario replayed one octet per call, and cut in
 * two at every point, must produce the same events as the whole input. Each piece is a fresh array, so
 * a receiver that keeps a reference to an earlier piece is not rescued by a shared backing array.
 */
final class Splits {

    private Splits() {
    }

    /** {@code input} cut in two at {@code at}; either part may be empty. Its buffers are read once. */
    record Split(int at, ByteBuffer first, ByteBuffer second) {

        List<ByteBuffer> parts() {
            return List.of(first, second);
        }

        @Override
        public String toString() {
            return "split at " + at + " (" + first.remaining() + " + " + second.remaining() + " octets)";
        }
    }

    /** Every cut of {@code input} in two, at 0 through {@code input.length} inclusive. */
    static List<Split> everySplit(byte[] input) {
        List<Split> splits = new ArrayList<>(input.length + 1);
        for (int at = 0; at <= input.length; at++) {
            splits.add(new Split(at, piece(input, 0, at), piece(input, at, input.length)));
        }
        return splits;
    }

    /** {@code input} as one-octet buffers, in order. */
    static List<ByteBuffer> bytewise(byte[] input) {
        List<ByteBuffer> pieces = new ArrayList<>(input.length);
        for (int i = 0; i < input.length; i++) {
            pieces.add(piece(input, i, i + 1));
        }
        return pieces;
    }

    /** Hands each piece to {@code receiver} in order and joins what it returns: {@code feed(pieces, peer::read)}. */
    static <T> List<T> feed(List<ByteBuffer> pieces,
            Function<ByteBuffer, ? extends Collection<? extends T>> receiver) {
        List<T> results = new ArrayList<>();
        for (ByteBuffer piece : pieces) {
            results.addAll(receiver.apply(piece));
        }
        return results;
    }

    private static ByteBuffer piece(byte[] input, int from, int to) {
        return ByteBuffer.wrap(Arrays.copyOfRange(input, from, to));
    }
}
