package org.vaurien.cli;

import java.io.PrintWriter;
import org.vaurien.BadInputException;
import org.vaurien.config.Registry;
import picocli.CommandLine;

/**
 * The {@code vaurien} command. A user's mistake prints one line naming it and exits with 2; an
 * unexpected failure prints its stack trace and exits with 1.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command with these streams and returns its exit status (tests call this). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Registry registry;
        try {
            registry = Registry.load();
        } catch (RuntimeException | java.util.ServiceConfigurationError e) {
            err.println("vaurien: cannot load the behaviors and protocols: " + e.getMessage());
            return 1;
        }
        CommandLine cl = commandLine(registry);
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    static CommandLine commandLine(Registry registry) {
        CommandLine cl = new CommandLine(new ProxyCommand(registry));
        PluginFlags.addTo(cl.getCommandSpec(), registry);
        cl.addSubcommand("demo", new DemoCommand(registry));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("vaurien: " + e.getMessage()
                    + " (see 'vaurien --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException) {
                commandLine.getErr().println("vaurien: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("vaurien: unexpected failure: " + e);
            e.printStackTrace(commandLine.getErr());
            return 1;
        });
        return cl;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
