package org.vaurien;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A scripted run of behaviors on one proxy, for a test: each step for its time, then the next;
 * its end, or closing it early, puts back what the proxy did before. Made by
 * {@link BehaviorControl#timeline()}.
 * <pre>{@code
 * try (var run = proxy.timeline().pass(ofSeconds(2)).then("50:error", ofSeconds(5)).then("hang").start()) {
 *     ... // the client's work: 2 s untouched, 5 s of half errors, then silence until closed
 * }
 * }</pre>
 */
public final class Timeline {
    /** What {@link Running#step()} says while the proxy changes from one step to the next. */
    public static final int SWITCHING = -2;

    /** One step: a mix and its options for a time; null mix: what the proxy did before; null time: until the end. */
    private record Step(String mix, Map<String, ?> options, Duration duration) {
    }

    private final BehaviorControl proxy;
    private final List<Step> steps = new ArrayList<>();

    Timeline(BehaviorControl proxy) {
        this.proxy = proxy;
    }

    /** Nothing injected (what the proxy did before the timeline) for {@code duration}. */
    public Timeline pass(Duration duration) {
        return add(new Step(null, Map.of(), duration));
    }

    /** A behavior or a mix ({@code 50:error}) for {@code duration}. */
    public Timeline then(String mix, Duration duration) {
        return then(mix, Map.of(), duration);
    }

    /** The same with options, as {@link BehaviorControl#setBehavior(String, Map)} takes them. */
    public Timeline then(String mix, Map<String, ?> options, Duration duration) {
        return add(new Step(mix, options, duration));
    }

    /** A behavior or a mix until the timeline is closed; no step can follow. */
    public Timeline then(String mix) {
        return add(new Step(mix, Map.of(), null));
    }

    private Timeline add(Step step) {
        if (!steps.isEmpty() && steps.get(steps.size() - 1).duration() == null) {
            throw new BadInputException("timeline: a step that lasts until the end cannot be followed by another");
        }
        if (step.duration() != null && (step.duration().isNegative() || step.duration().isZero())) {
            throw new BadInputException("timeline: a step lasts more than 0, not " + step.duration());
        }
        steps.add(step);
        return this;
    }

    /** Runs it on a thread of its own, from now. */
    public Running start() {
        Running run = new Running(proxy.behavior(), proxy.behaviorOptions());
        Thread t = new Thread(run::play, "vaurien-timeline");
        t.setDaemon(true);
        t.start();
        return run;
    }

    /** A timeline under way. Closing it ends it at once and puts back what the proxy did before. */
    public final class Running implements AutoCloseable {
        private final String before;
        private final Map<String, Map<String, String>> beforeOptions;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile int step = -1;

        private Running(String before, Map<String, Map<String, String>> beforeOptions) {
            this.before = before;
            this.beforeOptions = beforeOptions;
        }

        private void play() {
            try {
                for (int i = 0; i < steps.size(); i++) {
                    Step s = steps.get(i);
                    step = SWITCHING;
                    if (s.mix() == null) {
                        proxy.setBehavior(before, beforeOptions);
                    } else {
                        proxy.setBehavior(s.mix(), s.options());
                    }
                    step = i;
                    boolean interrupted = s.duration() == null ? waitForStop(Long.MAX_VALUE)
                            : waitForStop(s.duration().toNanos());
                    if (interrupted) {
                        break;
                    }
                }
            } finally {
                step = SWITCHING;
                proxy.setBehavior(before, beforeOptions);
                step = steps.size();
                done.countDown();
            }
        }

        private boolean waitForStop(long nanos) {
            try {
                return stopped.await(nanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }

        /**
         * The step in place, from 0; the number of steps once the end put back what was there;
         * {@link #SWITCHING} while the proxy changes from one to the next. A call that began and
         * ended with the same step saw that step's behavior only.
         */
        public int step() {
            return step;
        }

        /** Waits until every step has had its time; false when {@code timeout} came first. */
        public boolean await(Duration timeout) throws InterruptedException {
            return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            stopped.countDown();
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
