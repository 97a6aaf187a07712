package org.vaurien.protocols;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Reply;

/**
 * One MySQL connection: its phase (handshake, then commands), the capabilities both sides
 * agreed on, and the commands sent, in order, so their responses can be framed.
 */
final class MysqlConversation extends FramedConversation {
    static final long CLIENT_MYSQL = 1;
    static final long CLIENT_PROTOCOL_41 = 0x200;
    static final long CLIENT_SSL = 0x800;
    static final long CLIENT_DEPRECATE_EOF = 0x0100_0000L;
    /** MariaDB's extended capability (bit 36): column definitions may be left out. */
    static final long MARIADB_CACHE_METADATA = 1L << 36;

    /** How a command's response is framed. */
    enum Command { SIMPLE, RESULT, PREPARE, FIELD_LIST, FETCH }

    final ArrayDeque<Command> sent = new ArrayDeque<>();
    /** The SQL of the prepares sent whose answer has not come yet, in order. */
    final ArrayDeque<String> preparing = new ArrayDeque<>();
    /** Prepared statements by id: what an EXECUTE's matcher sees. Bounded: the oldest go first. */
    private final Map<Long, String> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_STATEMENTS;
        }
    };
    private static final int MAX_STATEMENTS = 1024;
    private final MysqlRequestFramer requests = new MysqlRequestFramer(this);
    private final MysqlResponseFramer responses = new MysqlResponseFramer(this);
    private final int errorCode;
    private final String errorMessage;
    private boolean commandPhase;
    private long serverCapabilities = -1;
    private long clientCapabilities;

    MysqlConversation(int errorCode, String errorMessage, Protocol.Context context) {
        super(context);
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
        framedBy(requests, responses);
    }

    /** The server answered the oldest prepare: with its statement's id, or -1 for an error. */
    void prepareAnswered(long id) {
        String sql = preparing.poll();
        if (id >= 0 && sql != null) {
            statements.put(id, sql);
        }
    }

    /** The SQL a statement was prepared from; null when unknown. */
    String statement(long id) {
        return statements.get(id);
    }

    void closed(long id) {
        statements.remove(id);
    }

    boolean commandPhase() {
        return commandPhase;
    }

    void commandPhaseStarts() {
        commandPhase = true;
    }

    void serverCapabilities(long caps) {
        serverCapabilities = caps;
    }

    void clientCapabilities(long caps) {
        clientCapabilities = caps;
    }

    /** A capability both sides use (the client's alone when the greeting could not be read). */
    boolean agreed(long capability) {
        long server = serverCapabilities < 0 ? -1L : serverCapabilities;
        return (clientCapabilities & server & capability) != 0;
    }

    /** An ERR packet answering the request that just ended, with the sequence id it expects. */
    @Override
    public Reply error() {
        String[] known = known(errorCode);
        String message = errorMessage.isEmpty() ? known[1] : errorMessage;
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        int payload = 1 + 2 + 6 + text.length;
        ByteBuffer b = ByteBuffer.allocate(4 + payload);
        b.put((byte) payload).put((byte) (payload >> 8)).put((byte) (payload >> 16))
                .put((byte) (requests.lastSequence() + 1));
        b.put((byte) 0xff).put((byte) errorCode).put((byte) (errorCode >> 8));
        b.put((byte) '#').put(known[0].getBytes(StandardCharsets.US_ASCII)).put(text);
        return Reply.of(b.array(), false);
    }

    /** SQL state and message of the errors users inject most. */
    static String[] known(int code) {
        switch (code) {
            case 1040: return new String[] {"08004", "Too many connections"};
            case 1053: return new String[] {"08S01", "Server shutdown in progress"};
            case 1205: return new String[] {"HY000", "Lock wait timeout exceeded; try restarting transaction"};
            case 1213: return new String[] {"40001", "Deadlock found when trying to get lock; try restarting transaction"};
            case 1317: return new String[] {"70100", "Query execution was interrupted"};
            case 2013: return new String[] {"HY000", "Lost connection to MySQL server during query"};
            default: return new String[] {"HY000", "Vaurien injected error " + code};
        }
    }
}
