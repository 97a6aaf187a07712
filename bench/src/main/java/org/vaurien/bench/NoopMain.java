package org.vaurien.bench;

/** A main that does nothing: what a JVM's start costs, with the agent and without. */
public final class NoopMain {
    private NoopMain() {
    }

    public static void main(String[] args) {
        // nothing: the JVM's start and exit are what is timed
    }
}
