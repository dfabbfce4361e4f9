package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Splits}: every cut point, one octet per piece, pieces that share no array. */
class SplitsTest {

    private static final byte[] INPUT = {1, 2, 3};

    @Test
    void everySplitCutsAtEachOffsetIncludingBothEnds() {
        List<Splits.Split> splits = Splits.everySplit(INPUT);

        assertThat(splits).extracting(Splits.Split::at).containsExactly(0, 1, 2, 3);
        assertThat(octets(splits.get(0).first())).isEmpty();
        assertThat(octets(splits.get(0).second())).containsExactly(1, 2, 3);
        assertThat(octets(splits.get(2).first())).containsExactly(1, 2);
        assertThat(octets(splits.get(2).second())).containsExactly(3);
        assertThat(octets(splits.get(3).second())).isEmpty();
        assertThat(splits.get(1)).hasToString("split at 1 (1 + 2 octets)");
    }

    @Test
    void bytewiseGivesOneOctetPerBuffer() {
        assertThat(Splits.bytewise(INPUT)).extracting(SplitsTest::octets)
                .containsExactly(new byte[] {1}, new byte[] {2}, new byte[] {3});
        assertThat(Splits.bytewise(new byte[0])).isEmpty();
    }

    @Test
    void piecesShareNoArray() {
        Splits.Split split = Splits.everySplit(INPUT).get(1);

        assertThat(split.first().array()).isNotSameAs(split.second().array()).isNotSameAs(INPUT);
        assertThat(split.second().arrayOffset()).isZero();
    }

    @Test
    void feedJoinsWhatTheReceiverReturnsInOrder() {
        List<Byte> seen = Splits.feed(Splits.bytewise(INPUT), piece -> List.of(piece.get(), (byte) -1));

        assertThat(seen).containsExactly((byte) 1, (byte) -1, (byte) 2, (byte) -1, (byte) 3, (byte) -1);
    }

    private static byte[] octets(ByteBuffer buffer) {
        byte[] octets = new byte[buffer.remaining()];
        buffer.duplicate().get(octets);
        return octets;
    }
}
