package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * Frames what a PostgreSQL server sends: the answer to an SSL or GSS request (one byte), the
 * start-up's messages one by one, then each response up to its ReadyForQuery. Notices,
 * parameter changes and notifications that come between responses pass on their own.
 */
final class PgResponseFramer implements Framer {
    private final PostgresConversation conversation;
    private final PgMessages messages = new PgMessages(16);
    private boolean answer;
    private boolean alone;

    PgResponseFramer(PostgresConversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        answer = conversation.encryptionAnswerDue;
        int type = in.get(in.position()) & 0xff;
        alone = answer || !conversation.commandPhase || type == 'N' || type == 'S' || type == 'A';
        return alone ? Kind.PASS : Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (answer) {
            int b = in.get() & 0xff;
            conversation.encryptionAnswerDue = false;
            if (b == 'S' || b == 'G') {
                return Step.raw("the client and the server start " + (b == 'S' ? "TLS" : "GSS encryption")
                        + ", which is passed through as tcp", true);
            }
            return Step.END;
        }
        while (in.hasRemaining()) {
            if (!messages.feed(in)) {
                return Step.MORE;
            }
            if (messages.broken()) {
                return Step.raw("a PostgreSQL message with a length that cannot be one", false);
            }
            if (messages.type() == 'Z') {
                conversation.status = messages.byteAt(0);
                conversation.commandPhase = true;
                return Step.END;
            }
            if (alone) {
                return Step.END;
            }
        }
        return Step.MORE;
    }
}
