package org.vaurien;

import java.time.Duration;

/**
 * What a steady state allows a probe's window: latency percentiles under bounds, a share of
 * errors under a bound. Immutable; each method returns a new tolerance with one more bound.
 * <pre>{@code Tolerance.p95(Duration.ofMillis(300)).errors(0.01)}</pre>
 */
public final class Tolerance {
    /** Nothing allowed to fail, no latency bound. */
    public static final Tolerance NO_ERRORS = new Tolerance(-1, -1, -1, 0);

    private final double p50Ms;
    private final double p95Ms;
    private final double p99Ms;
    private final double errorRate;

    private Tolerance(double p50Ms, double p95Ms, double p99Ms, double errorRate) {
        this.p50Ms = p50Ms;
        this.p95Ms = p95Ms;
        this.p99Ms = p99Ms;
        this.errorRate = errorRate;
    }

    public static Tolerance p95(Duration bound) {
        return NO_ERRORS.withP95(bound);
    }

    public static Tolerance p99(Duration bound) {
        return NO_ERRORS.withP99(bound);
    }

    /** At most this share of errors (0.01: 1 %), no latency bound. */
    public static Tolerance errorsUnder(double share) {
        return NO_ERRORS.errors(share);
    }

    public Tolerance withP50(Duration bound) {
        return new Tolerance(ms(bound), p95Ms, p99Ms, errorRate);
    }

    public Tolerance withP95(Duration bound) {
        return new Tolerance(p50Ms, ms(bound), p99Ms, errorRate);
    }

    public Tolerance withP99(Duration bound) {
        return new Tolerance(p50Ms, p95Ms, ms(bound), errorRate);
    }

    /** At most this share of the window's results may fail (0.01: 1 %). */
    public Tolerance errors(double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new BadInputException("an error share is between 0 and 1 (0.01 is 1 %), not " + share);
        }
        return new Tolerance(p50Ms, p95Ms, p99Ms, share);
    }

    /** Why a window breaks this tolerance, or null when it holds (an empty window holds). */
    String breach(Window w) {
        if (w.count() == 0) {
            return null;
        }
        if (w.errorRate() > errorRate) {
            return String.format("%.1f %% errors, over %.1f %%", w.errorRate() * 100, errorRate * 100);
        }
        String p = over("p50", w.percentile(50), p50Ms);
        p = p != null ? p : over("p95", w.percentile(95), p95Ms);
        return p != null ? p : over("p99", w.percentile(99), p99Ms);
    }

    private static String over(String name, double value, double bound) {
        return bound >= 0 && value > bound ? name + " " + Window.fmt(value) + " ms, over " + Window.fmt(bound) + " ms" : null;
    }

    private static double ms(Duration d) {
        return d.toNanos() / 1e6;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (p50Ms >= 0) {
            s.append("p50 under ").append(Window.fmt(p50Ms)).append(" ms, ");
        }
        if (p95Ms >= 0) {
            s.append("p95 under ").append(Window.fmt(p95Ms)).append(" ms, ");
        }
        if (p99Ms >= 0) {
            s.append("p99 under ").append(Window.fmt(p99Ms)).append(" ms, ");
        }
        return s.append(String.format("errors at most %s %%", Window.fmt(errorRate * 100))).toString();
    }
}
