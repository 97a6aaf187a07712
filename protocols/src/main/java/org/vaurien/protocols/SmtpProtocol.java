package org.vaurien.protocols;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/**
 * SMTP: the greeting, command lines and their (multi-line) replies, the DATA block, BDAT chunks,
 * PIPELINING; STARTTLS and implicit TLS go on as tcp. The error is a 4xx/5xx reply in the
 * dialogue's place (421 also closes the connection, as a server does).
 */
public final class SmtpProtocol implements Protocol {
    static final Option<Integer> ERROR = Option.integer("error",
            "the injected reply code: 421 (closes), 451, 452, 554...", 451, 400, 599);
    static final Option<Boolean> FAULT_HANDSHAKES = Option.bool("fault_handshakes",
            "draw the session's set-up commands too (EHLO, HELO, LHLO, STARTTLS, AUTH and its continuations),"
            + " which otherwise pass so that clients can log in", false);

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public String description() {
        return "SMTP; each command and its reply are an exchange; the error is a 421/451/554 reply";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR, FAULT_HANDSHAKES);
    }

    /** {@code command}: the command's first word (MAIL, RCPT, DATA...). */
    @Override
    public List<String> matchFields() {
        return List.of("command");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new SmtpConversation(options.get(ERROR), options.get(FAULT_HANDSHAKES), context);
    }
}
