package org.vaurien.kafka;

import java.nio.charset.StandardCharsets;

/**
 * A request's header read from its first bytes, by hand rather than with Kafka's classes so that
 * a version newer than theirs still frames: API key, version, correlation id, client id (the
 * same in header versions 1 and 2), and for a Produce its {@code acks}, which says whether a
 * response will come.
 */
record KafkaHead(int apiKey, short version, int correlationId, String clientId, int acks) {
    static final int UNKNOWN = Integer.MIN_VALUE;
    private static final int PRODUCE = 0;
    /** The first Produce version with a flexible (tagged fields, compact strings) layout. */
    private static final int PRODUCE_FLEXIBLE = 9;

    /** The head in {@code b[from..to)}, or null while its fixed part is incomplete; acks is UNKNOWN while its part is. */
    static KafkaHead read(byte[] b, int from, int to) {
        Reader r = new Reader(b, from, to);
        int key = r.int16();
        short version = (short) r.int16();
        int correlationId = r.int32();
        int clientIdLength = r.int16();
        if (r.failed) {
            return null;
        }
        String clientId = null;
        if (clientIdLength >= 0) {
            int at = r.at;
            r.skip(clientIdLength);
            if (r.failed) {
                return null;
            }
            clientId = new String(b, at, clientIdLength, StandardCharsets.UTF_8);
        }
        int acks = key == PRODUCE ? acks(r, version) : -1;
        return new KafkaHead(key, version, correlationId, clientId, acks);
    }

    private static int acks(Reader r, short version) {
        if (version >= PRODUCE_FLEXIBLE) {
            // the header's tagged fields, then a compact nullable transactional id
            long tags = r.uvarint();
            for (long i = 0; i < tags && !r.failed; i++) {
                r.uvarint();
                r.skip(r.uvarint());
            }
            long length = r.uvarint() - 1;
            if (length > 0) {
                r.skip(length);
            }
        } else if (version >= 3) {
            int length = r.int16();
            if (length > 0) {
                r.skip(length);
            }
        }
        int acks = r.int16();
        return r.failed ? UNKNOWN : (short) acks;
    }

    /** Reads big-endian fields; {@code failed} once it would read past {@code to}. */
    private static final class Reader {
        private final byte[] b;
        private final int to;
        int at;
        boolean failed;

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.at = from;
            this.to = to;
        }

        int int16() {
            if (failed || at + 2 > to) {
                failed = true;
                return 0;
            }
            int v = (short) ((b[at] & 0xff) << 8 | b[at + 1] & 0xff);
            at += 2;
            return v;
        }

        int int32() {
            int high = int16();
            int low = int16();
            return high << 16 | low & 0xffff;
        }

        long uvarint() {
            long v = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                if (failed || at >= to) {
                    failed = true;
                    return 0;
                }
                int x = b[at++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if (x < 0x80) {
                    return v;
                }
            }
            failed = true;
            return 0;
        }

        void skip(long n) {
            if (failed || n < 0 || at + n > to) {
                failed = true;
                return;
            }
            at += (int) n;
        }
    }
}
