package dev.h2j.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The id table keeps exactly what a map by id would, through growth and backward-shift removal. */
class IdTableTest {

    /** An entry: what the core keeps by stream id. */
    private record Stream(int id) implements IdTable.Keyed {
    }

    private static Stream stream(int id) {
        return new Stream(id);
    }

    @Test
    void anEmptyTableFindsNothingAndTakesItsFirstStream() {
        IdTable<Stream> streams = new IdTable<>();
        assertThat(streams.get(1)).isNull();
        assertThat(streams.remove(1)).isNull();
        assertThat(streams.values()).isEmpty();
        streams.put(stream(1));
        assertThat(streams.get(1).id()).isEqualTo(1);
        assertThat(streams.remove(1).id()).isEqualTo(1);
        assertThat(streams.get(1)).isNull();
    }

    @Test
    void putGetAndRemove() {
        IdTable<Stream> streams = new IdTable<>();
        Stream one = stream(1);
        streams.put(one);
        assertThat(streams.get(1)).isSameAs(one);
        assertThat(streams.contains(3)).isFalse();
        assertThat(streams.remove(3)).isNull();
        assertThat(streams.remove(1)).isSameAs(one);
        assertThat(streams.get(1)).isNull();
        assertThat(streams.size()).isZero();
    }

    @Test
    void agreesWithAHashMapThroughRandomChurn() {
        IdTable<Stream> streams = new IdTable<>();
        Map<Integer, Stream> reference = new HashMap<>();
        Random random = new Random(7);
        for (int step = 0; step < 200_000; step++) {
            // Ids from a small range, so that runs collide, wrap around the table and get removed from.
            int id = 1 + random.nextInt(2_000);
            if (reference.containsKey(id)) {
                assertThat(streams.remove(id)).isSameAs(reference.remove(id));
            } else {
                Stream s = stream(id);
                streams.put(s);
                reference.put(id, s);
            }
            int probe = 1 + random.nextInt(2_000);
            assertThat(streams.get(probe)).isSameAs(reference.get(probe));
            assertThat(streams.size()).isEqualTo(reference.size());
        }
        assertThat(streams.values()).containsExactlyInAnyOrderElementsOf(reference.values());
    }

    @Test
    void holdsAMillionSequentialIdsAndLetsThemGo() {
        IdTable<Stream> streams = new IdTable<>();
        for (int id = 1; id < 2_000_000; id += 2) {
            streams.put(stream(id));
        }
        assertThat(streams.size()).isEqualTo(1_000_000);
        assertThat(streams.get(1_999_999).id()).isEqualTo(1_999_999);
        for (int id = 1; id < 2_000_000; id += 2) {
            assertThat(streams.remove(id)).isNotNull();
        }
        assertThat(streams.size()).isZero();
        assertThat(streams.values()).isEmpty();
    }
}
