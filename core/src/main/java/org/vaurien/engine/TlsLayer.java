package org.vaurien.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS on one socket of a connection, non-blocking: the flow reads plaintext from it and the
 * outbound writes plaintext to it, as they would to the socket. The handshake goes on inside
 * those calls; when it needs the other way (a read that must first send, a write that waits for
 * the peer's bytes) it says so, and its {@link Side} asks the selector for that.
 */
final class TlsLayer {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private final SSLEngine engine;
    private final SocketChannel channel;
    /** Ciphertext read and not yet unwrapped (write mode). */
    private ByteBuffer netIn;
    /** Ciphertext made and not yet sent (read mode). */
    private ByteBuffer netOut;
    /** Plaintext unwrapped and not yet read (read mode). */
    private ByteBuffer appIn;
    /** A write waits for the peer's handshake bytes. */
    private boolean writeWaitsForPeer;
    private boolean ended;
    /** The last read stopped for the socket: nothing more comes without a readiness. */
    private boolean starved;

    TlsLayer(SSLEngine engine, SocketChannel channel) {
        this.engine = engine;
        this.channel = channel;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize()).flip();
    }

    /** Plaintext into {@code dst}: the bytes given, 0 when none yet, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        starved = false;
        while (true) {
            if (appIn.hasRemaining()) {
                return give(dst);
            }
            if (ended) {
                return -1;
            }
            if (!step()) {
                return 0;
            }
        }
    }

    /**
     * The handshake's bytes from the peer, read and kept without giving any plaintext away: for
     * a write that waits for them while the flow does not read.
     */
    void pump() throws IOException {
        while (writeWaitsForPeer && !ended && !appIn.hasRemaining() && step()) {
            writeWaitsForPeer = engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
        }
        writeWaitsForPeer &= engine.getHandshakeStatus() == HandshakeStatus.NEED_UNWRAP;
    }

    /** One step of progress on the inbound side; false when it must wait (for bytes, or to send). */
    private boolean step() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) {
            runTasks();
            return true;
        }
        if (hs == HandshakeStatus.NEED_WRAP) {
            wrap(EMPTY);
            starved = !flush();
            return !starved;
        }
        netIn.flip();
        appIn.compact();
        SSLEngineResult r;
        try {
            r = engine.unwrap(netIn, appIn);
        } finally {
            appIn.flip();
            netIn.compact();
        }
        switch (r.getStatus()) {
            case OK:
                return true;
            case CLOSED:
                ended = true;
                return true;
            case BUFFER_OVERFLOW:
                appIn = grow(appIn, engine.getSession().getApplicationBufferSize(), true);
                return true;
            default:
                // BUFFER_UNDERFLOW: a record is not all here
                if (!netIn.hasRemaining()) {
                    netIn = grow(netIn, engine.getSession().getPacketBufferSize(), false);
                }
                int n = channel.read(netIn);
                if (n < 0) {
                    ended = true;
                    return true;
                }
                starved = n == 0;
                return n > 0;
        }
    }

    /** Plaintext from {@code src}: the bytes taken, 0 when the socket or the handshake holds them back. */
    int write(ByteBuffer src) throws IOException {
        if (!flush()) {
            return 0;
        }
        int taken = 0;
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (hs == HandshakeStatus.NEED_UNWRAP || hs == HandshakeStatus.NEED_UNWRAP_AGAIN) {
                writeWaitsForPeer = true;
                return taken;
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                wrap(EMPTY);
                if (!flush()) {
                    return taken;
                }
            } else if (!src.hasRemaining()) {
                return taken;
            } else {
                taken += wrap(src);
                if (!flush()) {
                    return taken;
                }
            }
        }
    }

    /** Starts the handshake (a client's hello): nothing is read or written by the flows yet. */
    void start() throws IOException {
        engine.beginHandshake();
        write(EMPTY);
    }

    /** Sends close_notify, then half-closes the socket. */
    void shutdownOutput() throws IOException {
        engine.closeOutbound();
        while (!engine.isOutboundDone()) {
            wrap(EMPTY);
        }
        flush();
        channel.shutdownOutput();
    }

    /** Sends what ciphertext is waiting; true when none is left. */
    boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    /** Ciphertext waits to be sent. */
    boolean sending() {
        return netOut.hasRemaining();
    }

    /** A write waits for bytes from the peer. */
    boolean waitsForPeer() {
        return writeWaitsForPeer;
    }

    /**
     * A read may give something without a readiness of the socket: plaintext or the end is here,
     * or records were read with it that are not unwrapped yet (the socket has nothing more to say
     * about them).
     */
    boolean readable() {
        return appIn.hasRemaining() || ended || !starved && netIn.position() > 0;
    }

    private int wrap(ByteBuffer src) throws IOException {
        netOut.compact();
        SSLEngineResult r;
        try {
            r = engine.wrap(src, netOut);
        } finally {
            netOut.flip();
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
            netOut = grow(netOut, engine.getSession().getPacketBufferSize(), true);
        } else if (r.getStatus() == SSLEngineResult.Status.CLOSED && src.hasRemaining()) {
            throw new SSLException("the TLS session is closed");
        }
        return r.bytesConsumed();
    }

    private int give(ByteBuffer dst) {
        int n = Math.min(dst.remaining(), appIn.remaining());
        int limit = appIn.limit();
        appIn.limit(appIn.position() + n);
        dst.put(appIn);
        appIn.limit(limit);
        return n;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** A bigger buffer with the same content, in the same mode ({@code readMode}: position to limit is content). */
    private static ByteBuffer grow(ByteBuffer b, int atLeast, boolean readMode) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, atLeast));
        if (readMode) {
            bigger.put(b).flip();
        } else {
            b.flip();
            bigger.put(b);
        }
        return bigger;
    }
}
