package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/** Frames SMTP replies: lines "250-..." go on, "250 ..." ends the reply; the greeting passes. */
final class SmtpResponseFramer implements Framer {
    private final SmtpConversation conversation;
    private final Line line;
    private boolean greeted;

    SmtpResponseFramer(SmtpConversation conversation) {
        this.line = conversation.line(64 * 1024);
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        if (!greeted) {
            return Kind.PASS;
        }
        if (conversation.dataReplyDue) {
            conversation.dataReplyDue = false;
            return Kind.PASS;
        }
        return Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            Line.Fed fed = line.feed(in);
            if (fed == Line.Fed.MORE) {
                return Step.MORE;
            }
            if (fed == Line.Fed.TOO_LONG) {
                return line.tooLong("a reply line", "SMTP replies");
            }
            if (!isReply()) {
                line.reset();
                return Step.raw("bytes that are not SMTP replies (a line that does not start with a three-digit code)", false);
            }
            boolean last = line.length() == 3 || line.at(3) != '-';
            boolean startsData = last && line.startsWithIgnoreCase("354");
            // a 334 asks for the next step of an AUTH exchange, which is part of the set-up too
            conversation.authContinues = last && line.startsWithIgnoreCase("334");
            line.reset();
            if (last) {
                greeted = true;
                conversation.dataAnnounced |= startsData;
                return Step.END;
            }
        }
        return Step.MORE;
    }

    private boolean isReply() {
        if (line.length() < 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (line.at(i) < '0' || line.at(i) > '9') {
                return false;
            }
        }
        return line.length() == 3 || line.at(3) == ' ' || line.at(3) == '-';
    }
}
