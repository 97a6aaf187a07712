package org.vaurien.experiments;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An experiment as its file describes it, checked: the proxies it starts or drives, the probes of
 * its steady state, its timeline, its abort conditions and its bounds. Read by {@link ExperimentFile}.
 */
public record Experiment(String file, String name, String hypothesis, Duration maxDuration, Long seed,
                         String reportDir, String faultLog, Duration lease, Control control,
                         Map<String, LocalProxy> proxies, Map<String, ProbeSpec> probes,
                         Duration before, Duration after, List<Step> timeline, List<Abort> aborts) {

    /** A running {@code vaurien --http} or an agent's control API, to drive instead of (or beside) local proxies. */
    public record Control(String url, String token) {
    }

    /** A proxy {@code vaurien run} starts itself; {@code backend} null: the demo's embedded HTTP server. */
    public record LocalProxy(String name, String listen, String backend, String protocol, String behavior,
                             Map<String, Map<String, String>> options) {
    }

    /** What a probe checks. */
    public enum Kind { HTTP, TCP, REDIS, SQL, COMMAND }

    /**
     * A steady-state check: its kind and target ({@code {name}} in it is a local proxy's address),
     * how often, how long it may take, and what its window must hold.
     */
    public record ProbeSpec(String name, int line, Kind kind, String target, int status, String query,
                            String user, String password, Duration every, Duration timeout, Duration window,
                            Tolerances tolerance) {
    }

    /** Latency bounds in ms (negative: none) and the share of errors allowed. */
    public record Tolerances(double p50, double p95, double p99, double errors) {
    }

    /** What starts a step: a time from the start of the timeline, or a count on its proxy. */
    public record Trigger(Duration at, long exchanges, long bytes) {
        public boolean timed() {
            return at != null;
        }

        @Override
        public String toString() {
            return at != null ? "at " + Durations.text(at) : exchanges >= 0 ? "after " + exchanges + " exchanges"
                    : "after " + bytes + " bytes";
        }
    }

    /** A toxic a step adds, as Toxiproxy's API takes it. */
    public record ToxicSpec(String name, String type, String stream, double toxicity, Map<String, String> attributes) {
    }

    /** One change on one proxy for a time, then what was there before. */
    public record Step(int line, Trigger trigger, Duration duration, String proxy, String behavior,
                       Map<String, Map<String, String>> options, List<ToxicSpec> toxics, Boolean enabled) {
        public String describe() {
            StringBuilder s = new StringBuilder();
            if (behavior != null) {
                s.append(behavior);
            }
            for (ToxicSpec t : toxics) {
                s.append(s.length() > 0 ? ", " : "").append(t.type());
            }
            if (enabled != null) {
                s.append(s.length() > 0 ? ", " : "").append(enabled ? "enabled" : "disabled");
            }
            return s.toString();
        }
    }

    /** The experiment ends when {@code probe} breaks its tolerance for {@code lasting}. */
    public record Abort(String probe, Duration lasting) {
    }
}
