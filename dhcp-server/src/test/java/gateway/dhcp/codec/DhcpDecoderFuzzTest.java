package gateway.dhcp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 120,000 random and mutated real packets: the decoder either returns a message that survives
 * an encode/decode round trip or throws its typed exception, never anything else. Seeded, so a
 * failure reproduces.
 */
class DhcpDecoderFuzzTest {
    private static final int RUNS = 120_000;

    @Test
    void noExceptionEscapesAndAcceptedMessagesRoundTrip() {
        Random random = new Random(0x0d4c9);
        byte[][] seeds = Packets.CAPTURED.stream().map(Packets::load).toArray(byte[][]::new);
        Map<DhcpParseException.Reason, Integer> reasons = new EnumMap<>(DhcpParseException.Reason.class);
        int accepted = 0;
        for (int run = 0; run < RUNS; run++) {
            byte[] input = run % 10 == 0 ? randomBytes(random) : mutate(random, seeds[random.nextInt(seeds.length)]);
            DhcpMessage m;
            try {
                m = DhcpDecoder.decode(input);
            } catch (DhcpParseException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError("run " + run + " escaped with " + e, e);
            }
            accepted++;
            byte[] again = DhcpEncoder.encode(m);
            try {
                DhcpMessage back = DhcpDecoder.decode(again);
                if (back.options().codes().equals(m.options().codes())) {
                    assertThat(back).as("run %d", run).isEqualTo(m);
                }
            } catch (DhcpParseException e) {
                throw new AssertionError("run " + run + ": our own encoding did not decode: " + e, e);
            }
        }
        // Both outcomes must really occur, or the mutations are too weak (or too strong) to test anything.
        assertThat(accepted).isGreaterThan(RUNS / 20);
        assertThat(reasons.keySet()).contains(DhcpParseException.Reason.TRUNCATED, DhcpParseException.Reason.BAD_OPTION_LENGTH,
                DhcpParseException.Reason.MISSING_MAGIC_COOKIE, DhcpParseException.Reason.OVERSIZED);
    }

    private static byte[] randomBytes(Random random) {
        byte[] b = new byte[random.nextInt(1600)];
        random.nextBytes(b);
        if (b.length >= 240 && random.nextBoolean()) {
            b[0] = 1;
            b[1] = 1;
            b[2] = 6;
            System.arraycopy(DhcpDecoder.MAGIC_COOKIE, 0, b, 236, 4);
        }
        return b;
    }

    private static byte[] mutate(Random random, byte[] seed) {
        byte[] b = seed.clone();
        switch (random.nextInt(6)) {
            case 0 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 1)); // truncate
            case 1 -> b = java.util.Arrays.copyOf(b, b.length + random.nextInt(1400)); // extend with zeros
            case 2 -> b[240 + random.nextInt(b.length - 240)] = (byte) random.nextInt(256); // option area byte
            case 3 -> { // overload with random option soup in sname/file
                b[240 + random.nextInt(20)] = 52;
                for (int i = 44; i < 236; i++) {
                    b[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(8));
                }
            }
            default -> {
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
        }
        return b;
    }
}
