package org.vaurien.protocols;

import java.util.List;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/**
 * MySQL and MariaDB: the handshake passed as it is, then each command and its whole response
 * (result sets with their columns, rows and terminators) as an exchange. The error is an ERR
 * packet with a real error code and SQL state, so the driver raises its own SQLException.
 */
public final class MysqlProtocol implements Protocol {
    static final Option<Integer> ERROR_CODE = Option.integer("error_code",
            "the injected error: 1040 too many connections, 1205 lock wait timeout, 1213 deadlock,"
                    + " 1053 shutdown in progress, 2013 lost connection, or any code", 1213, 1, 65535);
    static final Option<String> ERROR_MESSAGE = Option.text("error_message",
            "the error's message; empty for the server's usual message for that code", "");

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String description() {
        return "MySQL/MariaDB; each command and its full response are an exchange; the error is an ERR packet";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR_CODE, ERROR_MESSAGE);
    }

    /** {@code command} (QUERY, PREPARE, EXECUTE, PING...) and {@code sql}: a query's, or a prepared statement's for EXECUTE. */
    @Override
    public List<String> matchFields() {
        return List.of("command", "sql");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new MysqlConversation(options.get(ERROR_CODE), options.get(ERROR_MESSAGE), context);
    }
}
