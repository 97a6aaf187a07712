package org.vaurien.protocols;

import java.nio.ByteBuffer;
import org.vaurien.spi.Framer;

/**
 * Frames what a MySQL client sends: during the handshake each packet passes as it is (a TLS
 * request switches the connection to tcp); then each command, continuation packets included,
 * is a request.
 */
final class MysqlRequestFramer implements Framer {
    private static final int COM_QUIT = 0x01;
    private static final int COM_FIELD_LIST = 0x04;
    private static final int COM_STATISTICS = 0x09;
    private static final int COM_CHANGE_USER = 0x11;
    private static final int COM_BINLOG_DUMP = 0x12;
    private static final int COM_REGISTER_SLAVE = 0x15;
    private static final int COM_STMT_PREPARE = 0x16;
    private static final int COM_STMT_SEND_LONG_DATA = 0x18;
    private static final int COM_STMT_CLOSE = 0x19;
    private static final int COM_STMT_FETCH = 0x1c;
    private static final int COM_BINLOG_DUMP_GTID = 0x1e;

    private final MysqlConversation conversation;
    private static final int COM_QUERY = 0x03;
    private static final int COM_STMT_EXECUTE = 0x17;
    /** The SQL a matcher sees: the first 4 KB of a query or a prepared statement. */
    private static final int SQL_KEPT = 4096;

    private final MysqlPackets packets = new MysqlPackets(SQL_KEPT + 1);
    /** What the request's end added to the conversation, taken back if it is dropped after (decided at its end). */
    private boolean countedSent;
    private boolean countedPrepare;
    private int command = -1;
    private boolean handshakeResponseSeen;
    private boolean dropped;
    private boolean noResponse;
    private int lastSequence;

    MysqlRequestFramer(MysqlConversation conversation) {
        this.conversation = conversation;
    }

    @Override
    public Kind begin(ByteBuffer in) {
        dropped = false;
        noResponse = false;
        countedSent = false;
        countedPrepare = false;
        command = -1;
        return conversation.commandPhase() ? Kind.EXCHANGE : Kind.PASS;
    }

    /** A command is decided once it was read (its packet is its head, up to the proxy's 64 KB): its SQL is known. */
    @Override
    public boolean decidesAtHead() {
        return conversation.commandPhase();
    }

    @Override
    public String field(String name) {
        if (command < 0) {
            return null;
        }
        switch (name) {
            case "command":
                return commandName(command);
            case "sql":
                if (command == COM_QUERY || command == COM_STMT_PREPARE) {
                    return packets.text(1);
                }
                return command == COM_STMT_EXECUTE ? conversation.statement(packets.u32(1)) : null;
            default:
                return null;
        }
    }

    private static String commandName(int command) {
        switch (command) {
            case COM_QUIT: return "QUIT";
            case 0x02: return "INIT_DB";
            case COM_QUERY: return "QUERY";
            case COM_FIELD_LIST: return "FIELD_LIST";
            case COM_STATISTICS: return "STATISTICS";
            case 0x0e: return "PING";
            case COM_STMT_PREPARE: return "PREPARE";
            case COM_STMT_EXECUTE: return "EXECUTE";
            case COM_STMT_CLOSE: return "CLOSE";
            case 0x1a: return "RESET";
            case COM_STMT_FETCH: return "FETCH";
            case 0x1f: return "RESET_CONNECTION";
            default: return String.format("0x%02X", command);
        }
    }

    @Override
    public void dropped() {
        dropped = true;
        if (countedSent) {
            conversation.sent.pollLast();
            countedSent = false;
        }
        if (countedPrepare) {
            conversation.preparing.pollLast();
            countedPrepare = false;
        }
    }

    @Override
    public Step scan(ByteBuffer in) {
        if (!packets.feed(in)) {
            return Step.MORE;
        }
        lastSequence = packets.sequence();
        if (!conversation.commandPhase()) {
            return handshakePacket();
        }
        command = packets.type();
        switch (command) {
            case COM_STMT_CLOSE:
                conversation.closed(packets.u32(1));
                noResponse = true;
                return Step.END;
            case COM_QUIT: case COM_STMT_SEND_LONG_DATA:
                noResponse = true;
                return Step.END;
            case COM_CHANGE_USER:
                return tcp("COM_CHANGE_USER restarts authentication; the connection goes on as tcp");
            case COM_BINLOG_DUMP: case COM_BINLOG_DUMP_GTID: case COM_REGISTER_SLAVE:
                return tcp("replication streams events that answer no command; the connection goes on as tcp");
            default:
                if (!dropped) {
                    conversation.sent.add(kind(command));
                    countedSent = true;
                    if (command == COM_STMT_PREPARE) {
                        conversation.preparing.add(packets.text(1));
                        countedPrepare = true;
                    }
                }
                return Step.END;
        }
    }

    private Step handshakePacket() {
        if (!handshakeResponseSeen) {
            handshakeResponseSeen = true;
            long caps = packets.u32(0);
            if ((caps & MysqlConversation.CLIENT_MYSQL) == 0) {
                caps |= packets.u32(28) << 32;
            }
            conversation.clientCapabilities(caps);
            if (packets.length() == 32 && (caps & MysqlConversation.CLIENT_SSL) != 0) {
                return tcp("the client switched to TLS and no certificate is configured, so it is passed through as tcp");
            }
        }
        return Step.END;
    }

    private static MysqlConversation.Command kind(int command) {
        switch (command) {
            case COM_STMT_PREPARE: return MysqlConversation.Command.PREPARE;
            case COM_FIELD_LIST: return MysqlConversation.Command.FIELD_LIST;
            case COM_STMT_FETCH: return MysqlConversation.Command.FETCH;
            case COM_STATISTICS: return MysqlConversation.Command.SIMPLE;
            case 0x03: case 0x17: case 0xfa: return MysqlConversation.Command.RESULT;
            default: return MysqlConversation.Command.SIMPLE;
        }
    }

    private static Step tcp(String why) {
        return Step.raw(why, true);
    }

    @Override
    public boolean expectsResponse() {
        return !noResponse;
    }

    /** The sequence id of the request's last packet: an answer takes the next one. */
    int lastSequence() {
        return lastSequence;
    }
}
