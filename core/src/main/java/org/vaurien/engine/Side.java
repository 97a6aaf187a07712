package org.vaurien.engine;

import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One socket of a connection: the flow that reads it and the outbound that writes to it. */
final class Side implements EventLoop.Handler {
    private final Connection conn;
    private final SocketChannel channel;
    private final String label;
    private SelectionKey key;
    private int ops;
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
        key = channel.register(conn.loop().selector(), initialOps, this);
    }

    @Override
    public void onReady(SelectionKey k) {
        int ready = k.readyOps();
        if ((ready & SelectionKey.OP_CONNECT) != 0) {
            conn.onBackendConnectable();
            return;
        }
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            writer.flush();
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !conn.isClosed() && k.isValid()) {
            reader.onReadable();
        }
    }

    void interest(int op, boolean on) {
        int wanted = on ? ops | op : ops & ~op;
        if (wanted != ops) {
            ops = wanted;
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
