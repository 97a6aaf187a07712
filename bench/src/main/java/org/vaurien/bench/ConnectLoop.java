package org.vaurien.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * Connects to a port and closes, as fast as one thread can, for a while: the application side
 * of the agent-cost scenario, run with and without the agent. Prints connects per second.
 */
public final class ConnectLoop {
    private ConnectLoop() {
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0]));
        long millis = Long.parseLong(args[1]);
        boolean channel = args[2].equals("channel");
        // a first second untimed: the JIT and, with the agent, its one-time set-up
        loop(target, channel, 1000);
        long count = loop(target, channel, millis);
        System.out.println(count * 1000.0 / millis);
    }

    private static long loop(InetSocketAddress target, boolean channel, long millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000;
        long count = 0;
        while (System.nanoTime() < end) {
            // closed with a reset, so that a few hundred thousand connects leave no TIME_WAIT behind
            if (channel) {
                try (SocketChannel c = SocketChannel.open(target)) {
                    c.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
            } else {
                try (Socket s = new Socket()) {
                    s.connect(target, 1000);
                    s.setSoLinger(true, 0);
                }
            }
            count++;
        }
        return count;
    }
}
