package org.vaurien.agent.boot;

import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar vaurien-agent.jar attach PID CONFIG [--for DURATION]} and {@code detach PID}:
 * loads the agent into a running JVM of the same user (the JDK's attach API), or ends its
 * session. {@code vaurien attach} runs this same class from the agent jar.
 */
public final class AttachMain {
    private AttachMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Exit status: 0 done, 2 a mistake in the arguments or a process that cannot be attached to. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length >= 2 && args[0].equals("detach")) {
                out.println("vaurien: process " + args[1] + ": " + status(load(pid(args[1]), "detach")));
                return 0;
            }
            if (args.length < 3 || !args[0].equals("attach")) {
                err.println("usage: attach PID CONFIG [--for DURATION] | detach PID  (DURATION: 60s, 5m, 500ms)");
                return 2;
            }
            long forMillis = 0;
            for (int i = 3; i < args.length; i++) {
                if (args[i].equals("--for") && i + 1 < args.length) {
                    forMillis = duration(args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            String config = args[2];
            File file = new File(config);
            if (!config.contains("=") && !file.isFile()) {
                throw new IllegalArgumentException("config file " + config + " does not exist");
            }
            String target = config.contains("=") && !file.isFile() ? config : file.getAbsolutePath();
            Properties props = load(pid(args[1]), "attach;for=" + forMillis + ";config=" + target);
            String status = status(props);
            if (status.startsWith("error: ")) {
                err.println("vaurien: process " + args[1] + ": " + status.substring("error: ".length()));
                return 2;
            }
            out.println("vaurien: process " + args[1] + ": " + status
                    + (forMillis > 0 ? "; the session then ends by itself" : "; 'detach " + args[1] + "' ends it"));
            String v = props.getProperty("java.specification.version", "0");
            if (Integer.parseInt(v.startsWith("1.") ? v.substring(2) : v) >= 21) {
                out.println("note: Java 21 and later print a warning when an agent is loaded into a running JVM"
                        + " (JEP 451); start the JVM with -XX:+EnableDynamicAgentLoading to allow it without one.");
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("vaurien: " + e.getMessage());
            return 2;
        }
    }

    private static String pid(String text) {
        if (!text.matches("\\d+")) {
            throw new IllegalArgumentException("'" + text + "' is not a process id");
        }
        return text;
    }

    /** 60s, 5m, 500ms, 1h; a bare number is seconds. */
    static long duration(String text) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("--for '" + text + "' is not a duration (60s, 5m, 500ms)");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double factor = unit.equals("ms") ? 1 : unit.equals("s") ? 1000 : unit.equals("m") ? 60_000 : 3_600_000;
        return Math.round(n * factor);
    }

    private static String status(Properties props) {
        return props.getProperty(AgentMain.STATUS, "error: the agent gave no status");
    }

    /** Loads the agent with these arguments; the target's system properties then hold what it did. */
    private static Properties load(String pid, String agentArgs) {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException | IOException e) {
            throw new IllegalArgumentException("cannot attach to process " + pid + " (" + e.getMessage()
                    + "); it must be a running JVM of the same user");
        }
        try {
            vm.loadAgent(agentJar(), agentArgs);
            return vm.getSystemProperties();
        } catch (AgentLoadException | IOException e) {
            throw new IllegalArgumentException("the agent could not be loaded into process " + pid + ": " + e.getMessage());
        } catch (com.sun.tools.attach.AgentInitializationException e) {
            throw new IllegalArgumentException("the agent failed to start in process " + pid + ": " + e.getMessage());
        } finally {
            try {
                vm.detach();
            } catch (IOException ignored) {
                // the agent is loaded; losing the attach connection does not matter
            }
        }
    }

    private static String agentJar() {
        try {
            return new File(AttachMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getAbsolutePath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
