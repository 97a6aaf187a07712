package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.util.Locale;
import org.vaurien.spi.Framer;

/**
 * Frames what a PostgreSQL client sends. During the start-up each message passes as it is; then
 * a simple query ('Q'), a function call ('F') or a run of extended query messages (Parse, Bind,
 * Describe, Execute, Close...) up to its Sync is a request. COPY data and Terminate pass.
 */
final class PgRequestFramer implements Framer {
    /** The SQL a matcher sees: the first 4 KB of a query or a prepared statement. */
    private static final int SQL_KEPT = 4096;
    private final PostgresConversation conversation;
    private final PgMessages messages = new PgMessages(SQL_KEPT + 64);
    private boolean exchange;
    private boolean first;
    private String sql;

    PgRequestFramer(PostgresConversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        messages.untyped(conversation.untypedNext);
        first = true;
        sql = null;
        if (!conversation.commandPhase) {
            exchange = false;
            return Kind.PASS;
        }
        int type = in.get(in.position()) & 0xff;
        // a length that cannot be one, when it is already here: no exchange is drawn for bytes that go on as tcp
        boolean broken = in.remaining() >= 5 && in.getInt(in.position() + 1) < 4;
        exchange = !broken && type != 'd' && type != 'c' && type != 'f' && type != 'X' && type != 'H';
        return exchange ? Kind.EXCHANGE : Kind.PASS;
    }

    @Override
    public boolean decidesAtHead() {
        return conversation.commandPhase;
    }

    @Override
    public Step scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (!messages.feed(in)) {
                return Step.MORE;
            }
            if (messages.broken()) {
                return Step.raw("a PostgreSQL message with a length that cannot be one", false);
            }
            if (!exchange) {
                return startUp();
            }
            int type = messages.type();
            boolean wasFirst = first;
            if (first) {
                first = false;
                sql = sqlOf(type);
            }
            remember(type);
            if (type == 'Q' || type == 'S' || type == 'F') {
                return Step.END;
            }
            if (wasFirst) {
                return Step.HEAD;
            }
        }
        return Step.MORE;
    }

    /** A start-up message, or one of the authentication's: it passes, and says what comes next. */
    private Step startUp() {
        if (messages.type() == -1) {
            int code = messages.int32(0);
            if (code == PostgresConversation.SSL_REQUEST || code == PostgresConversation.GSS_REQUEST) {
                conversation.encryptionAnswerDue = true;
            } else if (code == PostgresConversation.CANCEL_REQUEST) {
                return Step.raw("a cancel request, on a connection of its own", true);
            } else {
                conversation.untypedNext = false;
            }
        }
        return Step.END;
    }

    private String sqlOf(int type) {
        if (type == 'Q') {
            return messages.cstring(0);
        }
        if (type == 'P') {
            return messages.cstring(messages.after(0));
        }
        if (type == 'B') {
            return conversation.statement(messages.cstring(messages.after(0)));
        }
        return null;
    }

    /** A named statement's SQL, for the Binds that use it later. */
    private void remember(int type) {
        if (type == 'P') {
            conversation.prepared(messages.cstring(0), messages.cstring(messages.after(0)));
        }
    }

    /** {@code sql}: the query, the statement parsed, or the one a Bind names; {@code command}: its first word. */
    @Override
    public String field(String name) {
        if (sql == null) {
            return null;
        }
        switch (name) {
            case "sql":
                return sql;
            case "command":
                String s = sql.strip();
                int end = 0;
                while (end < s.length() && Character.isLetter(s.charAt(end))) {
                    end++;
                }
                return s.substring(0, end).toUpperCase(Locale.ROOT);
            default:
                return null;
        }
    }
}
