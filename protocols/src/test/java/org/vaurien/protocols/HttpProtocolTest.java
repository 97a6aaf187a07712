package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.BadInputException;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Reply;

class HttpProtocolTest {
    private static final HttpProtocol HTTP = new HttpProtocol();

    private static Conversation plain() {
        return Frames.open(HTTP, "overwrite_host_header", "false");
    }

    @Test
    void requestsWithoutBodyWithContentLengthAndChunkedArePipelined() {
        String get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
        String post = "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello";
        String chunked = "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: yes\r\n\r\n";
        String crlfFirst = "\r\nGET /d HTTP/1.0\r\n\r\n";
        Frames.sameEverywhere(HttpProtocolTest::plain, get + post + chunked + crlfFirst, "",
                List.of(get, post.replace("\r\n\r\n", "\r\n\r\nHEAD|"), chunked.replace("\r\n\r\n4", "\r\n\r\nHEAD|4"), crlfFirst),
                List.of());
    }

    @Test
    void responsesByLengthChunksNoBodyAndInterimOnes() {
        String requests = "GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"
                + "GET / HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx";
        String length = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        String chunks = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n";
        String noContent = "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n";
        String notModified = "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n";
        String continued = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
        Frames.sameEverywhere(HttpProtocolTest::plain, requests, length + chunks + noContent + notModified + continued,
                List.of("GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n",
                        "GET / HTTP/1.1\r\n\r\n", "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nHEAD|x"),
                List.of(length, chunks, noContent, notModified, continued));
    }

    @Test
    void aResponseToHeadHasNoBodyWhateverItsContentLength() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        String get = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
        Frames.sameEverywhere(HttpProtocolTest::plain, "HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n", head + get,
                List.of("HEAD / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\n\r\n"), List.of(head, get));
    }

    @Test
    void aDroppedHeadRequestDoesNotConfuseTheNextResponse() {
        Conversation c = plain();
        byte[] head = "HEAD / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer in = ByteBuffer.wrap(head);
        c.requests().begin(in);
        c.requests().dropped();
        c.requests().scan(in);
        Frames.frame(c.requests(), "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        String get = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi";
        assertEquals(List.of(get), Frames.frame(c.responses(), get.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void aBodyUntilCloseNeverEndsAndUpgradesSwitchToTcp() {
        Conversation c = plain();
        Frames.frame(c.requests(), "GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("HTTP/1.0 200 OK\r\n\r\nbody goes on..."),
                Frames.frame(c.responses(), "HTTP/1.0 200 OK\r\n\r\nbody goes on".getBytes(StandardCharsets.ISO_8859_1)));
        Conversation ws = plain();
        Frames.frame(ws.requests(), "GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\nSWITCH(expected) \u0081\u0005hello..."),
                Frames.frame(ws.responses(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0005hello".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bytesThatAreNotHttpSwitchWithAReasonAndTlsIsExpected() {
        assertEquals(List.of("SSH-2.0-OpenSSH\r\nSWITCH(bytes that are not HTTP (a request line that is not METHOD TARGET HTTP/x.y)) rest..."),
                Frames.frame(plain().requests(), "SSH-2.0-OpenSSH\r\nrest".getBytes(StandardCharsets.ISO_8859_1)));
        byte[] hello = {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5};
        List<String> tls = Frames.frame(plain().requests(), hello, 1);
        assertTrue(tls.get(0).startsWith("PASS SWITCH(expected)"), tls.toString());
    }

    @Test
    void theHostHeaderIsRewrittenToTheBackendWhenAsked() {
        String request = "POST /x HTTP/1.1\r\nhost: proxy:8000\r\nContent-Length: 2\r\n\r\nhi";
        Conversation c = Frames.open(HTTP);
        assertTrue(c.requests().rewritesHeads());
        assertEquals(List.of("POST /x HTTP/1.1\r\nhost: proxy:8000\r\nContent-Length: 2\r\n\r\nHEAD|hi"),
                Frames.frame(c.requests(), request.getBytes(StandardCharsets.ISO_8859_1)));
        ByteBuffer head = ByteBuffer.wrap("POST /x HTTP/1.1\r\nhost: proxy:8000\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer rewritten = c.requests().rewriteHead(head);
        assertEquals("POST /x HTTP/1.1\r\nHost: backend.test:8080\r\nContent-Length: 2\r\n\r\n",
                StandardCharsets.ISO_8859_1.decode(rewritten).toString());
    }

    @Test
    void theErrorIsARealResponseWithAMatchingContentLengthAndConnectionClose() {
        Conversation c = Frames.open(HTTP, "error", "503");
        Frames.frame(c.requests(), "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Reply reply = c.error();
        String text = StandardCharsets.ISO_8859_1.decode(reply.bytes()).toString();
        assertTrue(text.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), text);
        assertTrue(text.contains("\r\nConnection: close\r\n"), text);
        String body = text.substring(text.indexOf("\r\n\r\n") + 4);
        assertTrue(text.contains("\r\nContent-Length: " + body.length() + "\r\n"), text);
        assertTrue(reply.closeAfter());
        int random = Integer.parseInt(StandardCharsets.ISO_8859_1.decode(Frames.open(HTTP).error().bytes()).toString().substring(9, 12));
        assertTrue(List.of(500, 502, 503, 504).contains(random));
    }

    @Test
    void anErrorStatusThatIsNotOneIsRefusedAtConfiguration() {
        BadInputException e = assertThrows(BadInputException.class, () -> Frames.open(HTTP, "error", "200"));
        assertEquals("protocol 'http', option 'error': 200 is not an error status (400 to 599, or 0)", e.getMessage());
    }
}
