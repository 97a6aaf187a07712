package org.vaurien.protocols;

import java.nio.ByteBuffer;

/** Recognises a TLS ClientHello, so a conversation that starts TLS is passed on as tcp. */
final class Tls {
    static final String REASON = "it speaks TLS and no certificate is configured, so it is passed through as tcp";

    private Tls() {
    }

    /** A TLS handshake record (0x16) of version 3.x at the buffer's position. */
    static boolean startsHandshake(ByteBuffer in) {
        int p = in.position();
        if (in.get(p) != 0x16) {
            return false;
        }
        return in.limit() - p < 2 || in.get(p + 1) == 0x03;
    }
}
