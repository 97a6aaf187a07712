package org.vaurien.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.vaurien.config.Registry;
import org.vaurien.experiments.Experiment;
import org.vaurien.experiments.ExperimentFile;
import org.vaurien.experiments.Run;
import org.vaurien.experiments.Runner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code vaurien run experiment.yaml}: runs a chaos experiment and writes its report. Exits 0
 * when the steady state held, 1 when it deviated or the run was aborted, 2 on a mistake in the
 * file (nothing started). Ctrl-C aborts and puts every proxy back; a killed run's proxies put
 * themselves back when its lease expires.
 */
@Command(name = "vaurien run", usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = "Runs a chaos experiment: steady-state probes, a timeline of faults, abort conditions, a report.")
final class RunCommand implements Callable<Integer> {
    private final Registry registry;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the experiment file (YAML)")
    Path file;

    @Option(names = "--report", paramLabel = "DIR", description = "where the reports go (default: the file's 'report', or experiment-report)")
    Path report;

    @Option(names = "--check", description = "reads and checks the file, starts nothing")
    boolean check;

    private int shown;
    private boolean told;

    RunCommand(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Experiment e = ExperimentFile.read(file, registry);
        if (report != null) {
            e = new Experiment(e.file(), e.name(), e.hypothesis(), e.maxDuration(), e.seed(), report.toString(),
                    e.faultLog(), e.lease(), e.control(), e.proxies(), e.probes(), e.before(), e.after(), e.timeline(),
                    e.aborts());
        }
        if (check) {
            out.println(file + ": a valid experiment: " + e.probes().size() + " probes, " + e.timeline().size()
                    + " steps, " + e.aborts().size() + " abort conditions");
            return 0;
        }
        Logger.getLogger("org.vaurien").setLevel(Level.WARNING);
        Runner runner = Runner.prepare(e, registry, Main.version());
        Run run = runner.start();
        Thread hook = new Thread(() -> {
            runner.abort("interrupted (Ctrl-C, or a signal)");
            try {
                run.await(Duration.ofSeconds(15));
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            // the JVM halts once the hooks ended: what the main thread has not printed yet is printed here
            tell(out, run);
        }, "vaurien-run-abort");
        Runtime.getRuntime().addShutdownHook(hook);
        out.println("experiment '" + e.name() + "' (run " + run.id() + "): " + e.hypothesis());
        while (!run.await(Duration.ofMillis(100))) {
            tell(out, run);
        }
        tell(out, run);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook aborted the run and told its end
        }
        return run.exitStatus();
    }

    /** Prints the run's events not printed yet and, once it ended, its verdict and report, once. */
    private synchronized void tell(PrintWriter out, Run run) {
        List<Run.Event> events = run.events();
        for (; shown < events.size(); shown++) {
            out.printf("%7.1fs  %s%n", events.get(shown).atMs() / 1000.0, events.get(shown).text());
        }
        if (run.finished() && !told) {
            told = true;
            out.println(run.exitStatus() == 0 ? "HYPOTHESIS HELD" : "HYPOTHESIS NOT HELD: " + run.reason());
            if (run.report() != null) {
                out.println("report: " + run.report() + " (and report.md, report.json beside it)");
            }
        }
        out.flush();
    }
}
