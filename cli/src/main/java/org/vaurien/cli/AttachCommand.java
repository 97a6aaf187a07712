package org.vaurien.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vaurien attach PID CONFIG [--for DURATION]} and {@code vaurien detach PID}: runs the
 * agent jar's own attach code, so that the command and {@code java -jar vaurien-agent.jar attach}
 * behave alike. The agent jar is found with {@code --agent PATH}, next to vaurien.jar, or in the
 * source tree's agent/target.
 */
final class AttachCommand {
    private AttachCommand() {
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        List<String> rest = new ArrayList<>();
        String agent = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--agent") && i + 1 < args.length) {
                agent = args[++i];
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println("Usage: vaurien attach PID CONFIG [--for DURATION] [--agent PATH]\n"
                        + "       vaurien detach PID [--agent PATH]\n"
                        + "Loads the Vaurien agent into a running JVM of the same user for a chaos session:\n"
                        + "CONFIG is an agent config file or key=value;... for one target; DURATION ends the\n"
                        + "session by itself (60s, 5m, 500ms); attaching again replaces the configuration.");
                return 0;
            } else {
                rest.add(args[i]);
            }
        }
        File jar = agent != null ? new File(agent) : findAgentJar();
        if (jar == null || !jar.isFile()) {
            err.println("vaurien: cannot find vaurien-agent.jar" + (agent != null ? " at " + agent : "")
                    + "; give its path with --agent PATH");
            return 2;
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, Main.class.getClassLoader())) {
            status = (Integer) loader.loadClass("org.vaurien.agent.boot.AttachMain")
                    .getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, rest.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                            new PrintStream(e, true, StandardCharsets.UTF_8));
        } catch (ReflectiveOperationException | java.io.IOException | LinkageError x) {
            err.println("vaurien: " + jar + " is not a usable Vaurien agent jar (" + x + ")");
            return 2;
        }
        out.print(o.toString(StandardCharsets.UTF_8));
        out.flush();
        err.print(e.toString(StandardCharsets.UTF_8));
        err.flush();
        return status;
    }

    private static File findAgentJar() {
        try {
            File self = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            File dir = self.isFile() ? self.getParentFile() : self;
            for (File candidate : new File[] {new File(dir, "vaurien-agent.jar"),
                new File(dir, "../../agent/target/vaurien-agent.jar")}) {
                if (candidate.isFile()) {
                    return candidate.getCanonicalFile();
                }
            }
        } catch (java.net.URISyntaxException | java.io.IOException | SecurityException e) {
            // fall through: --agent is then needed
        }
        return null;
    }
}
