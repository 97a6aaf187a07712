package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Reply;

/** PostgreSQL's protocol 3 framed whatever the reads: start-up, simple and extended queries, COPY, notices. */
class PostgresProtocolTest {
    private static String int32(int v) {
        return new String(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}, StandardCharsets.ISO_8859_1);
    }

    static String msg(char type, String body) {
        return type + int32(body.length() + 4) + body;
    }

    private static final String PARAMETERS = "user\0postgres\0database\0x\0\0";
    static final String STARTUP = int32(8 + PARAMETERS.length()) + int32(196608) + PARAMETERS;
    static final String LOGIN = msg('R', int32(0)) + msg('S', "server_version\u000016.4\0") + msg('K', int32(7) + int32(9))
            + msg('Z', "I");

    /** A conversation past its start-up, as after the server's first ReadyForQuery. */
    static Conversation loggedIn() {
        Conversation c = Frames.open(new PostgresProtocol());
        Frames.frame(c.requests(), STARTUP.getBytes(StandardCharsets.ISO_8859_1));
        Frames.frame(c.responses(), LOGIN.getBytes(StandardCharsets.ISO_8859_1));
        return c;
    }

    @Test
    void theStartUpPassesMessageByMessage() {
        Frames.sameEverywhere(() -> Frames.open(new PostgresProtocol()), STARTUP, LOGIN, List.of("PASS " + STARTUP),
                List.of("PASS " + msg('R', int32(0)), "PASS " + msg('S', "server_version\u000016.4\0"),
                        "PASS " + msg('K', int32(7) + int32(9)), "PASS " + msg('Z', "I")));
    }

    @Test
    void simpleAndExtendedQueriesAndCopyIn() {
        String query = msg('Q', "SELECT 1\0");
        String parse = msg('P', "S_1\0SELECT $1\0" + "\0\0");
        String rest = msg('B', "\0S_1\0\0\0\0\0\0\0") + msg('D', "P\0") + msg('E', "\0" + int32(0)) + msg('S', "");
        String copy = msg('Q', "COPY t FROM STDIN\0");
        String data = msg('d', "1\n");
        String done = msg('c', "");
        String bye = msg('X', "");
        String result = msg('T', "\0\0") + msg('D', "\0\u0001" + int32(1) + "1") + msg('C', "SELECT 1\0") + msg('Z', "I");
        String extended = msg('1', "") + msg('2', "") + msg('n', "") + msg('C', "SELECT 0\0") + msg('Z', "I");
        String copied = msg('G', "\0\0\0") + msg('C', "COPY 1\0") + msg('Z', "I");
        Frames.sameEverywhere(PostgresProtocolTest::loggedIn, query + parse + rest + copy + data + done + bye,
                result + extended + copied,
                List.of(query, parse + "HEAD|" + rest, copy, "PASS " + data, "PASS " + done, "PASS " + bye),
                List.of(result, extended, copied));
    }

    @Test
    void aNoticeBetweenResponsesPassesAlone() {
        String notice = msg('N', "SNOTICE\0Mhello\0\0");
        String notification = msg('A', int32(5) + "ch\0payload\0");
        String answer = msg('C', "CREATE TABLE\0") + msg('S', "is_superuser\0on\0") + msg('Z', "T");
        Frames.sameEverywhere(PostgresProtocolTest::loggedIn, "", notice + answer + notification,
                List.of(), List.of("PASS " + notice, answer, "PASS " + notification));
    }

    @Test
    void anSslRequestRefusedThenTheStartUp() {
        String ssl = int32(8) + int32(80877103);
        Frames.sameEverywhere(() -> Frames.open(new PostgresProtocol()), ssl + STARTUP, "N" + msg('R', int32(0)),
                List.of("PASS " + ssl, "PASS " + STARTUP), List.of("PASS N", "PASS " + msg('R', int32(0))));
        Conversation accepted = Frames.open(new PostgresProtocol());
        Frames.frame(accepted.requests(), ssl.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("PASS SSWITCH(expected) \u0016\u0003\u0001..."),
                Frames.frame(accepted.responses(), "S\u0016\u0003\u0001".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void theErrorIsAnErrorResponseThenReadyForQueryInTheServersStatus() {
        Conversation c = loggedIn();
        String error = text(c.error());
        assertTrue(error.startsWith("E") && error.contains("C40001\0") && error.contains("SERROR\0"), error);
        assertTrue(error.endsWith(msg('Z', "I")), error);
        Frames.frame(c.responses(), (msg('C', "BEGIN\0") + msg('Z', "T")).getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(text(c.error()).endsWith(msg('Z', "E")), "in a transaction, the transaction fails");
        Conversation fatal = Frames.open(new PostgresProtocol(), "error_sqlstate", "57P01");
        Reply r = fatal.error();
        assertTrue(r.closeAfter() && text(r).contains("SFATAL\0") && !text(r).contains("Z\0\0\0\u0005"), text(r));
    }

    @Test
    void theMatcherSeesTheSqlOfAQueryAParseAndABindOfANamedStatement() {
        Conversation c = loggedIn();
        List<String> found = Frames.frame(c.requests(), msg('Q', "  update orders set x = 1\0").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(1, found.size());
        assertEquals("UPDATE", c.requests().field("command"));
        Frames.frame(c.requests(), (msg('P', "S_2\0SELECT * FROM t\0\0\0") + msg('S', "")).getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("SELECT * FROM t", c.requests().field("sql"));
        Frames.frame(c.requests(), (msg('B', "\0S_2\0\0\0\0\0\0\0") + msg('E', "\0" + int32(0)) + msg('S', ""))
                .getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("SELECT", c.requests().field("command"));
    }

    @Test
    void bytesThatAreNoMessageGoOnAsTcp() {
        String garbage = "Q" + int32(2) + "whatever follows";
        assertEquals(List.of("PASS Q" + int32(2) + "SWITCH(a PostgreSQL message with a length that cannot be one) whatever follows..."),
                Frames.frame(loggedIn().requests(), garbage.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String text(Reply r) {
        return StandardCharsets.ISO_8859_1.decode(r.bytes().duplicate()).toString();
    }
}
