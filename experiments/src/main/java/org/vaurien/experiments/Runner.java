package org.vaurien.experiments;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vaurien.BadInputException;
import org.vaurien.Client;
import org.vaurien.Probe;
import org.vaurien.config.Registry;
import org.vaurien.experiments.Experiment.ProbeSpec;
import org.vaurien.faults.FaultLog;

/**
 * Runs an experiment: the steady state checked before, the timeline played while the probes
 * watch and the abort conditions are judged, everything put back, the steady state checked
 * after. Every change goes through a control API (the run's own for the proxies it starts) under
 * a lease the run renews: killed, the run leaves proxies that put themselves back.
 */
public final class Runner {
    private static final Logger LOG = Logger.getLogger("org.vaurien");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final Experiment e;
    private final Run run;
    private final LocalProxies local;
    private final Map<String, Server> byProxy = new LinkedHashMap<>();
    private final List<Server> servers = new ArrayList<>();
    private final Map<String, String> targets = new LinkedHashMap<>();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "vaurien-experiment");
        t.setDaemon(true);
        return t;
    });
    private final CountDownLatch wake = new CountDownLatch(1);
    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final StepPlayer timeline;
    private final Judge judge;
    private FaultLog faultLog;
    private Server own;
    private volatile String abortReason;

    /** The control API of a server whose proxies the run changes, and what the run holds there. */
    static final class Server {
        final Client client;
        final List<String> proxies = new ArrayList<>();
        volatile String lease;
        AutoCloseable faults;

        Server(Client client) {
            this.client = client;
        }
    }

    private Runner(Experiment e, LocalProxies local) {
        this.e = e;
        this.run = new Run(e);
        this.local = local;
        this.timeline = new StepPlayer(run, byProxy, clock, this::abort);
        this.judge = new Judge(run, this::abort);
    }

    /**
     * Checks the experiment against the servers it names and starts the proxies it starts;
     * nothing is changed on any proxy yet. A mistake is a {@link BadInputException}, and
     * whatever was started for it is closed.
     */
    public static Runner prepare(Experiment e, Registry registry, String version) {
        LocalProxies local = e.proxies().isEmpty() ? null : new LocalProxies(e, registry, version);
        Runner r = new Runner(e, local);
        try {
            r.connect();
            return r;
        } catch (RuntimeException failure) {
            r.clock.shutdownNow();
            if (local != null) {
                local.close();
            }
            throw failure;
        }
    }

    private void connect() {
        Map<String, String> addresses = new LinkedHashMap<>();
        if (local != null) {
            own = new Server(new Client(local.url(), local.token()));
            servers.add(own);
            addresses.putAll(local.addresses());
        }
        Server remote = null;
        if (e.control() != null) {
            remote = new Server(new Client(e.control().url(), e.control().token()));
            servers.add(remote);
            try {
                for (Client.Proxy p : remote.client.proxies()) {
                    addresses.putIfAbsent(p.name(), p.listen());
                }
            } catch (UncheckedIOException | BadInputException failure) {
                throw new BadInputException(e.file() + ": control: " + failure.getMessage());
            }
        }
        for (Experiment.Step s : e.timeline()) {
            Server server = local != null && local.addresses().containsKey(s.proxy()) ? own : remote;
            if (server == null || !addresses.containsKey(s.proxy())) {
                throw new BadInputException(e.file() + ":" + s.line() + ": proxy '" + s.proxy() + "' is neither started by"
                        + " the experiment nor on " + (e.control() == null ? "a control API" : e.control().url())
                        + " (its proxies: " + String.join(", ", addresses.keySet()) + ")");
            }
            byProxy.put(s.proxy(), server);
            if (!server.proxies.contains(s.proxy())) {
                server.proxies.add(s.proxy());
            }
        }
        for (ProbeSpec p : e.probes().values()) {
            String target = resolve(p, addresses);
            ProbeChecks.checkTarget(p, target);
            targets.put(p.name(), target);
        }
    }

    /** {@code {web}} in a probe's target: the address of the proxy named web. */
    private String resolve(ProbeSpec p, Map<String, String> addresses) {
        Matcher m = PLACEHOLDER.matcher(p.target());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String address = addresses.get(m.group(1));
            if (address == null) {
                throw new BadInputException(e.file() + ":" + p.line() + ": probe '" + p.name() + "': {" + m.group(1)
                        + "} names no proxy (the experiment's: " + String.join(", ", addresses.keySet()) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(address));
        }
        return m.appendTail(out).toString();
    }

    /** The address of a proxy this run started, {@code host:port}. */
    public String address(String proxy) {
        return local == null ? null : local.addresses().get(proxy);
    }

    /** Starts the run on a thread of its own. */
    public Run start() {
        Thread t = new Thread(this::play, "vaurien-experiment-" + run.id());
        t.setDaemon(true);
        t.start();
        return run;
    }

    public Run run() {
        return run;
    }

    /** Ends the run now and puts every proxy back; the steady state after is not waited for. */
    public void abort(String why) {
        synchronized (this) {
            if (abortReason != null || run.outcome() != null) {
                return;
            }
            abortReason = why;
            run.event("abort: " + why);
        }
        restore();
        wake.countDown();
    }

    private void play() {
        try {
            openFaultLog();
            if (local != null) {
                local.addFaultListener(this::fault);
            }
            for (Server s : servers) {
                if (!s.proxies.isEmpty()) {
                    s.lease = s.client.takeLease(s.proxies, e.lease());
                }
                if (s != own) {
                    // another process's faults come by its event stream (a slow reader may lose some, counted there)
                    s.faults = s.client.followFaults(this::fault);
                }
            }
            long renewMs = Math.max(100, e.lease().toMillis() / 3);
            clock.scheduleAtFixedRate(this::renew, renewMs, renewMs, TimeUnit.MILLISECONDS);
            clock.schedule(() -> abort("its max_duration of " + Durations.text(e.maxDuration()) + " was reached"),
                    e.maxDuration().toMillis(), TimeUnit.MILLISECONDS);
            startProbes();
            run.enter(Run.Phase.BEFORE);
            if (sleep(e.before()) && judge.before(probes, e.before())) {
                run.enter(Run.Phase.TIMELINE);
                timeline.play(this::sleepUntil);
            }
            restore();
            judge.closeOpen();
            if (abortReason == null && run.outcome() == null) {
                run.enter(Run.Phase.AFTER);
                if (sleep(e.after())) {
                    judge.after(probes, e.after());
                }
            }
            conclude();
        } catch (RuntimeException failure) {
            LOG.warning("experiment " + e.name() + ": " + failure.getMessage());
            abort("it failed: " + failure.getMessage());
            conclude();
        } finally {
            finish();
        }
    }

    private void conclude() {
        if (abortReason != null) {
            run.end(Run.Outcome.ABORTED, abortReason);
            return;
        }
        String deviated = judge.firstDeviation();
        if (run.outcome() == null) {
            run.end(deviated == null ? Run.Outcome.HELD : Run.Outcome.DEVIATED,
                    deviated == null ? "the steady state held" : deviated);
        }
    }

    private void startProbes() {
        for (ProbeSpec spec : e.probes().values()) {
            Probe p = Probe.named(spec.name(), spec.every(), ProbeChecks.of(spec, targets.get(spec.name())));
            long offset = (p.startNanos() - run.startNanos) / 1_000_000;
            p.onResult(r -> judge.result(spec, p, r, offset));
            probes.put(spec.name(), p);
        }
        judge.aborts(e.aborts());
    }

    /** Waits for {@code d}; false when the run was aborted meanwhile. */
    private boolean sleep(Duration d) {
        return sleepUntil(System.nanoTime() + d.toNanos());
    }

    private boolean sleepUntil(long deadlineNanos) {
        try {
            long left = deadlineNanos - System.nanoTime();
            return !(left > 0 ? wake.await(left, TimeUnit.NANOSECONDS) : wake.getCount() == 0) && abortReason == null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            abort("interrupted");
            return false;
        }
    }

    /** Reverts the steps under way and ends the leases (their servers put back what they kept). Once. */
    private synchronized void restore() {
        if (timeline.restored()) {
            return;
        }
        timeline.revertAll();
        for (Server s : servers) {
            if (s.lease != null) {
                try {
                    s.client.endLease(s.lease);
                } catch (RuntimeException failure) {
                    run.event("could not end the lease on " + s.client + " (it expires by itself): " + failure.getMessage());
                }
                s.lease = null;
            }
        }
        run.event("restored: every proxy does what it did before the experiment");
    }

    private void renew() {
        for (Server s : servers) {
            String lease = s.lease;
            if (lease != null) {
                try {
                    s.client.renewLease(lease);
                } catch (RuntimeException failure) {
                    abort("its lease could not be renewed: " + failure.getMessage());
                }
            }
        }
    }

    private void fault(org.vaurien.FaultRecord f) {
        run.fault(f);
        FaultLog log = faultLog;
        if (log != null) {
            log.onFault(f);
        }
    }

    private void openFaultLog() {
        if (e.faultLog() != null) {
            faultLog = FaultLog.open(Path.of(e.faultLog()));
        }
    }

    private void finish() {
        probes.values().forEach(Probe::close);
        try {
            // the last faults are on their way in the event streams
            Thread.sleep(200);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Server s : servers) {
            try {
                if (s.faults != null) {
                    s.faults.close();
                }
            } catch (Exception ignored) {
                // the stream is gone already
            }
        }
        clock.shutdownNow();
        if (faultLog != null) {
            faultLog.close();
        }
        if (local != null) {
            local.close();
        }
        try {
            run.report = Report.write(run, Path.of(e.reportDir()));
        } catch (UncheckedIOException failure) {
            run.event(failure.getMessage());
        }
        run.released();
    }
}
