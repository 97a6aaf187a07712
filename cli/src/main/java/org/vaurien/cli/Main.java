package org.vaurien.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceConfigurationError;
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
        } catch (RuntimeException | ServiceConfigurationError e) {
            err.println("vaurien: cannot load the behaviors and protocols: " + e.getMessage());
            return 1;
        }
        String first = args.length > 0 ? args[0] : "";
        CommandLine cl = commandLine(registry, first);
        cl.setOut(out);
        cl.setErr(err);
        boolean sub = List.of("demo", "run", "ctl", "attach", "detach", "ca").contains(first);
        return cl.execute(sub ? Arrays.copyOfRange(args, 1, args.length) : PluginFlags.spelledOurWay(args));
    }

    /**
     * Only the command asked for is built. Every command is declared with picocli's annotations
     * but the proxy's, whose model is built in code (see {@link ProxyCommand}): a proxy's
     * start-up time is what users wait for.
     */
    static CommandLine commandLine(Registry registry, String first) {
        CommandLine cl;
        switch (first) {
            case "demo":
                cl = new CommandLine(new DemoCommand(registry));
                break;
            case "run":
                cl = new CommandLine(new RunCommand(registry));
                break;
            case "ctl":
                cl = new CommandLine(new CtlCommand());
                break;
            case "attach":
                cl = new CommandLine(new AttachCommand.Attach());
                break;
            case "detach":
                cl = new CommandLine(new AttachCommand.Detach());
                break;
            case "ca":
                cl = new CommandLine(new CaCommand());
                break;
            default:
                cl = new CommandLine(ProxyCommand.spec(registry));
        }
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("vaurien: " + e.getMessage()
                    + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
            return 2;
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException) {
                commandLine.getErr().println("vaurien: " + e.getMessage());
                return 2;
            }
            if (e instanceof IllegalStateException || e instanceof UncheckedIOException) {
                commandLine.getErr().println("vaurien: " + e.getMessage());
                return 1;
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
