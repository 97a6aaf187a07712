package org.vaurien.protocols;

import java.util.List;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/**
 * PostgreSQL's protocol 3: the start-up passed as it is, then each simple query, or each run of
 * extended query messages up to its Sync, with its response up to ReadyForQuery, as an exchange.
 * The error is an ErrorResponse with a real SQLSTATE, then ReadyForQuery, so the driver raises its
 * own exception and the connection stays usable.
 */
public final class PostgresProtocol implements Protocol {
    static final Option<String> ERROR_SQLSTATE = Option.text("error_sqlstate",
            "the injected error's SQLSTATE: 40001 serialization failure (retry the transaction), 40P01 deadlock,"
                    + " 57014 query canceled, 53300 too many connections, 57P01 admin shutdown and 08006 (both close"
                    + " the connection), or any five characters", "40001");
    static final Option<String> ERROR_MESSAGE = Option.text("error_message",
            "the error's message; empty for the server's usual message for that SQLSTATE", "");

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public String description() {
        return "PostgreSQL; each query (or extended query up to Sync) and its response are an exchange; the error is an ErrorResponse";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(ERROR_SQLSTATE, ERROR_MESSAGE);
    }

    @Override
    public void check(Options options) {
        if (!options.get(ERROR_SQLSTATE).matches("[0-9A-Z]{5}")) {
            throw new BadInputException("protocol 'postgres', option 'error_sqlstate': '" + options.get(ERROR_SQLSTATE)
                    + "' is not a SQLSTATE (five digits or capital letters)");
        }
    }

    /** {@code command} (the SQL's first word: SELECT, UPDATE, BEGIN...) and {@code sql}. */
    @Override
    public List<String> matchFields() {
        return List.of("command", "sql");
    }

    @Override
    public Conversation open(Options options, Context context) {
        return new PostgresConversation(options.get(ERROR_SQLSTATE), options.get(ERROR_MESSAGE), context);
    }
}
