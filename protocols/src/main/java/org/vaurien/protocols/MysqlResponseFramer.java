package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * Frames what a MySQL server sends: the greeting and authentication packets one by one (until
 * the OK that starts the command phase), then each command's whole response: OK, ERR, a result
 * set (column count, columns, EOF, rows, terminator; more results when the status says so), a
 * prepared statement's parameters and columns, or rows fetched from a cursor.
 */
final class MysqlResponseFramer implements Framer {
    private static final int SERVER_MORE_RESULTS_EXIST = 0x0008;
    private static final int SERVER_STATUS_CURSOR_EXISTS = 0x0040;

    private enum State { FIRST, COLUMNS, COLUMNS_EOF, ROWS, PARAMS, PARAMS_EOF, PREPARED_COLUMNS, PREPARED_COLUMNS_EOF }

    private final MysqlConversation conversation;
    private final MysqlPackets packets = new MysqlPackets();
    private boolean greetingSeen;
    private MysqlConversation.Command command;
    private State state;
    private long left;
    private long preparedColumns;

    MysqlResponseFramer(MysqlConversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        state = State.FIRST;
        if (!conversation.commandPhase()) {
            return Kind.PASS;
        }
        MysqlConversation.Command next = conversation.sent.peek();
        command = next == null ? MysqlConversation.Command.SIMPLE : next;
        return Kind.EXCHANGE;
    }

    @Override
    public Step scan(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (!packets.feed(in)) {
                return Step.MORE;
            }
            Step step = conversation.commandPhase() ? packet() : handshakePacket();
            if (step != null) {
                return step;
            }
        }
        return Step.MORE;
    }

    private Step handshakePacket() {
        if (!greetingSeen) {
            greetingSeen = true;
            greeting();
        } else if (packets.type() == 0x00) {
            conversation.commandPhaseStarts();
        }
        return Step.END;
    }

    /** Reads the server's capabilities from its greeting. */
    private void greeting() {
        int nul = packets.nulAfter(1);
        if (nul < 0) {
            return;
        }
        int caps = nul + 1 + 4 + 8 + 1;
        long capabilities = packets.u16(caps) | (long) packets.u16(caps + 5) << 16;
        if ((capabilities & MysqlConversation.CLIENT_MYSQL) == 0) {
            capabilities |= packets.u32(caps + 5 + 2 + 1 + 6) << 32;
        }
        conversation.serverCapabilities(capabilities);
    }

    /** One logical packet of a command's response: null while the response goes on. */
    private Step packet() {
        int type = packets.type();
        switch (state) {
            case FIRST:
                return first(type);
            case COLUMNS:
                if (--left > 0) {
                    return null;
                }
                state = deprecateEof() ? State.ROWS : State.COLUMNS_EOF;
                return null;
            case COLUMNS_EOF:
                if ((packets.u16(3) & SERVER_STATUS_CURSOR_EXISTS) != 0) {
                    return end();
                }
                state = State.ROWS;
                return null;
            case ROWS:
                if (type == 0xff) {
                    return end();
                }
                return isTerminator(type) ? afterResult(terminatorStatus()) : null;
            case PARAMS:
                if (--left > 0) {
                    return null;
                }
                return deprecateEof() ? preparedColumns() : nextState(State.PARAMS_EOF);
            case PARAMS_EOF:
                return preparedColumns();
            case PREPARED_COLUMNS:
                if (--left > 0) {
                    return null;
                }
                return deprecateEof() ? end() : nextState(State.PREPARED_COLUMNS_EOF);
            case PREPARED_COLUMNS_EOF:
                return end();
            default:
                throw new IllegalStateException(state.name());
        }
    }

    private Step first(int type) {
        switch (command) {
            case SIMPLE:
                return end();
            case FETCH:
                state = State.ROWS;
                return type == 0xff ? end() : isTerminator(type) ? afterResult(terminatorStatus()) : null;
            case FIELD_LIST:
                state = State.ROWS;
                return type == 0xff || isTerminator(type) ? end() : null;
            case PREPARE:
                conversation.prepareAnswered(type == 0x00 ? packets.u32(1) : -1);
                if (type != 0x00) {
                    return end();
                }
                preparedColumns = packets.u16(5);
                left = packets.u16(7);
                if (left > 0) {
                    state = State.PARAMS;
                    return null;
                }
                return preparedColumns();
            default:
                break;
        }
        if (type == 0x00 && !packets.continued()) {
            long[] affected = packets.lenenc(1);
            long[] insertId = packets.lenenc(1 + (int) affected[1]);
            return afterResult(packets.u16(1 + (int) affected[1] + (int) insertId[1]));
        }
        if (type == 0xff) {
            return end();
        }
        if (type == 0xfb) {
            return Step.raw("LOAD DATA LOCAL INFILE sends a file that answers no command; the connection goes on as tcp", true);
        }
        long[] count = packets.lenenc(0);
        boolean metadata = !conversation.agreed(MysqlConversation.MARIADB_CACHE_METADATA)
                || packets.u8((int) count[1]) == 1;
        if (metadata && count[0] > 0) {
            left = count[0];
            state = State.COLUMNS;
        } else {
            state = deprecateEof() ? State.ROWS : State.COLUMNS_EOF;
        }
        return null;
    }

    private Step preparedColumns() {
        left = preparedColumns;
        if (left == 0) {
            return end();
        }
        state = State.PREPARED_COLUMNS;
        return null;
    }

    private Step nextState(State next) {
        state = next;
        return null;
    }

    /** An EOF packet, or with CLIENT_DEPRECATE_EOF an OK packet with a 0xFE header; a row may also start with 0xFE. */
    private boolean isTerminator(int type) {
        return type == 0xfe && (deprecateEof() ? !packets.continued() : packets.length() < 9);
    }

    private int terminatorStatus() {
        if (!deprecateEof()) {
            return packets.u16(3);
        }
        long[] affected = packets.lenenc(1);
        long[] insertId = packets.lenenc(1 + (int) affected[1]);
        return packets.u16(1 + (int) affected[1] + (int) insertId[1]);
    }

    /** A result ended: another follows when the status says so. */
    private Step afterResult(int status) {
        if ((status & SERVER_MORE_RESULTS_EXIST) != 0) {
            state = State.FIRST;
            command = MysqlConversation.Command.RESULT;
            return null;
        }
        return end();
    }

    private boolean deprecateEof() {
        return conversation.agreed(MysqlConversation.CLIENT_DEPRECATE_EOF);
    }

    private Step end() {
        conversation.sent.poll();
        state = State.FIRST;
        return Step.END;
    }
}
