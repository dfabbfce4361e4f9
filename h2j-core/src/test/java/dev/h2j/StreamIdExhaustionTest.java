package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** RFC 9113 §5.1.1: stream ids are never reused; once 2^31-1 is used, a new connection is needed. */
class StreamIdExhaustionTest {

    @Test
    void afterTheLastOddStreamIdNoStreamCanBeOpened() {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        client.sendHeaders(Integer.MAX_VALUE, Headers.request("GET", "https", "example.com", "/").build(), true);
        assertThat(client.openOutboundStreams()).isEqualTo(1);

        assertThatThrownBy(client::nextAvailableStreamId).isInstanceOfSatisfying(NoAvailableStreamIdException.class,
                e -> assertThat(e.scope()).isEqualTo(ErrorScope.CALLER));
        int queued = client.outboundSize();
        assertThatThrownBy(() -> client.sendHeaders(5, Headers.request("GET", "https", "example.com", "/").build(),
                true)).isInstanceOf(NoAvailableStreamIdException.class).hasMessageContaining("RFC 9113 §5.1.1");
        assertThat(client.outboundSize()).isEqualTo(queued);
    }

    @Test
    void aLowerIdThanOneAlreadyUsedIsTooLow() {
        H2Connection client = new H2Connection(H2Configuration.client());
        client.initiateConnection();
        client.sendHeaders(7, Headers.request("GET", "https", "example.com", "/").build(), true);
        assertThat(client.nextAvailableStreamId()).isEqualTo(9);
        assertThatThrownBy(() -> client.sendHeaders(3, Headers.request("GET", "https", "example.com", "/").build(),
                true)).isInstanceOfSatisfying(StreamIdTooLowException.class, e -> {
                    assertThat(e.streamId()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("RFC 9113 §5.1.1");
                });
    }
}
