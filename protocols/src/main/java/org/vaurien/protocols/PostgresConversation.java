package org.vaurien.protocols;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * One PostgreSQL connection: the start-up (SSL or GSS request, start-up message, authentication)
 * passes; from the server's first ReadyForQuery on, each simple query, or each run of extended
 * query messages up to its Sync, is an exchange whose response ends at ReadyForQuery.
 */
final class PostgresConversation extends FramedConversation {
    static final int SSL_REQUEST = 80877103;
    static final int GSS_REQUEST = 80877104;
    static final int CANCEL_REQUEST = 80877102;
    /** Prepared statements remembered for the matcher, by name. */
    private static final int STATEMENTS = 1000;

    /** The server's first ReadyForQuery was seen: commands from now on. */
    boolean commandPhase;
    /** An SSL or GSS request waits for its one-byte answer. */
    boolean encryptionAnswerDue;
    /** The client's next message has no type byte (its start-up message). */
    boolean untypedNext = true;
    /** The transaction status of the server's last ReadyForQuery: I, T or E. */
    int status = 'I';
    private final Map<String, String> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > STATEMENTS;
        }
    };
    private final String sqlState;
    private final String message;

    PostgresConversation(String sqlState, String message, Protocol.Context context) {
        super(context);
        this.sqlState = sqlState;
        this.message = message;
        framedBy(new PgRequestFramer(this), new PgResponseFramer(this));
    }

    void prepared(String name, String sql) {
        statements.put(name, sql);
    }

    String statement(String name) {
        return statements.get(name);
    }

    /**
     * An ErrorResponse with the SQLSTATE asked for, then ReadyForQuery with the status the
     * server would give: in a transaction, a failed one. 57P01 and 08006 are FATAL and close the
     * connection, as the server's do.
     */
    @Override
    public Reply error() {
        boolean fatal = sqlState.equals("57P01") || sqlState.equals("08006");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream fields = new ByteArrayOutputStream();
        field(fields, 'S', fatal ? "FATAL" : "ERROR");
        field(fields, 'V', fatal ? "FATAL" : "ERROR");
        field(fields, 'C', sqlState);
        field(fields, 'M', (message.isEmpty() ? usualMessage(sqlState) : message) + " (injected by Vaurien)");
        fields.write(0);
        message(out, 'E', fields.toByteArray());
        if (!fatal) {
            message(out, 'Z', new byte[] {(byte) (status == 'I' ? 'I' : 'E')});
        }
        return Reply.of(out.toByteArray(), fatal);
    }

    private static void field(ByteArrayOutputStream out, char code, String value) {
        out.write(code);
        out.writeBytes(value.getBytes(StandardCharsets.UTF_8));
        out.write(0);
    }

    private static void message(ByteArrayOutputStream out, char type, byte[] body) {
        int length = body.length + 4;
        out.write(type);
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.writeBytes(body);
    }

    static String usualMessage(String sqlState) {
        switch (sqlState) {
            case "40001": return "could not serialize access due to concurrent update";
            case "40P01": return "deadlock detected";
            case "57P01": return "terminating connection due to administrator command";
            case "53300": return "sorry, too many clients already";
            case "57014": return "canceling statement due to user request";
            case "08006": return "connection failure";
            default: return "error " + sqlState;
        }
    }
}
