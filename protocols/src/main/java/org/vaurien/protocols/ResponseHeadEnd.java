package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Stage;

/**
 * Finds where a response's head ends in the bytes of one response, read in pieces: the blank
 * line after its headers, past any interim 1xx heads (100 Continue), so that a stage can treat
 * the body apart from the head.
 */
final class ResponseHeadEnd {
    /** Bytes of the current head seen so far, up to the status code's first digit. */
    private int seen;
    private boolean interim;
    /** Line feeds with nothing but CR between them, at the end of the bytes seen: 2 ends a head. */
    private int lfs;
    private boolean done;

    /** Whether the final head has ended (the rest is body). */
    boolean done() {
        return done;
    }

    /**
     * Sends on the part of {@code bytes} that is head, as it is; true when the body starts in
     * these bytes, which are then positioned at its first byte (or at their end).
     */
    boolean passHead(ByteBuffer bytes, long atNanos, Stage.Output out) {
        int end = find(bytes);
        if (end < 0) {
            out.data(bytes, atNanos);
            return false;
        }
        int limit = bytes.limit();
        bytes.limit(end);
        out.data(bytes, atNanos);
        bytes.limit(limit).position(end);
        return true;
    }

    /**
     * Scans {@code bytes} from its position (not moving it): the index just past the final
     * head's end, or -1 when the head goes on past these bytes.
     */
    int find(ByteBuffer bytes) {
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            byte b = bytes.get(i);
            if (seen == 9) {
                interim = b == '1';
            }
            seen++;
            if (b == '\n') {
                lfs++;
                if (lfs == 2) {
                    if (!interim) {
                        done = true;
                        return i + 1;
                    }
                    seen = 0;
                    lfs = 0;
                    interim = false;
                }
            } else if (b != '\r') {
                lfs = 0;
            }
        }
        return -1;
    }
}
