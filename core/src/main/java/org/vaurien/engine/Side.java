package org.vaurien.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One socket of a connection: the flow that reads it and the outbound that writes to it, through
 * TLS when the proxy terminates it on this side.
 */
final class Side implements EventLoop.Handler {
    private final Connection conn;
    private final SocketChannel channel;
    private final String label;
    private SelectionKey key;
    /** What the flow and the outbound want; TLS may add to it what its handshake needs. */
    private int ops;
    private int applied;
    private TlsLayer tls;
    private Flow reader;
    private Outbound writer;

    Side(Connection conn, SocketChannel channel, String label) {
        this.conn = conn;
        this.channel = channel;
        this.label = label;
    }

    void wire(Flow reader, Outbound writer) {
        this.reader = reader;
        this.writer = writer;
    }

    void register(int initialOps) throws ClosedChannelException {
        ops = initialOps;
        applied = initialOps;
        key = channel.register(conn.loop().selector(), initialOps, this);
    }

    /** From now on, this socket's bytes go through TLS. */
    void useTls(TlsLayer layer) {
        this.tls = layer;
    }

    @Override
    public void onReady(SelectionKey k) {
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            conn.onBackendConnectable();
            return;
        }
        if (tls != null) {
            onTlsReady(ready);
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            writer.flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !conn.isClosed() && k.isValid()) {
            reader.onReadable();
        }
    }

    /** TLS: the handshake's own needs first, then the flows, which may have waited on it. */
    private void onTlsReady(int ready) {
        try {
            boolean waited = tls.waitsForPeer();
            boolean wasSending = tls.sending();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                tls.flush();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && waited) {
                tls.pump();
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 || waited && !tls.waitsForPeer() || wasSending && !tls.sending()) {
                // the outbound waited on the socket or the handshake, or an end waits for the last records
                writer.flush();
            }
            if ((ops & SelectionKey.OP_READ) != 0) {
                // bytes may have been read while the write waited: read what is there, then the socket
                do {
                    reader.onReadable();
                } while (!conn.isClosed() && (ops & SelectionKey.OP_READ) != 0 && tls.readable());
            }
        } catch (IOException e) {
            conn.fail(this, e);
            return;
        }
        applyTls();
    }

    /** Reads the socket: plaintext when TLS is on. */
    int read(ByteBuffer dst) throws IOException {
        if (tls == null) {
            return channel.read(dst);
        }
        int n = tls.read(dst);
        applyTls();
        return n;
    }

    /** Writes to the socket: plaintext when TLS is on. */
    int write(ByteBuffer src) throws IOException {
        if (tls == null) {
            return channel.write(src);
        }
        int n = tls.write(src);
        applyTls();
        return n;
    }

    /** Bytes already taken that the socket has not sent yet (TLS records). */
    boolean sending() {
        return tls != null && tls.sending();
    }

    void shutdownOutput() throws IOException {
        if (tls == null) {
            channel.shutdownOutput();
        } else {
            tls.shutdownOutput();
            applyTls();
        }
    }

    /** Starts TLS's handshake on this side (the backend's: the proxy speaks first). */
    void startTls() throws IOException {
        tls.start();
        applyTls();
    }

    void interest(int op, boolean on) {
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            ops = wanted;
            if (tls != null) {
                applyTls();
                if (op == SelectionKey.OP_READ && on && tls.readable()) {
                    // plaintext already here: no readiness will come for it
                    conn.loop().schedule(conn.loop().now(), () -> {
                        if (!conn.isClosed() && (ops & SelectionKey.OP_READ) != 0) {
                            reader.onReadable();
                        }
                    });
                }
                return;
            }
            applied = wanted;
            if (key != null && key.isValid()) {
                key.interestOps(wanted);
            }
        }
    }

    /** The flows' wishes plus what TLS needs: to send its records, to hear the peer's handshake. */
    private void applyTls() {
        int wanted = ops;
        if (tls.sending()) {
            wanted |= SelectionKey.OP_WRITE;
        }
        if (tls.waitsForPeer()) {
            wanted |= SelectionKey.OP_READ;
        }
        if (wanted != applied) {
            applied = wanted;
            if (key != null && key.isValid()) {
                key.interestOps(wanted);
            }
        }
    }

    SelectionKey key() {
        return key;
    }

    SocketChannel channel() {
        return channel;
    }

    Outbound writer() {
        return writer;
    }

    Flow reader() {
        return reader;
    }

    String label() {
        return label;
    }

    void cancel() {
        if (key != null) {
            key.cancel();
        }
    }
}
