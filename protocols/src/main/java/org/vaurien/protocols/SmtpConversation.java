package org.vaurien.protocols;

import java.nio.charset.StandardCharsets;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * One SMTP session. A 354 reply announces the DATA block; the block and its reply pass as they
 * are, since a server waiting for the terminating dot cannot be left without it: an error for
 * a mail lands on its DATA command instead.
 */
final class SmtpConversation extends FramedConversation {
    private final SmtpRequestFramer requests = new SmtpRequestFramer(this);
    private final SmtpResponseFramer responses = new SmtpResponseFramer(this);
    private final int errorCode;
    /** Whether EHLO, STARTTLS, AUTH... are drawn by the mix like any command. */
    final boolean drawsHandshakes;
    /** The server said 334: the client's next line answers its AUTH challenge. */
    boolean authContinues;
    /** The server said 354: the client's next bytes are the mail. */
    boolean dataAnnounced;
    /** The mail was sent: the next reply answers it, not a command. */
    boolean dataReplyDue;

    SmtpConversation(int errorCode, boolean drawsHandshakes, Protocol.Context context) {
        super(context);
        this.drawsHandshakes = drawsHandshakes;
        this.errorCode = errorCode;
        framedBy(requests, responses);
    }

    @Override
    public Reply error() {
        String text;
        switch (errorCode) {
            case 421: text = "421 4.3.2 Service not available, closing transmission channel (Vaurien)"; break;
            case 451: text = "451 4.3.0 Requested action aborted: local error in processing (Vaurien)"; break;
            case 452: text = "452 4.3.1 Insufficient system storage (Vaurien)"; break;
            case 554: text = "554 5.3.0 Transaction failed (Vaurien)"; break;
            default: text = errorCode + " " + (errorCode / 100) + ".0.0 Vaurien injected this error"; break;
        }
        return Reply.of((text + "\r\n").getBytes(StandardCharsets.US_ASCII), errorCode == 421);
    }
}
