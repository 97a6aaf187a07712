package org.vaurien.agent.boot;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.jar.JarFile;

/**
 * The agent's entry: does almost nothing and never throws. It puts the bridge on the boot class
 * path, loads the rest (engine, Byte Buddy...) in a class loader of its own that the application
 * cannot see, and hands over. Compiled for Java 8, so that an older JVM gets a message, not a
 * failed start.
 */
public final class AgentMain {
    /** What the last start or attach did, read back by {@code attach} (the only channel back to it). */
    static final String STATUS = "vaurien.agent.status";
    private static final String BRIDGE = "org.vaurien.agent.bridge.Bridge";

    private AgentMain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    private static synchronized void start(String args, Instrumentation inst, boolean attached) {
        try {
            int version = javaVersion();
            if (version < 17) {
                String message = "Java " + version + " is not supported (17 or later is needed); the agent stays inactive";
                System.err.println("vaurien agent: " + message);
                System.setProperty(STATUS, "error: " + message);
                return;
            }
            Object runtime = bridgeRuntime();
            if (runtime == null) {
                File bridge = Extracted.jar("bridge.jar");
                File impl = Extracted.jar("agent-impl.jar");
                inst.appendToBootstrapClassLoaderSearch(new JarFile(bridge));
                // the platform loader (Java 8 code cannot name it; reflection on it would cost an annotation parse)
                ClassLoader parent = ClassLoader.getSystemClassLoader().getParent();
                ClassLoader loader = new URLClassLoader(new URL[] {impl.toURI().toURL()}, parent);
                Class<?> type = Class.forName("org.vaurien.agent.AgentRuntime", true, loader);
                runtime = type.getMethod("create", Instrumentation.class).invoke(null, inst);
                Class.forName(BRIDGE, true, null).getMethod("runtime", Object.class).invoke(null, runtime);
            }
            Object status = runtime.getClass().getMethod("apply", String.class, boolean.class).invoke(runtime, args, attached);
            System.setProperty(STATUS, String.valueOf(status));
        } catch (Throwable t) {
            Throwable cause = t.getCause() != null && t instanceof InvocationTargetException ? t.getCause() : t;
            System.err.println("vaurien agent: " + cause + "; the agent stays inactive");
            System.setProperty(STATUS, "error: " + cause + "; the agent stays inactive");
        }
    }

    /**
     * The runtime of an earlier start, kept by the bridge (loaded once, by the boot loader): an
     * attach from another copy of the agent jar reaches the same runtime, not a second one.
     */
    private static Object bridgeRuntime() throws ReflectiveOperationException {
        try {
            return Class.forName(BRIDGE, true, null).getMethod("runtime").invoke(null);
        } catch (ClassNotFoundException notYet) {
            return null;
        }
    }

    private static int javaVersion() {
        String v = System.getProperty("java.specification.version", "0");
        return Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v);
    }
}
