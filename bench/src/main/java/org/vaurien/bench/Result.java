package org.vaurien.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoublePredicate;

/**
 * One figure of a scenario measured three ways, run after run; medians and ratios come from
 * runs paired in time, so drift of the machine hits all three alike.
 */
final class Result {
    final String scenario;
    final String metric;
    final String unit;
    final List<Double> direct = new ArrayList<>();
    final List<Double> haproxy = new ArrayList<>();
    final List<Double> vaurien = new ArrayList<>();
    /** Toxiproxy's figures, with --with-toxiproxy, for the scenarios it can run; empty otherwise. */
    final List<Double> toxiproxy = new ArrayList<>();
    String goal = "";
    DoublePredicate goalMet;
    /** What the goal is measured on: a ratio to direct, to HAProxy, or the added latency. */
    Basis basis = Basis.NONE;

    enum Basis { NONE, TO_DIRECT, TO_HAPROXY, ADDED_VS_HAPROXY }

    Result(String scenario, String metric, String unit) {
        this.scenario = scenario;
        this.metric = metric;
        this.unit = unit;
    }

    Result goal(String text, Basis on, DoublePredicate met) {
        goal = text;
        basis = on;
        goalMet = met;
        return this;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** Median over runs of a / b. */
    static double pairedRatio(List<Double> a, List<Double> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return median(r);
    }

    /** Median over runs of (proxied - direct) for Vaurien, divided by the same for HAProxy. */
    double addedRatio() {
        List<Double> v = new ArrayList<>();
        List<Double> h = new ArrayList<>();
        for (int i = 0; i < direct.size(); i++) {
            v.add(vaurien.get(i) - direct.get(i));
            h.add(haproxy.get(i) - direct.get(i));
        }
        return median(v) / median(h);
    }

    double toDirect() {
        return pairedRatio(vaurien, direct);
    }

    double toHaproxy() {
        return pairedRatio(vaurien, haproxy);
    }

    /** Vaurien / Toxiproxy for throughputs; for a latency (ms), Toxiproxy's added latency over Vaurien's is the same reading turned round. */
    double toToxiproxy() {
        return pairedRatio(vaurien, toxiproxy);
    }

    /** The value the goal is judged on. */
    double judged() {
        switch (basis) {
            case TO_DIRECT: return toDirect();
            case TO_HAPROXY: return toHaproxy();
            case ADDED_VS_HAPROXY: return addedRatio();
            default: return Double.NaN;
        }
    }

    String verdict() {
        if (goalMet == null) {
            return "";
        }
        double v = judged();
        return String.format("%.2f: %s", v, goalMet.test(v) ? "met" : "NOT met");
    }
}
