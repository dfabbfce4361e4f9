package dev.h2j.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.h2j.hpack.HeaderField;
import dev.h2j.hpack.HeaderListSizeException;
import dev.h2j.hpack.HpackDecoder;
import dev.h2j.hpack.HpackEncoder;
import dev.h2j.hpack.HpackException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes {@link HpackDecoder} with arbitrary header blocks, decoded in order with one decoder as a
 * connection does, including small and empty dynamic tables and SETTINGS_HEADER_TABLE_SIZE changes
 * between blocks.
 *
 * <p>Input layout: octet 0 chooses the decoder's table size (bits 0-2, from {@link #TABLE_SIZES}) and
 * header list budget (bits 3-4, from {@link #LIST_BUDGETS}). Then blocks, each a flags octet, a 16-bit
 * big-endian length and that many octets (fewer if the input ends first); flags bit 0 applies a new
 * table size, {@code TABLE_SIZES[(flags >>> 1) & 7]}, before the block, as an acknowledged SETTINGS
 * would.
 *
 * <p>Checks: the decoder throws nothing but {@link HpackException}; after a {@link HeaderListSizeException}
 * it goes on (a stream error), after any other it is done (COMPRESSION_ERROR ends the connection); a
 * block that decodes stays within the budget, and one over it delivered fields only up to the budget
 * (RFC 9113 §6.5.2); every decoded list encodes with {@link HpackEncoder} and decodes back to the same
 * names and values, sensitive fields staying sensitive (RFC 7541 §7.1.3).
 */
class HpackDecoderFuzzTest {

    static final int[] TABLE_SIZES = {4096, 0, 1, 64, 256, 1365, 2730, 65_536};
    static final int[] LIST_BUDGETS = {16_384, 0, 100, Integer.MAX_VALUE};

    @FuzzTest
    @Timeout(10)
    void decodesBlocksInOrder(byte[] input) {
        if (input.length == 0) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(input);
        int config = in.get() & 0xff;
        int budget = LIST_BUDGETS[(config >>> 3) & 3];
        HpackDecoder decoder = new HpackDecoder(TABLE_SIZES[config & 7], budget);
        while (in.remaining() >= 3) {
            int flags = in.get() & 0xff;
            int length = Math.min(in.getShort() & 0xffff, in.remaining());
            ByteBuffer block = in.slice().limit(length);
            in.position(in.position() + length);
            if ((flags & 1) != 0) {
                decoder.setMaxTableSize(TABLE_SIZES[(flags >>> 1) & 7]);
            }
            List<HeaderField> fields = new ArrayList<>();
            try {
                decoder.decode(block, fields::add);
            } catch (HeaderListSizeException e) {
                requireWithin(fields, budget, "delivered before the budget ran out");
                if (block.hasRemaining()) {
                    throw new AssertionError("a block over budget was not decoded to its end");
                }
                continue;
            } catch (HpackException e) {
                return;
            }
            if (block.hasRemaining()) {
                throw new AssertionError("decode left " + block.remaining() + " octets of the block");
            }
            requireWithin(fields, budget, "decoded");
            requireRoundTrip(fields);
        }
    }

    private static void requireWithin(List<HeaderField> fields, int budget, String what) {
        long size = 0;
        for (HeaderField field : fields) {
            size += field.size();
        }
        if (size > budget) {
            throw new AssertionError("RFC 9113 §6.5.2: " + size + " octets of fields " + what + ", budget " + budget);
        }
    }

    private static void requireRoundTrip(List<HeaderField> fields) {
        List<HeaderField> again = new HpackDecoder(4096, Integer.MAX_VALUE)
                .decode(ByteBuffer.wrap(new HpackEncoder().encode(fields)));
        if (!again.equals(fields)) {
            throw new AssertionError("re-encoded " + fields + " decodes as " + again);
        }
        for (int i = 0; i < fields.size(); i++) {
            // The encoder's policy may protect more fields (short cookies), never fewer.
            if (fields.get(i).sensitive() && !again.get(i).sensitive()) {
                throw new AssertionError("RFC 7541 §7.1.3: sensitive " + fields.get(i) + " lost its protection");
            }
        }
    }
}
