package org.vaurien.experiments;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.vaurien.BadInputException;
import org.vaurien.config.Registry;
import org.vaurien.control.Answer;
import org.vaurien.control.ApiException;
import org.vaurien.control.ControlServer;

/**
 * {@code /experiments} on a control API: {@code POST} an experiment file (its YAML as the body)
 * to run it against this server's proxies, {@code GET} the runs or one run (its probe results,
 * faults and verdict so far), {@code DELETE} one to abort it, every proxy put back.
 */
public final class ExperimentsApi implements ControlServer.Route {
    private static final int KEPT = 50;

    private final Registry registry;
    private final IntSupplier port;
    private final String token;
    private final String version;
    private final Map<String, Runner> runs = new LinkedHashMap<>();

    /** {@code port}: this server's own, for the runs to drive its proxies through it. */
    public ExperimentsApi(Registry registry, IntSupplier port, String token, String version) {
        this.registry = registry;
        this.port = port;
        this.token = token;
        this.version = version;
    }

    @Override
    public Answer handle(String method, List<String> path, String body) {
        if (path.size() == 1) {
            switch (method) {
                case "GET": return Answer.json(200, list().toString());
                case "POST": return Answer.json(201, Report.json(start(body).run(), false).toString());
                default: throw new ApiException(405, "method not allowed");
            }
        }
        if (path.size() != 2) {
            throw new ApiException(404, "not found: /" + String.join("/", path));
        }
        Runner runner;
        synchronized (this) {
            runner = runs.get(path.get(1));
        }
        if (runner == null) {
            throw new ApiException(404, "no experiment run with id " + path.get(1));
        }
        switch (method) {
            case "GET": return Answer.json(200, Report.json(runner.run(), true).toString());
            case "DELETE":
                runner.abort("aborted through the control API");
                return Answer.json(200, Report.json(runner.run(), false).toString());
            default: throw new ApiException(405, "method not allowed");
        }
    }

    /** The runs under way, and the last one that ended, for {@code /status}. */
    @Override
    public synchronized JsonElement live() {
        JsonArray shown = new JsonArray();
        Runner lastEnded = null;
        for (Runner r : runs.values()) {
            if (r.run().outcome() == null) {
                shown.add(Report.live(r.run()));
            } else {
                lastEnded = r;
            }
        }
        if (lastEnded != null) {
            shown.add(Report.live(lastEnded.run()));
        }
        return shown;
    }

    /** The master switch aborts every run: each puts its proxies back, and its report says why. */
    @Override
    public void faultsStopped(String by) {
        List<Runner> going;
        synchronized (this) {
            going = runs.values().stream().filter(r -> r.run().outcome() == null).toList();
        }
        going.forEach(r -> r.abort("every fault was stopped (" + by + ")"));
    }

    private Runner start(String body) {
        if (body == null || body.isBlank()) {
            throw new ApiException(400, "the body is the experiment file (YAML), and it is empty");
        }
        Runner runner;
        try {
            Experiment e = ExperimentFile.parse("experiment", body, registry);
            if (e.control() == null) {
                // the proxies it changes are this server's: it drives them as any client would
                e = new Experiment(e.file(), e.name(), e.hypothesis(), e.maxDuration(), e.seed(), e.reportDir(),
                        e.faultLog(), e.lease(), new Experiment.Control("http://127.0.0.1:" + port.getAsInt(), token),
                        e.proxies(), e.probes(), e.before(), e.after(), e.timeline(), e.aborts());
            }
            runner = Runner.prepare(e, registry, version);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage());
        }
        synchronized (this) {
            runs.put(runner.run().id(), runner);
            forgetOld();
        }
        runner.start();
        return runner;
    }

    /** Keeps the last {@link #KEPT} runs that ended, and every run under way. */
    private void forgetOld() {
        List<String> ended = new ArrayList<>();
        runs.forEach((id, r) -> {
            if (r.run().outcome() != null) {
                ended.add(id);
            }
        });
        for (int i = 0; i < ended.size() - KEPT; i++) {
            runs.remove(ended.get(i));
        }
    }

    private synchronized JsonArray list() {
        JsonArray all = new JsonArray();
        runs.values().forEach(r -> all.add(Report.json(r.run(), false)));
        return all;
    }
}
