package org.vaurien.spi;

import java.nio.ByteBuffer;

/**
 * A response the proxy sends itself in place of the backend's.
 *
 * @param bytes what the client receives
 * @param closeAfter whether the client's connection is closed once it was sent (an HTTP error
 *                   that says {@code Connection: close}, an SMTP 421)
 */
public record Reply(ByteBuffer bytes, boolean closeAfter) {
    public static Reply of(byte[] bytes, boolean closeAfter) {
        return new Reply(ByteBuffer.wrap(bytes).asReadOnlyBuffer(), closeAfter);
    }
}
