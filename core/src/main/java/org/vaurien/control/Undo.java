package org.vaurien.control;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The changes made from the web page, newest first, each with every proxy's state before it:
 * {@code POST /undo} puts the proxies back as they were before the last one.
 */
final class Undo {
    private static final int KEPT = 50;

    /** A change, named as the page named it, and every proxy's state before it. */
    record Entry(String change, Instant at, Map<String, ManagedProxy.State> before) {
    }

    private final ProxyManager manager;
    private final Deque<Entry> entries = new ArrayDeque<>();

    Undo(ProxyManager manager) {
        this.manager = manager;
    }

    /** Every proxy's state now, to {@link #record} once the change is made. */
    Map<String, ManagedProxy.State> before() {
        return manager.states();
    }

    /** Keeps the change when it changed anything. */
    synchronized void record(String change, Map<String, ManagedProxy.State> before) {
        if (before.equals(manager.states())) {
            return;
        }
        entries.push(new Entry(change, Instant.now(), before));
        if (entries.size() > KEPT) {
            entries.removeLast();
        }
    }

    synchronized Entry last() {
        return entries.peek();
    }

    /** Puts back the proxies as they were before the last change; 409 when there is none. */
    synchronized Entry undo() {
        Entry last = entries.peek();
        if (last == null) {
            throw new ApiException(409, "there is no change of the page's to undo");
        }
        manager.restoreAll(last.before());
        entries.pop();
        return last;
    }
}
