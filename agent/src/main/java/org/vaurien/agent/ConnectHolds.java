package org.vaurien.agent;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Non-blocking and asynchronous connects made late without holding any thread: the connect goes
 * at once, and what tells the application it completed is held until its time. A selector's key
 * asks the kernel for no event meanwhile (so a Netty or NIO event loop sleeps instead of
 * spinning); an asynchronous channel's completion event is set aside and delivered then.
 */
final class ConnectHolds {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    /** One held connect: its key once a selector asked for it, or its set-aside event. */
    private static final class Hold {
        final boolean async;
        volatile SelectionKey key;
        volatile boolean eventHeld;

        Hold(boolean async) {
            this.async = async;
        }
    }

    private final Map<Object, Hold> holds = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    ConnectHolds(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    void hold(Object channel, long delayMs, boolean async) {
        holds.put(channel, new Hold(async));
        timer.schedule(() -> release(channel), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Called by every selector for every key it updates: one map look-up when nothing is held. */
    int interestEvents(Object key, Object channel, int events) {
        if (holds.isEmpty()) {
            return events;
        }
        Hold h = holds.get(channel);
        if (h == null || h.async) {
            return events;
        }
        h.key = (SelectionKey) key;
        return 0;
    }

    boolean holdsCompletion(Object channel) {
        if (holds.isEmpty()) {
            return false;
        }
        Hold h = holds.get(channel);
        if (h == null) {
            return false;
        }
        h.eventHeld = true;
        return true;
    }

    private void release(Object channel) {
        Hold h = holds.remove(channel);
        if (h == null) {
            return;
        }
        try {
            if (h.async && h.eventHeld) {
                deliver(channel);
            } else if (h.key != null) {
                reregister(h.key);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning(() -> "vaurien agent: could not release a slow connect: " + e);
        }
    }

    /** The selector asks the kernel again, now that the hold is gone: the completion arrives. */
    private static void reregister(SelectionKey key) {
        try {
            int ops = key.interestOps();
            // only a change of interest makes the selector ask again; the application set these ops itself
            key.interestOps(0);
            key.interestOps(ops);
            key.selector().wakeup();
        } catch (CancelledKeyException closedMeanwhile) {
            // the application gave up on it: nothing to deliver
        }
    }

    /** The completion event that was set aside, delivered as the channel group would have. */
    private static void deliver(Object channel) throws ReflectiveOperationException {
        Class<?> net = Class.forName("sun.nio.ch.Net");
        Field pollout = net.getDeclaredField("POLLOUT");
        pollout.setAccessible(true);
        Method onEvent = channel.getClass().getDeclaredMethod("onEvent", int.class, boolean.class);
        onEvent.setAccessible(true);
        onEvent.invoke(channel, ((Number) pollout.get(null)).intValue(), false);
    }
}
