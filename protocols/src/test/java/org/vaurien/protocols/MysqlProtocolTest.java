package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Conversation;

class MysqlProtocolTest {
    private static final MysqlProtocol MYSQL = new MysqlProtocol();
    private static final long CAPS = 0x200 | 0x8000 | 0x80000 | 0x1; // protocol 41, secure connection, plugin auth, MySQL

    /** A packet: 3-byte length, sequence id, payload. */
    static String packet(int seq, int... payload) {
        StringBuilder s = new StringBuilder();
        s.append((char) (payload.length & 0xff)).append((char) (payload.length >> 8 & 0xff))
                .append((char) (payload.length >> 16)).append((char) seq);
        for (int b : payload) {
            s.append((char) (b & 0xff));
        }
        return s.toString();
    }

    static String packet(int seq, String payload) {
        return packet(seq, payload.chars().toArray());
    }

    static int[] le32(long v) {
        return new int[] {(int) (v & 0xff), (int) (v >> 8 & 0xff), (int) (v >> 16 & 0xff), (int) (v >> 24 & 0xff)};
    }

    static String greeting(long caps) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(10);
        p.writeBytes("10.11.6-MariaDB".getBytes(StandardCharsets.ISO_8859_1));
        p.write(0);
        p.writeBytes(new byte[] {1, 0, 0, 0});
        p.writeBytes("12345678".getBytes(StandardCharsets.ISO_8859_1));
        p.write(0);
        p.write((int) (caps & 0xff));
        p.write((int) (caps >> 8 & 0xff));
        p.write(45);
        p.writeBytes(new byte[] {2, 0});
        p.write((int) (caps >> 16 & 0xff));
        p.write((int) (caps >> 24 & 0xff));
        p.write(21);
        p.writeBytes(new byte[6]);
        p.writeBytes(new byte[] {(byte) (caps >> 32), (byte) (caps >> 40), 0, 0});
        return packet(0, new String(p.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    static String handshakeResponse(long caps) {
        int[] payload = new int[40];
        int[] c = le32(caps);
        System.arraycopy(c, 0, payload, 0, 4);
        payload[8] = 45;
        int[] ext = le32(caps >> 32);
        System.arraycopy(ext, 0, payload, 28, 4);
        return packet(1, payload);
    }

    static final String OK = packet(2, 0x00, 0, 0, 2, 0, 0, 0);
    static final String COLUMN = packet(2, "\u0003def\u0000\u0000\u0000\u00011\u0000\u000c?\u0000\u0001\u0000\u0000\u0000\u0008\u0081\u0000\u0000\u0000\u0000");
    static final String EOF = packet(3, 0xfe, 0, 0, 2, 0);

    /** Logs in with these capabilities: greeting, handshake response, OK. */
    private static Conversation loggedIn(long caps) {
        Conversation c = Frames.open(MYSQL);
        assertEquals(List.of("PASS " + greeting(caps)), Frames.frame(c.responses(), bytes(greeting(caps))));
        assertEquals(List.of("PASS " + handshakeResponse(caps)), Frames.frame(c.requests(), bytes(handshakeResponse(caps))));
        assertEquals(List.of("PASS " + packet(2, 0, 0, 0, 2, 0, 0, 0)), Frames.frame(c.responses(), bytes(packet(2, 0, 0, 0, 2, 0, 0, 0))));
        return c;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aMatcherSeesTheCommandAndTheSqlOfQueriesAndOfPreparedStatements() {
        Conversation c = loggedIn(CAPS);
        Frames.frame(c.requests(), bytes(packet(0, "\u0003UPDATE orders SET paid = 1")));
        assertEquals("QUERY", c.requests().field("command"));
        assertEquals("UPDATE orders SET paid = 1", c.requests().field("sql"));
        Frames.frame(c.responses(), bytes(packet(1, 0x00, 1, 0, 2, 0, 0, 0)));
        Frames.frame(c.requests(), bytes(packet(0, "\u0016SELECT * FROM orders WHERE id = ?")));
        assertEquals("PREPARE", c.requests().field("command"));
        // the server's answer gives the statement its id, 7; an EXECUTE of 7 is matched by that SQL
        int[] prepared = {0x00, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Frames.frame(c.responses(), bytes(packet(1, prepared)));
        Frames.frame(c.requests(), bytes(packet(0, 0x17, 7, 0, 0, 0, 0, 1, 0, 0, 0)));
        assertEquals("EXECUTE", c.requests().field("command"));
        assertEquals("SELECT * FROM orders WHERE id = ?", c.requests().field("sql"));
        Frames.frame(c.requests(), bytes(packet(0, 0x0e)));
        assertEquals("PING", c.requests().field("command"));
        assertEquals(null, c.requests().field("sql"));
    }

    @Test
    void aQueryAndItsResultSetAreOneExchangeAtEveryCut() {
        String query = packet(0, "\u0003SELECT 1");
        String result = packet(1, 1) + COLUMN + EOF + packet(4, "\u00011") + packet(5, 0xfe, 0, 0, 2, 0);
        String insert = packet(0, "\u0003INSERT INTO t VALUES (1)");
        String ok = packet(1, 0x00, 1, 0, 2, 0, 0, 0);
        String failing = packet(0, "\u0003SELECT nope");
        String err = packet(1, "\u00ff\u0048\u0004#42S22Unknown column");
        Frames.sameEverywhere(() -> loggedIn(CAPS), query + insert + failing, result + ok + err,
                List.of(query, insert, failing), List.of(result, ok, err));
    }

    @Test
    void severalResultSetsAndDeprecatedEofAreFollowed() {
        long caps = CAPS | MysqlConversation.CLIENT_DEPRECATE_EOF;
        String call = packet(0, "\u0003CALL two()");
        String first = packet(1, 1) + COLUMN + packet(3, "\u00011") + packet(4, 0xfe, 0, 0, 0x0a, 0, 0, 0);
        String second = packet(5, 1) + COLUMN + packet(7, "\u00012") + packet(8, 0xfe, 0, 0, 0x0a, 0, 0, 0);
        String last = packet(9, 0x00, 0, 0, 0x02, 0, 0, 0);
        Frames.sameEverywhere(() -> loggedIn(caps), call, first + second + last, List.of(call), List.of(first + second + last));
    }

    @Test
    void aPreparedStatementItsParametersAndColumnsAndMariadbSkippedMetadata() {
        String prepare = packet(0, "\u0016SELECT ? + ?");
        String prepared = packet(1, 0x00, 1, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0) + COLUMN + COLUMN + EOF + COLUMN + EOF;
        long caps = CAPS & ~MysqlConversation.CLIENT_MYSQL | MysqlConversation.MARIADB_CACHE_METADATA;
        String execute = packet(0, 0x17, 1, 0, 0, 0, 0, 1, 0, 0, 0);
        String rows = packet(1, 1, 0) + EOF + packet(3, 0x00, 0, 2) + packet(4, 0xfe, 0, 0, 2, 0);
        Frames.sameEverywhere(() -> loggedIn(caps), prepare + execute, prepared + rows,
                List.of(prepare, execute), List.of(prepared, rows));
    }

    @Test
    void quitAndStatementCloseExpectNoResponse() {
        Conversation c = loggedIn(CAPS);
        Frames.frame(c.requests(), bytes(packet(0, 0x19, 1, 0, 0, 0)));
        assertFalse(c.requests().expectsResponse());
        Frames.frame(c.requests(), bytes(packet(0, 0x0e)));
        assertTrue(c.requests().expectsResponse());
        Frames.frame(c.requests(), bytes(packet(0, 0x01)));
        assertFalse(c.requests().expectsResponse());
    }

    @Test
    void aTlsRequestSwitchesTheConnectionToTcp() {
        Conversation c = Frames.open(MYSQL);
        Frames.frame(c.responses(), bytes(greeting(CAPS | MysqlConversation.CLIENT_SSL)));
        int[] ssl = new int[32];
        System.arraycopy(le32(CAPS | MysqlConversation.CLIENT_SSL), 0, ssl, 0, 4);
        List<String> found = Frames.frame(c.requests(), bytes(packet(1, ssl) + "\u0016\u0003\u0001hello"));
        assertTrue(found.get(0).startsWith("PASS ") && found.get(0).contains("SWITCH(expected)"), found.toString());
    }

    @Test
    void theErrorIsAnErrPacketWithTheNextSequenceIdCodeAndSqlState() {
        Conversation c = loggedIn(CAPS);
        Frames.frame(c.requests(), bytes(packet(0, "\u0003SELECT 1")));
        ByteBuffer err = c.error().bytes();
        assertEquals(1, err.get(3), "sequence id after the request's");
        assertEquals((byte) 0xff, err.get(4));
        assertEquals(1213, (err.get(5) & 0xff) | (err.get(6) & 0xff) << 8);
        String rest = StandardCharsets.ISO_8859_1.decode(err.position(7)).toString();
        assertEquals("#40001Deadlock found when trying to get lock; try restarting transaction", rest);
        assertEquals(err.limit() - 4, (err.get(0) & 0xff) | (err.get(1) & 0xff) << 8);
        Conversation tooMany = Frames.open(MYSQL, "error_code", "1040");
        Frames.frame(tooMany.requests(), bytes(packet(1, new int[40])));
        assertTrue(StandardCharsets.ISO_8859_1.decode(tooMany.error().bytes()).toString().endsWith("#08004Too many connections"));
    }
}
