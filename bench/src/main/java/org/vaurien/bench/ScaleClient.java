package org.vaurien.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many connections held open at once, each sending a Redis PING now and then and checking its
 * PONG: how many were served, and how many replies came back right.
 */
final class ScaleClient {
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    record Outcome(int connected, int served, long sent, long replies, long wrong) {
    }

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(64);
        long nextPing;
        long sent;
        long replies;
        long wrong;

        Conn(SocketChannel channel, long nextPing) {
            this.channel = channel;
            this.nextPing = nextPing;
        }
    }

    /**
     * Opens {@code n} connections (in batches, so the listen queue keeps up), then for
     * {@code seconds} each pings at a random interval of 1 to 3 s; {@code sample} runs every
     * 200 ms meanwhile (to read the proxy's memory).
     */
    static Outcome run(int port, int n, int seconds, Runnable sample) throws IOException {
        List<Conn> conns = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                try {
                    SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    c.configureBlocking(false);
                    Conn conn = new Conn(c, start + ThreadLocalRandom.current().nextLong(3_000_000_000L));
                    c.register(selector, SelectionKey.OP_READ, conn);
                    conns.add(conn);
                } catch (IOException e) {
                    break;
                }
                if (i % 500 == 499) {
                    sample.run();
                }
            }
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            long nextSample = 0;
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                for (Conn c : conns) {
                    if (now >= c.nextPing && c.channel.isOpen()) {
                        try {
                            c.channel.write(ByteBuffer.wrap(PING));
                            c.sent++;
                        } catch (IOException e) {
                            c.channel.close();
                        }
                        c.nextPing = now + 1_000_000_000L + ThreadLocalRandom.current().nextLong(2_000_000_000L);
                    }
                }
                selector.select(20);
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Conn) key.attachment());
                }
                selector.selectedKeys().clear();
                if (now >= nextSample) {
                    sample.run();
                    nextSample = now + 200_000_000L;
                }
            }
            // let the last replies arrive
            long drain = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < drain && pending(conns) > 0) {
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    read((Conn) key.attachment());
                }
                selector.selectedKeys().clear();
            }
            int served = 0;
            long sent = 0;
            long replies = 0;
            long wrong = 0;
            for (Conn c : conns) {
                served += c.channel.isOpen() && c.sent > 0 && c.replies == c.sent && c.wrong == 0 ? 1 : 0;
                sent += c.sent;
                replies += c.replies;
                wrong += c.wrong;
            }
            return new Outcome(conns.size(), served, sent, replies, wrong);
        } finally {
            for (Conn c : conns) {
                c.channel.close();
            }
        }
    }

    private static long pending(List<Conn> conns) {
        long p = 0;
        for (Conn c : conns) {
            p += c.sent - c.replies;
        }
        return p;
    }

    private static void read(Conn c) {
        try {
            if (c.channel.read(c.in) < 0) {
                c.channel.close();
                return;
            }
        } catch (IOException e) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // already gone
            }
            return;
        }
        c.in.flip();
        while (c.in.remaining() >= PONG.length) {
            byte[] reply = new byte[PONG.length];
            c.in.get(reply);
            if (Arrays.equals(reply, PONG)) {
                c.replies++;
            } else {
                c.wrong++;
            }
        }
        c.in.compact();
    }
}
