package dev.h2j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.h2j.frame.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions on the {@link H2Exception}s a connection throws: type, scope, error code and the rule named. */
final class H2Assertions {

    private H2Assertions() {
    }

    /**
     * Asserts that {@code call} throws exactly {@code type} with {@code scope} and {@code code}, and that
     * its message names {@code rule} (for example "RFC 9113 §8.1"); returns the exception for more checks.
     */
    static <T extends H2Exception> T assertH2Exception(ThrowingCallable call, Class<T> type, ErrorScope scope,
            ErrorCode code, String rule) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isExactlyInstanceOf(type);
        T e = type.cast(thrown);
        assertThat(e.scope()).as("scope of %s", e).isEqualTo(scope);
        assertThat(e.errorCode()).as("error code of %s", e).isEqualTo(code);
        assertThat(e.getMessage()).as("message of %s", e).contains(rule);
        return e;
    }

    /** A refused call: scope {@link ErrorScope#CALLER}. */
    static <T extends H2Exception> T assertRefused(ThrowingCallable call, Class<T> type, ErrorCode code, String rule) {
        return assertH2Exception(call, type, ErrorScope.CALLER, code, rule);
    }

    /** A refused call on {@code conn} that queued nothing: drain the connection before the call. */
    static <T extends H2Exception> T assertRefused(H2Connection conn, ThrowingCallable call, Class<T> type,
            ErrorCode code, String rule) {
        T e = assertRefused(call, type, code, rule);
        assertThat(conn.outboundSize()).as("octets queued by a refused call").isZero();
        return e;
    }

    /** A connection error the peer caused: scope {@link ErrorScope#CONNECTION}. */
    static <T extends H2Exception> T assertConnectionError(ThrowingCallable call, Class<T> type, ErrorCode code,
            String rule) {
        return assertH2Exception(call, type, ErrorScope.CONNECTION, code, rule);
    }
}
