package org.vaurien.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.vaurien.BadInputException;
import org.vaurien.config.HostPort;
import org.vaurien.config.MixSpec;
import org.vaurien.config.Registry;
import org.vaurien.experiments.Experiment.Abort;
import org.vaurien.experiments.Experiment.Control;
import org.vaurien.experiments.Experiment.LocalProxy;
import org.vaurien.experiments.Experiment.ProbeSpec;
import org.vaurien.experiments.Experiment.Step;
import org.vaurien.experiments.Experiment.ToxicSpec;
import org.vaurien.experiments.Experiment.Trigger;

/**
 * Reads an experiment file (YAML) into an {@link Experiment}, refusing every mistake with file,
 * line and reason before anything starts: an unknown key, a time that is not one, a step that
 * overlaps its neighbour on the same proxy, a probe without a target, a name that names nothing.
 */
public final class ExperimentFile {
    static final Duration DEFAULT_MAX = Duration.ofMinutes(10);
    private static final Pattern COUNT = Pattern.compile("(\\d+)\\s*exchanges?");

    private final Yaml yaml;
    private final Registry registry;

    private ExperimentFile(Yaml yaml, Registry registry) {
        this.yaml = yaml;
        this.registry = registry;
    }

    /** Reads {@code path}; {@code registry} checks the behaviors of the proxies it starts. */
    public static Experiment read(Path path, Registry registry) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadInputException(path + ": no such experiment file");
        } catch (IOException e) {
            throw new BadInputException(path + ": cannot read it: " + e.getMessage());
        }
        return parse(path.toString(), text, registry);
    }

    public static Experiment parse(String file, String text, Registry registry) {
        Map.Entry<Yaml, Yaml.Obj> doc = Yaml.read(file, text);
        return new ExperimentFile(doc.getKey(), registry).experiment(file, doc.getValue());
    }

    private Experiment experiment(String file, Yaml.Obj root) {
        String name = root.text("name", baseName(file));
        String hypothesis = root.text("hypothesis", "the steady state holds while the faults are injected");
        Duration max = root.time("max_duration", DEFAULT_MAX);
        if (max.isZero()) {
            throw yaml.at(root.get("max_duration"), "max_duration: an experiment always has a bound, more than 0");
        }
        Long seed = root.has("seed") ? yaml.count(root.get("seed"), "seed") : null;
        String report = root.text("report", "experiment-report");
        String faultLog = root.text("fault_log", null);
        Duration lease = root.time("lease", Duration.ofSeconds(10));
        if (lease.toMillis() < 500) {
            throw yaml.at(root.get("lease"), "lease: " + Durations.text(lease) + " is too short to renew (500ms at least)");
        }
        Control control = root.has("control") ? control(yaml.obj(root.get("control"), "control")) : null;
        Map<String, LocalProxy> proxies = new LinkedHashMap<>();
        if (root.has("proxies")) {
            yaml.obj(root.get("proxies"), "proxies").entries().forEach((n, node) -> proxies.put(n, proxy(n, node)));
        }
        if (proxies.isEmpty() && control == null) {
            throw yaml.at(root.node, "no proxy to drive: give 'proxies' to start, or 'control' (the url of a running"
                    + " vaurien --http or an agent's control API)");
        }
        Map<String, ProbeSpec> probes = new LinkedHashMap<>();
        if (root.has("probes")) {
            ProbeFile reader = new ProbeFile(yaml);
            yaml.obj(root.get("probes"), "probes").entries().forEach((n, node) -> probes.put(n, reader.probe(n, node)));
        }
        Duration before = Duration.ZERO;
        Duration after = Duration.ZERO;
        if (root.has("steady_state")) {
            Yaml.Obj s = yaml.obj(root.get("steady_state"), "steady_state");
            before = s.time("before", Duration.ofSeconds(5));
            after = s.time("after", Duration.ofSeconds(5));
            s.done();
        } else if (!probes.isEmpty()) {
            before = Duration.ofSeconds(5);
            after = Duration.ofSeconds(5);
        }
        List<Step> steps = new ArrayList<>();
        Node timeline = root.get("timeline");
        if (timeline != null) {
            for (Node n : yaml.list(timeline, "timeline")) {
                steps.add(step(n, proxies, control != null));
            }
        }
        checkOverlaps(steps);
        List<Abort> aborts = new ArrayList<>();
        Node abort = root.get("abort");
        if (abort != null) {
            for (Node n : yaml.list(abort, "abort")) {
                aborts.add(abort(n, probes));
            }
        }
        root.done();
        Duration planned = before.plus(timedSpan(steps)).plus(after);
        if (planned.compareTo(max) > 0) {
            throw yaml.at(root.node, "the experiment lasts " + Durations.text(planned) + " (steady state before and after"
                    + " included), over its max_duration of " + Durations.text(max));
        }
        return new Experiment(file, name, hypothesis, max, seed, report, faultLog, lease, control, proxies, probes,
                before, after, steps, aborts);
    }

    private Control control(Yaml.Obj o) {
        Node urlNode = o.need("url");
        String url = yaml.scalar(urlNode, "control.url");
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw yaml.at(urlNode, "control.url: '" + url + "' is not an http:// URL");
        }
        String token = o.text("token", null);
        o.done();
        return new Control(url, token);
    }

    private LocalProxy proxy(String name, Node node) {
        Yaml.Obj o = yaml.obj(node, "proxy '" + name + "'");
        String listen = o.text("listen", "127.0.0.1:0");
        hostPort(o.get("listen"), listen, "listen");
        Node backendNode = o.need("backend");
        String backend = yaml.scalar(backendNode, "backend");
        if (backend.equals("demo")) {
            backend = null;
        } else {
            hostPort(backendNode, backend, "backend");
        }
        String protocol = o.text("protocol", backend == null ? "http" : "tcp");
        if (registry != null && !registry.hasProtocol(protocol)) {
            throw yaml.at(o.get("protocol"), "protocol: no protocol named '" + protocol + "'");
        }
        String behavior = o.text("behavior", "dummy");
        checkMix(o.get("behavior"), behavior);
        Map<String, Map<String, String>> options = options(o.get("options"));
        o.done();
        return new LocalProxy(name, listen, backend, protocol, normal(behavior), options);
    }

    private void hostPort(Node node, String text, String what) {
        try {
            HostPort.parse(text);
        } catch (BadInputException e) {
            throw yaml.at(node, what + ": " + e.getMessage());
        }
    }

    private void checkMix(Node node, String mix) {
        if (registry == null || node == null) {
            return;
        }
        try {
            MixSpec.parse(normal(mix), registry);
        } catch (BadInputException e) {
            throw yaml.at(node, "behavior: " + e.getMessage());
        }
    }

    /** A behavior's name alone is 100 % of it. */
    static String normal(String mix) {
        return mix.contains(":") ? mix : "100:" + mix.strip();
    }

    /** {@code options: {delay: {sleep: 1}}}: a map per behavior of its options, checked when the behavior is known here. */
    private Map<String, Map<String, String>> options(Node node) {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        if (node == null) {
            return options;
        }
        yaml.obj(node, "options").entries().forEach((behavior, values) -> {
            Map<String, String> map = new LinkedHashMap<>();
            yaml.obj(values, "the options of " + behavior).entries()
                    .forEach((k, v) -> map.put(k, yaml.scalar(v, behavior + "." + k)));
            if (registry != null && registry.hasBehavior(behavior)) {
                try {
                    registry.behaviorOptions(behavior, map);
                } catch (BadInputException e) {
                    throw yaml.at(values, "options of " + behavior + ": " + e.getMessage());
                }
            }
            options.put(behavior, map);
        });
        return options;
    }

    private Step step(Node node, Map<String, LocalProxy> proxies, boolean remote) {
        Yaml.Obj o = yaml.obj(node, "a timeline step");
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        if (o.has("at") == o.has("after")) {
            throw yaml.at(node, "a step starts either 'at' a time or 'after' a count (100 exchanges, 100 KB), one of them");
        }
        Trigger trigger;
        if (o.has("at")) {
            trigger = new Trigger(yaml.duration(o.get("at"), "at"), -1, -1);
        } else {
            Node a = o.get("after");
            String text = yaml.scalar(a, "after").trim();
            Matcher m = COUNT.matcher(text);
            trigger = m.matches() ? new Trigger(null, Long.parseLong(m.group(1)), -1)
                    : new Trigger(null, -1, yaml.size(a, "after (100 exchanges, or 100 KB)"));
        }
        Node forNode = o.need("for");
        Duration duration = yaml.duration(forNode, "for");
        if (duration.isZero()) {
            throw yaml.at(forNode, "for: a step lasts more than 0");
        }
        String proxy;
        if (o.has("proxy")) {
            proxy = yaml.scalar(o.get("proxy"), "proxy");
            if (!remote && !proxies.containsKey(proxy)) {
                throw yaml.at(o.get("proxy"), "proxy: no proxy named '" + proxy + "' (the experiment's: "
                        + String.join(", ", proxies.keySet()) + ")");
            }
        } else if (proxies.size() == 1 && !remote) {
            proxy = proxies.keySet().iterator().next();
        } else {
            throw yaml.at(node, "the step does not say which proxy it changes (proxy: NAME)");
        }
        String behavior = o.text("behavior", null);
        if (proxies.containsKey(proxy)) {
            checkMix(o.get("behavior"), behavior);
        }
        Map<String, Map<String, String>> options = options(o.get("options"));
        if (!options.isEmpty() && behavior == null) {
            throw yaml.at(o.get("options"), "options without a behavior: say which behavior they are for");
        }
        List<ToxicSpec> toxics = new ArrayList<>();
        if (o.has("toxics")) {
            for (Node t : yaml.list(o.get("toxics"), "toxics")) {
                toxics.add(toxic(t, toxics.size()));
            }
        }
        Boolean enabled = o.has("enabled") ? yaml.bool(o.get("enabled"), "enabled") : null;
        if (behavior == null && toxics.isEmpty() && enabled == null) {
            throw yaml.at(node, "the step changes nothing: give a behavior, toxics, or enabled: false");
        }
        o.done();
        return new Step(line, trigger, duration, proxy, behavior, options, toxics, enabled);
    }

    private ToxicSpec toxic(Node node, int index) {
        Yaml.Obj o = yaml.obj(node, "a toxic");
        String type = yaml.scalar(o.need("type"), "type");
        String name = o.text("name", "experiment_" + type + "_" + index);
        String stream = o.text("stream", "downstream");
        if (!stream.equals("upstream") && !stream.equals("downstream")) {
            throw yaml.at(o.get("stream"), "stream: '" + stream + "' is neither upstream nor downstream");
        }
        double toxicity = o.has("toxicity") ? yaml.share(o.get("toxicity"), "toxicity") : 1.0;
        Map<String, String> attributes = new LinkedHashMap<>();
        if (o.has("attributes")) {
            yaml.obj(o.get("attributes"), "attributes").entries()
                    .forEach((k, v) -> attributes.put(k, yaml.scalar(v, "attributes." + k)));
        }
        o.done();
        return new ToxicSpec(name, type, stream, toxicity, attributes);
    }

    /** Two timed steps on one proxy cannot overlap; a step started by a count cannot share its proxy. */
    private void checkOverlaps(List<Step> steps) {
        Map<String, List<Step>> byProxy = new LinkedHashMap<>();
        steps.forEach(s -> byProxy.computeIfAbsent(s.proxy(), p -> new ArrayList<>()).add(s));
        for (Map.Entry<String, List<Step>> e : byProxy.entrySet()) {
            List<Step> list = new ArrayList<>(e.getValue());
            for (Step s : list) {
                if (!s.trigger().timed() && list.size() > 1) {
                    throw yaml.atLine(s.line(), "the step " + s.trigger() + " shares proxy '" + e.getKey() + "' with other steps; a step"
                            + " started by a count has its proxy to itself (it could overlap them)");
                }
            }
            list.sort(Comparator.comparing(s -> s.trigger().at()));
            for (int i = 1; i < list.size(); i++) {
                Step prev = list.get(i - 1);
                Step next = list.get(i);
                Duration prevEnd = prev.trigger().at().plus(prev.duration());
                if (prevEnd.compareTo(next.trigger().at()) > 0) {
                    throw yaml.atLine(next.line(), "the step at " + Durations.text(next.trigger().at()) + " overlaps the step of line "
                            + prev.line() + " on proxy '" + e.getKey() + "', which lasts until "
                            + Durations.text(prevEnd));
                }
            }
        }
    }

    /** How long the timed steps take, from the timeline's start to the last one's end. */
    static Duration timedSpan(List<Step> steps) {
        Duration end = Duration.ZERO;
        for (Step s : steps) {
            if (s.trigger().timed() && s.trigger().at().plus(s.duration()).compareTo(end) > 0) {
                end = s.trigger().at().plus(s.duration());
            }
        }
        return end;
    }

    private Abort abort(Node node, Map<String, ProbeSpec> probes) {
        Yaml.Obj o = yaml.obj(node, "an abort condition");
        Node p = o.need("probe");
        String probe = yaml.scalar(p, "probe");
        if (!probes.containsKey(probe)) {
            throw yaml.at(p, "probe: no probe named '" + probe + "'" + (probes.isEmpty() ? " (the experiment has none)"
                    : " (the experiment's: " + String.join(", ", probes.keySet()) + ")"));
        }
        Duration lasting = o.time("for", Duration.ZERO);
        o.done();
        return new Abort(probe, lasting);
    }

    private static String baseName(String file) {
        String name = Path.of(file).getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
