package org.vaurien.cli;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vaurien attach PID CONFIG [--for DURATION]} and {@code vaurien detach PID}: run the
 * agent jar's own attach code, so that the command and {@code java -jar vaurien-agent.jar attach}
 * behave alike. The agent jar is found with {@code --agent PATH}, next to vaurien.jar, or in the
 * source tree's agent/target.
 */
final class AttachCommand {
    private AttachCommand() {
    }

    @Command(name = "vaurien attach", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Loads the Vaurien agent into a running JVM of the same user for a chaos session.",
                "CONFIG is an agent config file or key=value;... for one target; attaching again replaces the configuration."})
    static final class Attach implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PID")
        String pid;

        @Parameters(index = "1", paramLabel = "CONFIG")
        String config;

        @Option(names = "--for", paramLabel = "DURATION", description = "ends the session by itself (60s, 5m, 500ms)")
        String duration;

        @Option(names = "--agent", paramLabel = "PATH", description = "the agent jar (default: next to vaurien.jar)")
        String agent;

        @Override
        public Integer call() {
            List<String> args = new ArrayList<>(List.of("attach", pid, config));
            if (duration != null) {
                args.addAll(List.of("--for", duration));
            }
            return runAgentJar(agent, args, spec);
        }
    }

    @Command(name = "vaurien detach", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Ends the chaos session the Vaurien agent runs in a JVM; the application keeps running.")
    static final class Detach implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PID")
        String pid;

        @Option(names = "--agent", paramLabel = "PATH", description = "the agent jar (default: next to vaurien.jar)")
        String agent;

        @Override
        public Integer call() {
            return runAgentJar(agent, List.of("detach", pid), spec);
        }
    }

    private static int runAgentJar(String agent, List<String> args, CommandSpec spec) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
                    .invoke(null, args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                            new PrintStream(e, true, StandardCharsets.UTF_8));
        } catch (ReflectiveOperationException | IOException | LinkageError x) {
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
        } catch (URISyntaxException | IOException | SecurityException e) {
            // fall through: --agent is then needed
        }
        return null;
    }
}
