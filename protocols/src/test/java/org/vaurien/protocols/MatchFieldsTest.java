package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Protocol;

/** What each protocol's requests tell a behavior's match, once their head is read (here, a whole request). */
class MatchFieldsTest {
    private static Framer read(Protocol p, String request) {
        Framer f = Frames.open(p).requests();
        Frames.frame(f, request.getBytes(StandardCharsets.ISO_8859_1), 3);
        return f;
    }

    @Test
    void redisTellsItsCommandAndKeyInArraysAndInline() {
        Framer set = read(new RedisProtocol(), "*3\r\n$3\r\nset\r\n$9\r\nuser:1042\r\n$1\r\nv\r\n");
        assertEquals("SET", set.field("command"));
        assertEquals("user:1042", set.field("key"));
        Framer inline = read(new RedisProtocol(), "get  Order:7 extra\r\n");
        assertEquals("GET", inline.field("command"));
        assertEquals("Order:7", inline.field("key"));
        assertNull(read(new RedisProtocol(), "*1\r\n$5\r\nMULTI\r\n").field("key"));
        assertEquals(List.of("command", "key"), new RedisProtocol().matchFields());
    }

    @Test
    void httpTellsMethodPathQueryHostAndAnyHeader() {
        Framer post = read(new HttpProtocol(), "POST http://shop.test:8080/api/orders?page=2&size=5 HTTP/1.1\r\n"
                + "Host: shop.test:8080\r\nX-Tenant:  acme \r\nContent-Length: 2\r\n\r\nhi");
        assertEquals("POST", post.field("method"));
        assertEquals("/api/orders", post.field("path"));
        assertEquals("page=2&size=5", post.field("query"));
        assertEquals("shop.test:8080", post.field("host"));
        assertEquals("acme", post.field("header:x-tenant"));
        assertNull(post.field("header:Authorization"));
        assertEquals("", read(new HttpProtocol(), "GET / HTTP/1.1\r\n\r\n").field("query"));
    }

    @Test
    void memcacheAndSmtpTellTheirCommand() {
        Framer set = read(new MemcacheProtocol(), "set Session:9 0 0 2\r\nab\r\n");
        assertEquals("set", set.field("command"));
        assertEquals("Session:9", set.field("key"));
        assertEquals("get", read(new MemcacheProtocol(), "get a b\r\n").field("command"));
        assertEquals("RCPT", read(new SmtpProtocol(), "rcpt TO:<a@b>\r\n").field("command"));
        assertEquals(List.of(), new TcpProtocol().matchFields());
    }
}
