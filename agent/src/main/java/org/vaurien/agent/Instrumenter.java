package org.vaurien.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.vaurien.agent.bridge.Bridge;

/**
 * Puts the advice into the JDK's socket classes and takes the connects' out again: retransformation
 * of bootstrap classes, without changing their shape, so it works on classes already loaded. Its
 * own transformer, not a general instrumentation library: the agent touches eight methods of five
 * classes, and a library's machinery cost every JVM more than a second of its start.
 */
final class Instrumenter {
    private final Instrumentation inst;
    /** The connects' advice: redirects, held connects. Taken out at detach. */
    private AdviceTransformer connects;
    /**
     * The advice of the methods that report a connection's peer: it stays after detach, so that
     * a connection opened through the agent reports the target the application asked for for as
     * long as it lives (after the last one is gone, each call costs an empty map's check).
     */
    private AdviceTransformer addresses;

    Instrumenter(Instrumentation inst) {
        this.inst = inst;
    }

    /**
     * Loads the class-file library's classes on another thread, while the agent's start goes on:
     * they are most of what the first installation waits for. The advice written here is thrown away.
     */
    static void warmUp(Executor executor) {
        executor.execute(() -> {
            try (InputStream in = Object.class.getResourceAsStream("/java/net/Socket.class")) {
                byte[] socket = in.readAllBytes();
                new AdviceTransformer(SocketAdvice.CONNECTS).transform(null, null, "java/net/Socket", null, null, socket);
            } catch (IOException | RuntimeException e) {
                // only time was to be saved
            }
        });
    }

    synchronized boolean installed() {
        return connects != null;
    }

    synchronized void install() {
        if (connects != null) {
            return;
        }
        letJavaBaseReadTheBridge();
        List<AdviceTransformer> added = new ArrayList<>();
        if (addresses == null) {
            addresses = new AdviceTransformer(SocketAdvice.ADDRESSES);
            added.add(addresses);
        }
        connects = new AdviceTransformer(SocketAdvice.CONNECTS);
        added.add(connects);
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (AdviceTransformer t : added) {
            inst.addTransformer(t, true);
            classes.addAll(t.loadTargets());
        }
        classes.addAll(AdviceTransformer.loadedLibraryClasses(inst, added));
        retransform(classes);
        addresses.reportMissing();
        connects.reportMissing();
    }

    /** Takes the connects' advice out again where the JVM allows it; false when it could not. */
    synchronized boolean uninstall() {
        if (connects == null) {
            return true;
        }
        inst.removeTransformer(connects);
        Set<Class<?>> classes = new LinkedHashSet<>(connects.loadTargets());
        classes.addAll(AdviceTransformer.loadedLibraryClasses(inst, List.of(connects)));
        connects = null;
        try {
            retransform(classes);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private void retransform(Set<Class<?>> classes) {
        try {
            inst.retransformClasses(classes.toArray(new Class<?>[0]));
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("cannot retransform " + classes + ": " + e, e);
        }
    }

    /**
     * Inlined advice in java.base calls the bridge, which sits in the boot loader's unnamed
     * module; the agent itself reaches into sun.nio.ch to release a held asynchronous connect.
     */
    private void letJavaBaseReadTheBridge() {
        Module javaBase = Object.class.getModule();
        Module bridge = Bridge.class.getModule();
        inst.redefineModule(javaBase, Set.of(bridge), Map.of(),
                Map.of("sun.nio.ch", Set.of(Instrumenter.class.getModule())), Set.of(), Map.of());
    }
}
