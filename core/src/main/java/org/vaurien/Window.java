package org.vaurien;

import java.util.List;

/** A probe's results over a span of time: how many, how many failed, and their latency percentiles. */
public final class Window {
    private final String probe;
    private final List<Probe.Result> results;
    private final double[] sorted;

    Window(String probe, List<Probe.Result> results) {
        this.probe = probe;
        this.results = List.copyOf(results);
        this.sorted = results.stream().mapToDouble(Probe.Result::latencyMillis).sorted().toArray();
    }

    /** The results given, as a window: a report's phase, say. */
    public static Window of(String probe, List<Probe.Result> results) {
        return new Window(probe, results);
    }

    public List<Probe.Result> results() {
        return results;
    }

    public int count() {
        return results.size();
    }

    public long errors() {
        return results.stream().filter(r -> !r.ok()).count();
    }

    /** Failed results over all, 0 for an empty window. */
    public double errorRate() {
        return results.isEmpty() ? 0 : errors() / (double) results.size();
    }

    /** The latency under which {@code percent} of the results fall, in ms (nearest rank); 0 for an empty window. */
    public double percentile(double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** Why this window breaks the tolerance, or null when it holds. */
    public String breaks(Tolerance tolerance) {
        return tolerance.breach(this);
    }

    /** Throws an AssertionError naming the probe and what broke, unless the window holds the tolerance. */
    public void assertHolds(Tolerance tolerance) {
        String why = breaks(tolerance);
        if (why != null) {
            throw new AssertionError("probe '" + probe + "': " + why + " over " + count() + " results");
        }
    }

    @Override
    public String toString() {
        return count() + " results, " + errors() + " errors, p50 " + fmt(percentile(50)) + " ms, p95 "
                + fmt(percentile(95)) + " ms, p99 " + fmt(percentile(99)) + " ms";
    }

    static String fmt(double ms) {
        return String.format("%.1f", ms);
    }
}
