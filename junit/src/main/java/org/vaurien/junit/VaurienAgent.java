package org.vaurien.junit;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.vaurien.BadInputException;

/**
 * Vaurien's agent installed into this JVM from a test, with no {@code -javaagent} flag: its
 * targets' faults reach the code under test's own connections (a pool, a driver) with no change
 * to their configuration. byte-buddy-agent attaches it, through a helper process where the JVM
 * forbids attaching to itself; JDK 21 and later print a warning for an agent loaded this way
 * unless the JVM runs with {@code -XX:+EnableDynamicAgentLoading}.
 */
public final class VaurienAgent {
    /** What the agent says of its last start, the only channel back from it. */
    private static final String STATUS = "vaurien.agent.status";
    private static final Pattern CONTROL = Pattern.compile("control API on (http://\\S+?)(,|$)");

    private VaurienAgent() {
    }

    /**
     * Starts a session with {@code config} (a config file's path, or {@code match=...;...}), in
     * place of any running one; the instrumentation is put in once per JVM. Returns the control
     * API's URL when the config turns it on ({@code http = true}), else null. A mistake in the
     * config is a {@link BadInputException} naming it, and then no session runs.
     */
    public static synchronized String install(String config) {
        String status = attach("attach;for=0;config=" + config);
        if (status.startsWith("error: ")) {
            throw new BadInputException("the Vaurien agent did not start: " + status.substring("error: ".length()));
        }
        Matcher m = CONTROL.matcher(status);
        return m.find() ? m.group(1) : null;
    }

    /** Ends the running session: faults stop, connects go straight to their servers again. */
    public static synchronized void uninstall() {
        attach("detach");
    }

    private static String attach(String argument) {
        System.clearProperty(STATUS);
        ByteBuddyAgent.attach(agentJar(), Long.toString(ProcessHandle.current().pid()), argument);
        return System.getProperty(STATUS, "error: the agent gave no status");
    }

    /**
     * The agent's jar: the {@code vaurien.agent.jar} system property, else the jar on the class
     * path that holds the agent (its {@code agent-impl.jar} inside).
     */
    static File agentJar() {
        String given = System.getProperty("vaurien.agent.jar");
        if (given != null && !given.isBlank()) {
            File jar = new File(given);
            if (!jar.isFile()) {
                throw new BadInputException("vaurien.agent.jar: no file at " + given);
            }
            return jar;
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            File f = new File(entry);
            if (f.isFile() && f.getName().endsWith(".jar") && holdsAgent(f)) {
                return f;
            }
        }
        throw new BadInputException("the Vaurien agent's jar is neither on the class path nor given with"
                + " -Dvaurien.agent.jar=PATH (agent/target/vaurien-agent.jar)");
    }

    private static boolean holdsAgent(File jar) {
        try (JarFile j = new JarFile(jar)) {
            return j.getEntry("agent-impl.jar") != null && j.getEntry("org/vaurien/agent/boot/AgentMain.class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
