package org.vaurien.protocols;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Protocol;

/**
 * Any bytes, split into reads anywhere, come out of every framer unchanged: each byte is
 * consumed once, in order, as part of a message or of the raw stream after a switch, and no
 * framer throws, stalls or moves backwards. The bytes are protocol messages, whole or cut, mixed
 * with garbage, so that the framers' deeper states are reached as well as their refusals.
 */
class FramerPropertiesTest {
    private static final List<String> REDIS = List.of("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "+OK\r\n", "$5\r\nhello\r\n",
            "*-1\r\n", "%1\r\n+a\r\n:1\r\n", ">2\r\n+x\r\n+y\r\n", "PING\r\n", "*3\r\n*1\r\n*1\r\n", "$?\r\n;2\r\nab\r\n;0\r\n",
            "$99999999999\r\n", "*9999999999\r\n");
    private static final List<String> HTTP = List.of("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /p HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", "HEAD / HTTP/1.1\r\n\r\n",
            "Content-Length: 999999999999\r\n", "GET /\r\n", "HTTP/1.1 100 Continue\r\n\r\n", "\r\n");
    private static final List<String> MEMCACHE = List.of("get a b\r\n", "set k 0 0 5\r\nhello\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n",
            "STORED\r\n", "set k 0 0 99999999999 noreply\r\n", "ms k 2\r\nhi\r\n", "mn\r\n", "END\r\n");
    private static final List<String> SMTP = List.of("EHLO a\r\n", "250-a\r\n250 ok\r\n", "DATA\r\n", "354 go\r\n",
            "hello\r\n.\r\n", "220 ready\r\n", "BDAT 3 LAST\r\nabc", "QUIT\r\n");

    @Property(tries = 300)
    void redisFramesAnythingUnchanged(@ForAll("redis") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        bothWays(new RedisProtocol(), bytes, cuts);
    }

    /** Where the reads end changes nothing of what the framer finds: the same messages, heads and switch. */
    @Property(tries = 300)
    void redisFindsTheSameMessagesWhereverTheReadsEnd(@ForAll("redis") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        int[] ends = cuts.stream().mapToInt(Integer::intValue).sorted().toArray();
        List<String> whole = Frames.frame(Frames.open(new RedisProtocol()).requests(), bytes);
        assertEquals(whole, Frames.frame(Frames.open(new RedisProtocol()).requests(), bytes, ends), "requests");
        whole = Frames.frame(Frames.open(new RedisProtocol()).responses(), bytes);
        assertEquals(whole, Frames.frame(Frames.open(new RedisProtocol()).responses(), bytes, ends), "responses");
    }

    @Property(tries = 300)
    void httpFramesAnythingUnchanged(@ForAll("http") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        bothWays(new HttpProtocol(), bytes, cuts);
    }

    @Property(tries = 300)
    void memcacheFramesAnythingUnchanged(@ForAll("memcache") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        bothWays(new MemcacheProtocol(), bytes, cuts);
    }

    @Property(tries = 300)
    void smtpFramesAnythingUnchanged(@ForAll("smtp") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        bothWays(new SmtpProtocol(), bytes, cuts);
    }

    @Property(tries = 300)
    void mysqlFramesAnythingUnchanged(@ForAll("mysql") byte[] bytes, @ForAll("cuts") List<Integer> cuts) {
        bothWays(new MysqlProtocol(), bytes, cuts);
    }

    @Provide
    Arbitrary<byte[]> redis() {
        return mixed(REDIS);
    }

    @Provide
    Arbitrary<byte[]> http() {
        return mixed(HTTP);
    }

    @Provide
    Arbitrary<byte[]> memcache() {
        return mixed(MEMCACHE);
    }

    @Provide
    Arbitrary<byte[]> smtp() {
        return mixed(SMTP);
    }

    /** MySQL packets: a 3-byte length, a sequence id, and a payload that may or may not match it. */
    @Provide
    Arbitrary<byte[]> mysql() {
        Arbitrary<byte[]> packet = Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(payload -> {
            byte[] p = new byte[4 + payload.length];
            int length = payload.length == 0 ? 0 : payload[0] & 0x1f;
            p[0] = (byte) length;
            System.arraycopy(payload, 0, p, 4, payload.length);
            return p;
        });
        return Arbitraries.oneOf(packet, garbage()).list().ofMaxSize(12).map(FramerPropertiesTest::join);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 2000).list().ofMaxSize(8);
    }

    private static Arbitrary<byte[]> mixed(List<String> fragments) {
        Arbitrary<byte[]> valid = Arbitraries.of(fragments).map(f -> f.getBytes(StandardCharsets.ISO_8859_1));
        Arbitrary<byte[]> cut = valid.map(b -> Arrays.copyOf(b, b.length / 2));
        return Arbitraries.frequencyOf(
                Tuple.of(6, valid), Tuple.of(1, cut), Tuple.of(1, garbage()))
                .list().ofMaxSize(20).map(FramerPropertiesTest::join);
    }

    private static Arbitrary<byte[]> garbage() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(30);
    }

    private static byte[] join(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** The bytes as requests, then as responses of the same conversation. */
    private static void bothWays(Protocol protocol, byte[] bytes, List<Integer> cuts) {
        Conversation c = Frames.open(protocol);
        assertArrayEquals(bytes, through(c.requests(), bytes, cuts), "requests");
        assertArrayEquals(bytes, through(c.responses(), bytes, cuts), "responses");
    }

    /** What a framer passes on, run as the engine runs it, over reads that end at {@code cuts}. */
    private static byte[] through(Framer framer, byte[] bytes, List<Integer> cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TreeSet<Integer> ends = new TreeSet<>();
        cuts.forEach(c -> ends.add(Math.min(c, bytes.length)));
        ends.add(bytes.length);
        boolean inMessage = false;
        boolean raw = false;
        int start = 0;
        for (int end : ends) {
            if (end <= start) {
                continue;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start).slice();
            while (in.hasRemaining()) {
                int from = in.position();
                if (raw) {
                    in.position(in.limit());
                } else {
                    if (!inMessage) {
                        inMessage = true;
                        framer.begin(in);
                        assertTrue(in.position() == from, "begin moved the position");
                    }
                    Framer.Step step = framer.scan(in);
                    assertTrue(in.position() >= from, "scan moved backwards");
                    assertTrue(step != Framer.Step.MORE || !in.hasRemaining(), "MORE with bytes left: " + step);
                    // an END or a HEAD that consumed nothing would have the engine loop on the same byte
                    assertTrue(in.position() > from || step.isSwitch() || step == Framer.Step.MORE,
                            step + " without consuming a byte");
                    if (step == Framer.Step.END) {
                        inMessage = false;
                    } else if (step.isSwitch()) {
                        raw = true;
                    }
                }
                byte[] chunk = new byte[in.position() - from];
                in.get(from, chunk);
                out.writeBytes(chunk);
            }
            start = end;
        }
        return out.toByteArray();
    }
}
