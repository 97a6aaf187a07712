package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * Frames memcached replies: a line; VALUE lines and their data blocks up to END for
 * retrievals; STAT and other lines up to END for stats; VA and its data block for meta gets.
 */
final class MemcacheResponseFramer implements Framer {
    private final MemcacheConversation conversation;
    private final Line line;
    private MemcacheConversation.Expect expect;
    private long dataLeft;
    private boolean inData;
    private boolean dataEndsReply;

    MemcacheResponseFramer(MemcacheConversation conversation) {
        this.line = conversation.line(64 * 1024);
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        MemcacheConversation.Expect next = conversation.sent.peek();
        expect = next == null ? MemcacheConversation.Expect.LINE : next;
        return Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (inData) {
                long n = Math.min(dataLeft, in.remaining());
                in.position(in.position() + (int) n);
                dataLeft -= n;
                if (dataLeft > 0) {
                    return Step.MORE;
                }
                inData = false;
                if (dataEndsReply) {
                    return ended();
                }
                continue;
            }
            Line.Fed fed = line.feed(in);
            if (fed == Line.Fed.MORE) {
                return Step.MORE;
            }
            if (fed == Line.Fed.TOO_LONG) {
                return line.tooLong("a reply line", "memcached's text protocol");
            }
            Step step = replyLine();
            line.reset();
            if (step != null) {
                return step;
            }
        }
        return Step.MORE;
    }

    private Step replyLine() {
        if (line.startsWithIgnoreCase("VALUE ")) {
            return block(lastNumberOfValue(), false);
        }
        if (line.startsWithIgnoreCase("VA ")) {
            return block(line.number(3), true);
        }
        if (expect == MemcacheConversation.Expect.UNTIL_END && !line.startsWithIgnoreCase("END")
                && !isError()) {
            return null;
        }
        return ended();
    }

    private boolean isError() {
        return line.startsWithIgnoreCase("ERROR") || line.startsWithIgnoreCase("CLIENT_ERROR")
                || line.startsWithIgnoreCase("SERVER_ERROR");
    }

    /** VALUE key flags bytes [cas]: the byte count is the fourth word. */
    private long lastNumberOfValue() {
        int spaces = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.at(i) == ' ' && (i == 0 || line.at(i - 1) != ' ') && ++spaces == 3) {
                return line.number(i + 1);
            }
        }
        return -1;
    }

    private Step block(long bytes, boolean endsReply) {
        if (bytes < 0) {
            return Step.raw("bytes that are not memcached's text protocol (a value without a byte count)", false);
        }
        inData = true;
        dataLeft = bytes + 2;
        dataEndsReply = endsReply;
        return null;
    }

    private Step ended() {
        conversation.sent.poll();
        return Step.END;
    }
}
