package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Conversation;

class RedisProtocolTest {
    private static final RedisProtocol REDIS = new RedisProtocol();

    private static Conversation redis() {
        return Frames.open(REDIS);
    }

    @Test
    void commandsInlineCommandsAndPipelines() {
        String set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n";
        String get = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";
        String inline = "PING\r\n";
        String empty = "*0\r\n";
        String binary = "*2\r\n$4\r\nECHO\r\n$4\r\n\r\n\r\n\r\n";
        Frames.sameEverywhere(RedisProtocolTest::redis, set + get + inline + empty + binary, "",
                List.of("*3\r\n$3\r\nSET\r\n$1\r\nk\r\nHEAD|$5\r\nvalue\r\n", get,
                        inline, empty, binary), List.of());
    }

    @Test
    void theConnectionsSetUpCommandsPassUndrawnOnceTheirHeadIsRead() {
        String hello = "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n";
        String auth = "*2\r\n$4\r\nauth\r\n$6\r\nsecret\r\n";
        String select = "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n";
        String setName = "*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$3\r\napp\r\n";
        String setInfo = "*4\r\n$6\r\nclient\r\n$7\r\nSETINFO\r\n$8\r\nLIB-NAME\r\n$5\r\njedis\r\n";
        String list = "*2\r\n$6\r\nCLIENT\r\n$4\r\nLIST\r\n";
        String inlineAuth = "AUTH secret\r\n";
        Frames.sameEverywhere(RedisProtocolTest::redis, hello + auth + select + setName + setInfo + list + inlineAuth, "",
                List.of("HS " + hello, "HS " + auth,
                        "HS " + select,
                        "HS *3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\nHEAD|$3\r\napp\r\n",
                        "HS *4\r\n$6\r\nclient\r\n$7\r\nSETINFO\r\nHEAD|$8\r\nLIB-NAME\r\n$5\r\njedis\r\n",
                        list, "HS " + inlineAuth), List.of());
        Frames.sameEverywhere(() -> Frames.open(REDIS, "fault_handshakes", "true"), hello, "",
                List.of(hello), List.of());
    }

    @Test
    void everyRespTwoAndThreeReplyType() {
        List<String> replies = List.of("+OK\r\n", "-ERR wrong\r\n", ":42\r\n", "$5\r\nhello\r\n", "$-1\r\n",
                "$0\r\n\r\n", "*-1\r\n", "*0\r\n", "*2\r\n$1\r\na\r\n*2\r\n:1\r\n*1\r\n+deep\r\n",
                "_\r\n", ",3.14\r\n", "#t\r\n", "(3492890328409238509324850943850943825024385\r\n",
                "!21\r\nSYNTAX invalid syntax\r\n", "=15\r\ntxt:Some string\r\n",
                "%2\r\n+first\r\n:1\r\n+second\r\n:2\r\n", "~2\r\n+a\r\n+b\r\n",
                "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n*2\r\n:2039123\r\n:9543892\r\n",
                "$?\r\n;4\r\nHell\r\n;5\r\no wor\r\n;0\r\n", "*?\r\n:1\r\n:2\r\n.\r\n");
        StringBuilder requests = new StringBuilder();
        StringBuilder stream = new StringBuilder();
        for (String r : replies) {
            requests.append("PING\r\n");
            stream.append(r);
        }
        List<String> sent = replies.stream().map(r -> "PING\r\n").toList();
        Frames.sameEverywhere(RedisProtocolTest::redis, requests.toString(), stream.toString(), sent, replies);
    }

    @Test
    void pushesAreNotExchangesAndASubscriberIsPassedThroughAfterItsReply() {
        Conversation c = redis();
        String requests = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\nPING\r\n";
        assertEquals(List.of("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n",
                        "PASS PING\r\n"),
                Frames.frame(c.requests(), requests.getBytes(StandardCharsets.ISO_8859_1)));
        String replies = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n$1\r\nv\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n"
                + "*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n";
        assertEquals(List.of("PASS >2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n", "$1\r\nv\r\n",
                        "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", "PASS *3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"),
                Frames.frame(c.responses(), replies.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void anEmptyInlineLineExpectsNoReply() {
        Conversation c = redis();
        Frames.frame(c.requests(), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(c.requests().expectsResponse());
        Frames.frame(c.requests(), "GET  k\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(c.requests().expectsResponse());
    }

    @Test
    void bytesThatAreNotRespSwitchToTcp() {
        List<String> found = Frames.frame(redis().responses(), "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("SWITCH(bytes that are not RESP (a value starting with byte 72)) HTTP/1.1 200 OK\r\n..."), found);
    }

    @Test
    void theErrorIsAnErrReplyWithSettableText() {
        assertEquals("-ERR Vaurien injected this error\r\n", StandardCharsets.UTF_8.decode(redis().error().bytes()).toString());
        assertEquals("-BUSY try later\r\n", StandardCharsets.UTF_8.decode(
                Frames.open(REDIS, "error", "BUSY try later").error().bytes()).toString());
    }
}
