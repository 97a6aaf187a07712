package org.vaurien.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Runs a task when the JVM exits, after every shutdown hook of the application has finished.
 * Why: a JVM that exits waits up to 300 ms for each thread still in native code, and the
 * embedded proxies' event loops sleep in {@code epoll_wait}; stopped by an application hook,
 * they would cut the traffic of the application's own hooks (a pool saying goodbye to its
 * database). The JDK runs its system hooks in slots, the application's in slot 1: a later
 * slot is what is needed, and the agent's instrumentation lets it reach the JDK's internal
 * registration. Where a JDK does not allow it, the exit is 300 ms slower, nothing else.
 */
final class LastAtExit {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    /** Slots 0 to 9 exist; 0 to 2 are the JDK's own (console, application hooks, delete-on-exit). */
    private static final int FIRST_FREE = 3;
    private static final int LAST = 9;

    private LastAtExit() {
    }

    static void register(Instrumentation inst, Runnable task) {
        try {
            Module javaBase = Object.class.getModule();
            inst.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.access", Set.of(LastAtExit.class.getModule())),
                    Map.of(), Set.of(), Map.of());
            Class<?> secrets = Class.forName("jdk.internal.access.SharedSecrets");
            Object access = secrets.getMethod("getJavaLangAccess").invoke(null);
            Class<?> type = Class.forName("jdk.internal.access.JavaLangAccess");
            var add = type.getMethod("registerShutdownHook", int.class, boolean.class, Runnable.class);
            for (int slot = LAST; slot >= FIRST_FREE; slot--) {
                try {
                    add.invoke(access, slot, false, (Runnable) () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            // the JVM is exiting: nothing of the agent's may get in its way
                        }
                    });
                    return;
                } catch (java.lang.reflect.InvocationTargetException taken) {
                    // the slot is someone else's: the next one
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.fine(() -> "vaurien agent: no late exit hook on this JDK (" + e + "): the JVM's exit waits for its event loops");
        }
    }
}
