package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Options;
import org.vaurien.spi.Reply;
import org.vaurien.spi.Stage;

/** The http_* behaviors' responses and stages, without sockets. */
class HttpBehaviorsTest {
    private static final String RESPONSE = "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nabcdef";
    private static final int BODY = RESPONSE.indexOf("abcdef");

    /** What a stage sent, with the time each piece may leave, and whether it closed. */
    static final class Recorded implements Stage.Output {
        final StringBuilder text = new StringBuilder();
        final List<Long> times = new ArrayList<>();
        long closedAt = -1;
        long endAt = -1;

        @Override
        public void data(ByteBuffer bytes, long atNanos) {
            while (bytes.hasRemaining()) {
                text.append((char) bytes.get());
                times.add(atNanos);
            }
        }

        @Override
        public void end(long atNanos) {
            endAt = atNanos;
        }

        @Override
        public void close(long atNanos) {
            closedAt = atNanos;
        }

        @Override
        public void cut(long atNanos) {
            closedAt = atNanos;
        }

        @Override
        public void reset(long atNanos) {
            closedAt = atNanos;
        }
    }

    private static void feed(Stage stage, String text, int cut, long at, Recorded out) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        stage.onData(ByteBuffer.wrap(b, 0, cut), at, out);
        if (out.closedAt < 0) {
            stage.onData(ByteBuffer.wrap(b, cut, b.length - cut), at, out);
        }
    }

    @Test
    void aCutPassesTheHeadsPastAnInterimOneAndTheBodysFirstBytes() {
        for (int cut = 0; cut <= RESPONSE.length(); cut++) {
            Recorded out = new Recorded();
            feed(new HttpCutBehavior.Cut(2), RESPONSE, cut, 5, out);
            assertEquals(RESPONSE.substring(0, BODY + 2), out.text.toString(), "read cut at " + cut);
            assertEquals(5, out.closedAt);
        }
    }

    @Test
    void aDripSendsTheHeadAtOnceAndTheBodyByteByByte() {
        for (int cut = 0; cut <= RESPONSE.length(); cut++) {
            Recorded out = new Recorded();
            HttpDripBehavior.Drip drip = new HttpDripBehavior.Drip(2, 100);
            feed(drip, RESPONSE, cut, 1000, out);
            drip.onEnd(1001, out);
            assertEquals(RESPONSE, out.text.toString());
            for (int i = 0; i < BODY; i++) {
                assertEquals(1000, out.times.get(i), "head byte " + i + ", read cut at " + cut);
            }
            for (int i = BODY; i < RESPONSE.length(); i++) {
                assertEquals(1000 + 100 * (1 + (i - BODY) / 2), out.times.get(i), "body byte " + (i - BODY) + ", read cut at " + cut);
            }
            assertEquals(1300, out.endAt, "the end waits for the last drip");
        }
    }

    /** The behavior's response to {@code request}, read by an HTTP conversation's framer. */
    private static String respond(Behavior behavior, String request, String... options) {
        Conversation c = Frames.open(new HttpProtocol());
        Frames.frame(c.requests(), request.getBytes(StandardCharsets.ISO_8859_1));
        Map<String, String> text = new LinkedHashMap<>();
        for (int i = 0; i < options.length; i += 2) {
            text.put(options[i], options[i + 1]);
        }
        Options o = Options.parse("behavior", behavior.options(), text);
        behavior.check(o);
        Effect.Respond r = (Effect.Respond) behavior.configure(o).onExchange(null).effect();
        Reply reply = r.responder().respond(c.requests());
        String bytes = StandardCharsets.ISO_8859_1.decode(reply.bytes().duplicate()).toString();
        return (reply.closeAfter() ? "[close] " : "") + bytes;
    }

    @Test
    void aStatusFollowsTheRequestsVersionAndMethod() {
        String get = respond(new HttpStatusBehavior(), "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", "status", "429",
                "headers", "Retry-After: 5 | X-A: b", "body", "{\"e\": 1}");
        assertEquals("HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nX-A: b\r\nContent-Type: application/json\r\n"
                + "Content-Length: 8\r\n\r\n{\"e\": 1}", get);
        String head = respond(new HttpStatusBehavior(), "HEAD /a HTTP/1.0\r\n\r\n", "status", "503", "body", "busy");
        assertEquals("[close] HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 4\r\nConnection: close\r\n\r\n", head);
        assertTrue(respond(new HttpStatusBehavior(), "GET / HTTP/1.1\r\n\r\n", "status", "204").endsWith("No Content\r\n\r\n"));
    }

    @Test
    void aRedirectSendsTheRequestBackWhereItCameFrom() {
        assertEquals("HTTP/1.1 307 Temporary Redirect\r\nLocation: /api/x?y=1\r\nContent-Length: 0\r\n\r\n",
                respond(new HttpRedirectBehavior(), "GET /api/x?y=1 HTTP/1.1\r\nHost: h\r\n\r\n", "status", "307"));
        assertEquals("HTTP/1.1 302 Found\r\nLocation: http://elsewhere/\r\nContent-Length: 0\r\n\r\n",
                respond(new HttpRedirectBehavior(), "GET / HTTP/1.1\r\n\r\n", "location", "http://elsewhere/"));
    }

    @Test
    void anEmptyResponseSaysCloseAndCloses() {
        assertEquals("[close] HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", respond(new HttpEmptyBehavior(), "GET / HTTP/1.1\r\n\r\n"));
    }
}
