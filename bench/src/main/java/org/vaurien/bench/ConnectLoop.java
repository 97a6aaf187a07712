package org.vaurien.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
        long millis = Long.parseLong(args[0]);
        boolean channel = args[1].equals("channel");
        // A listener of its own on a fresh port: a shared server (redis-server after the scale
        // scenario) once let a SYN wait for its 1 s retransmission and the connect time out.
        try (ServerSocket server = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptAndClose(server), "acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            InetSocketAddress target = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            // a first second untimed: the JIT and, with the agent, its one-time set-up
            loop(target, channel, 1000);
            long count = loop(target, channel, millis);
            System.out.println(count * 1000.0 / millis);
        }
    }

    private static void acceptAndClose(ServerSocket server) {
        while (!server.isClosed()) {
            try {
                server.accept().close();
            } catch (IOException e) {
                // the client's reset, or the listener closed at the end: nothing to do either way
            }
        }
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
                    s.connect(target, 5000);
                    s.setSoLinger(true, 0);
                }
            }
            count++;
        }
        return count;
    }
}
