package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/** Frames what an SMTP client sends: command lines, BDAT chunks, and the DATA block up to its dot. */
final class SmtpRequestFramer implements Framer {
    private enum State { LINE, CHUNK, DATA }

    private final SmtpConversation conversation;
    private final Line line;
    private State state = State.LINE;
    private long chunkLeft;
    /** In a DATA block: 0 at a line start, then how much of ".\r\n" was seen. */
    private int dot;
    private boolean lineStart = true;
    private boolean tls;
    /** The current command sets the session up (EHLO, STARTTLS, AUTH and its answers to 334). */
    private boolean handshake;
    private boolean authAnswer;
    /** The command's first word, for a matcher. */
    private final byte[] command = new byte[16];
    private int commandLength;
    private static final String[] HANDSHAKES = {"EHLO", "HELO", "LHLO", "STARTTLS", "AUTH"};
    private static final Step TLS = Step.raw("the client started TLS (STARTTLS, or SMTPS) and no certificate is"
            + " configured, so it is passed through as tcp", true);

    SmtpRequestFramer(SmtpConversation conversation) {
        this.line = conversation.line(64 * 1024);
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        tls = Tls.startsHandshake(in);
        if (tls) {
            return Kind.PASS;
        }
        if (conversation.dataAnnounced) {
            conversation.dataAnnounced = false;
            state = State.DATA;
            lineStart = true;
            dot = 0;
            return Kind.PASS;
        }
        state = State.LINE;
        handshake = false;
        authAnswer = conversation.authContinues;
        conversation.authContinues = false;
        return Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (tls) {
            return TLS;
        }
        while (in.hasRemaining()) {
            switch (state) {
                case DATA:
                    if (data(in)) {
                        conversation.dataReplyDue = true;
                        return Step.END;
                    }
                    return Step.MORE;
                case CHUNK: {
                    long n = Math.min(chunkLeft, in.remaining());
                    in.position(in.position() + (int) n);
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        return Step.END;
                    }
                    return Step.MORE;
                }
                default: {
                    Line.Fed fed = line.feed(in);
                    if (fed == Line.Fed.MORE) {
                        return Step.MORE;
                    }
                    if (fed == Line.Fed.TOO_LONG) {
                        return line.tooLong("a command line", "SMTP");
                    }
                    boolean bdat = line.startsWithIgnoreCase("BDAT ");
                    long size = bdat ? line.number(5) : 0;
                    handshake = authAnswer || isHandshakeCommand();
                    commandLength = 0;
                    for (int i = 0; i < line.length() && commandLength < command.length; i++) {
                        byte b = line.at(i);
                        if (b == ' ' || b == '\r' || b == '\n') {
                            break;
                        }
                        command[commandLength++] = b;
                    }
                    line.reset();
                    if (size > 0) {
                        chunkLeft = size;
                        state = State.CHUNK;
                        return Step.HEAD;
                    }
                    return Step.END;
                }
            }
        }
        return Step.MORE;
    }

    private boolean isHandshakeCommand() {
        for (String command : HANDSHAKES) {
            if (line.startsWithIgnoreCase(command)) {
                return true;
            }
        }
        return false;
    }

    /** A command is decided once its line was read: the session's set-up passes. */
    @Override
    public boolean decidesAtHead() {
        return state == State.LINE && !tls;
    }

    @Override
    public String field(String name) {
        return name.equals("command") && state != State.DATA && commandLength > 0
                ? new String(command, 0, commandLength, java.nio.charset.StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT)
                : null;
    }

    @Override
    public boolean isHandshake() {
        return handshake && !conversation.drawsHandshakes;
    }

    /** Consumes mail text; true at the end of the line that holds only a dot. */
    private boolean data(ByteBuffer in) {
        int limit = in.limit();
        for (int i = in.position(); i < limit; i++) {
            byte b = in.get(i);
            if (dot == 1 && b == '\r' || dot == 1 && b == '\n' || dot == 2 && b == '\n') {
                if (b == '\n') {
                    in.position(i + 1);
                    return true;
                }
                dot = 2;
                continue;
            }
            dot = lineStart && b == '.' ? 1 : 0;
            lineStart = b == '\n';
        }
        in.position(limit);
        return false;
    }
}
