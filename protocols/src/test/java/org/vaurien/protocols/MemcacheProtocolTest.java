package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.vaurien.spi.Conversation;

class MemcacheProtocolTest {
    private static final MemcacheProtocol MEMCACHE = new MemcacheProtocol();

    private static Conversation memcache() {
        return Frames.open(MEMCACHE);
    }

    @Test
    void storageCommandsCarryTheirDataBlockWhateverItHolds() {
        List<String> requests = List.of("set k 0 0 10\r\nEND\r\nVALUE\r\n", "add k 1 60 0\r\n\r\n",
                "cas k 0 0 3 42 noreply\r\nabc\r\n", "append k 0 0 2\r\nxy\r\n", "prepend k 0 0 1\r\nz\r\n",
                "replace k 5 0 3\r\n123\r\n", "ms k 3 T60 F5\r\nabc\r\n", "get a b c\r\n", "gets a\r\n",
                "gat 60 a b\r\n", "incr n 5\r\n", "decr n 1 noreply\r\n", "delete k\r\n", "touch k 10\r\n",
                "stats\r\n", "version\r\n", "mg k v f t\r\n", "md k\r\n", "ma n D3\r\n", "mn\r\n", "verbosity 1\r\n");
        List<String> replies = List.of("STORED\r\n", "NOT_STORED\r\n", "STORED\r\n", "STORED\r\n", "STORED\r\n",
                "HD\r\n", "VALUE a 0 5\r\nEND\r\n\r\nVALUE c 1 2 99\r\nhi\r\nEND\r\n", "END\r\n",
                "VALUE a 0 1\r\nx\r\nEND\r\n", "6\r\n", "DELETED\r\n", "TOUCHED\r\n",
                "STAT pid 1\r\nSTAT uptime 2\r\nEND\r\n", "VERSION 1.6.18\r\n", "VA 3 f0 t-1\r\nabc\r\n",
                "NF\r\n", "HD\r\n", "MN\r\n", "OK\r\n");
        // a storage command is decided at the end of its line, before its data block: HEAD| there
        List<String> found = requests.stream().map(r -> r.matches("(?s)(set|add|cas|append|prepend|replace|ms) .*")
                ? r.replaceFirst("\r\n", "\r\nHEAD|") : r).toList();
        Frames.sameEverywhere(MemcacheProtocolTest::memcache, String.join("", requests), String.join("", replies),
                found, replies);
    }

    @Test
    void noreplyAndQuitExpectNoReply() {
        Conversation c = memcache();
        Frames.frame(c.requests(), "set k 0 0 1 noreply\r\nx\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(c.requests().expectsResponse());
        Frames.frame(c.requests(), "quit\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertFalse(c.requests().expectsResponse());
        Frames.frame(c.requests(), "get k\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(c.requests().expectsResponse());
    }

    @Test
    void anErrorEndsARetrievalAndADroppedGetDoesNotShiftTheReplies() {
        Conversation c = memcache();
        ByteBuffer get = ByteBuffer.wrap("get a\r\n".getBytes(StandardCharsets.ISO_8859_1));
        c.requests().begin(get);
        c.requests().dropped();
        c.requests().scan(get);
        Frames.frame(c.requests(), "version\r\nget b\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("VERSION 1.6\r\n", "SERVER_ERROR out of memory\r\n"),
                Frames.frame(c.responses(), "VERSION 1.6\r\nSERVER_ERROR out of memory\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void quietMetaCommandsAndTheBinaryProtocolArePassedThroughAsTcp() {
        List<String> quiet = Frames.frame(memcache().requests(), "mg k v q\r\nmn\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(List.of("mg k v q\r\nSWITCH(expected) mn\r\n..."), quiet);
        byte[] binary = {(byte) 0x80, 0x00, 0x00, 0x01};
        assertTrue(Frames.frame(memcache().requests(), binary).get(0).startsWith("PASS SWITCH(expected)"));
    }

    @Test
    void theErrorIsAServerErrorLine() {
        assertEquals("SERVER_ERROR Vaurien injected this error\r\n",
                StandardCharsets.UTF_8.decode(memcache().error().bytes()).toString());
    }
}
