package org.vaurien.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vaurien.BadInputException;
import org.vaurien.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vaurien ctl experiment run|status|abort}: experiments run by a {@code vaurien --http} server. */
@Command(name = "experiment", description = "runs, follows and aborts experiments on the server",
        subcommands = {CtlExperiment.Start.class, CtlExperiment.Status.class, CtlExperiment.Abort.class})
final class CtlExperiment {
    @ParentCommand
    CtlCommand ctl;

    /** What every experiment subcommand has: the server, and where to print. */
    abstract static class OnServer implements Callable<Integer> {
        @ParentCommand
        CtlExperiment parent;

        @Spec
        CommandSpec spec;

        Client server() {
            return parent.ctl.server();
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    static String line(JsonObject run) {
        JsonElement outcome = run.get("outcome");
        return run.get("id").getAsString() + "  " + run.get("experiment").getAsString() + "  "
                + run.get("phase").getAsString()
                + (outcome == null || outcome.isJsonNull() ? "" : "  " + outcome.getAsString() + ": " + run.get("reason").getAsString());
    }

    @Command(name = "run", description = "sends an experiment file to the server, which runs it; prints the run's id")
    static final class Start extends OnServer {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            String yaml;
            try {
                yaml = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new BadInputException(file + ": no such experiment file");
            } catch (IOException e) {
                throw new BadInputException(file + ": cannot read it: " + e.getMessage());
            }
            out().println(server().startExperiment(yaml));
            return 0;
        }
    }

    @Command(name = "status", description = "prints a run's phase and verdict (0: held or under way, 1: not held)")
    static final class Status extends OnServer {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--json", description = "the whole run as the server tells it: steps, probe results, faults")
        boolean json;

        @Override
        public Integer call() {
            JsonObject run = server().experiment(id);
            out().println(json ? run.toString() : line(run));
            JsonElement outcome = run.get("outcome");
            return outcome == null || outcome.isJsonNull() || outcome.getAsString().equals("held") ? 0 : 1;
        }
    }

    @Command(name = "abort", description = "aborts a run: every proxy it changed is put back")
    static final class Abort extends OnServer {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            out().println(line(server().abortExperiment(id)));
            return 0;
        }
    }
}
