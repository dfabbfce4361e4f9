package dev.h2j.fuzz;

import dev.h2j.H2Configuration;
import dev.h2j.Limits;

/**
 * The connection a raw-octets target fuzzes, chosen by the first input octet so that the fuzzer reaches
 * the limits as well as the defaults.
 *
 * <ul>
 *   <li>bits 0-1, the limits: {@link Limits#defaults()}; small (3 streams, 16 self-queued control
 *       frames, a 256-octet HPACK table, a 512-octet header list, 100-octet windows, 4 remembered
 *       resets); none (0 streams, 1 control frame, no HPACK table, an empty header list, shut windows);
 *       or large (1000 streams, 2^24-1-octet frames, a 64 KiB table, 2^31-1-octet windows);</li>
 *   <li>bit 2: inbound header validation and normalisation off;</li>
 *   <li>bit 3: push accepted (clients), extended CONNECT on (servers);</li>
 *   <li>bits 4-5, how the rest of the input is fed: whole, or in chunks of 1, 7 or 64 octets;</li>
 *   <li>bit 6: whether the output is drained after each chunk, as a writer keeping up would.</li>
 * </ul>
 *
 * @param config the connection's configuration
 * @param chunk the size of each {@code receiveData} call, in octets; 0 for the whole input at once
 * @param drain whether to take the output after each call
 */
record Setup(H2Configuration config, int chunk, boolean drain) {

    private static final int[] CHUNKS = {0, 1, 7, 64};

    static Setup of(byte choice, boolean client) {
        H2Configuration config = (client ? H2Configuration.client() : H2Configuration.server())
                .withLimits(limits(choice & 3));
        if ((choice & 4) != 0) {
            config = config.withValidateInboundHeaders(false).withNormalizeInboundHeaders(false);
        }
        if ((choice & 8) != 0) {
            config = client ? config.withEnablePush(true) : config.withEnableConnectProtocol(true);
        }
        return new Setup(config, CHUNKS[(choice >>> 4) & 3], (choice & 0x40) != 0);
    }

    static Limits limits(int which) {
        Limits defaults = Limits.defaults();
        switch (which) {
            case 1:
                return defaults.withMaxConcurrentStreams(3).withMaxQueuedControlFrames(16).withHeaderTableSize(256)
                        .withMaxHeaderListSize(512).withInitialWindowSize(100).withRecentlyResetStreams(4);
            case 2:
                return defaults.withMaxConcurrentStreams(0).withMaxQueuedControlFrames(1).withHeaderTableSize(0)
                        .withMaxHeaderListSize(0).withInitialWindowSize(0).withRecentlyResetStreams(1);
            case 3:
                return defaults.withMaxConcurrentStreams(1000).withMaxFrameSize(16_777_215)
                        .withHeaderTableSize(65_536).withInitialWindowSize(Integer.MAX_VALUE);
            default:
                return defaults;
        }
    }
}
