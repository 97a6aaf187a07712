package org.vaurien.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.vaurien.faults.Replay;
import org.vaurien.spi.Connect;
import org.vaurien.spi.Direction;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Exchange;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Phase;
import org.vaurien.spi.Scope;
import org.vaurien.spi.Stage;
import org.vaurien.spi.StreamFault;

/**
 * The draws of one connection: which behavior each exchange gets and whether its toxicity
 * applies (per exchange, or once per connection), and the stream stages its plan puts on each
 * direction. Every random choice comes from a generator of its own, split from the connection's
 * seed, so that a seeded run makes the same choices whatever the timing of the reads.
 */
final class Draws implements Decider, Exchange, Connect {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final ProxyServer proxy;
    private final Connection conn;
    private final long id;
    /** Draws of the mix and of toxicities. */
    private final SplittableRandom draws;
    /**
     * The generator the next two are split from, once the draws' was: they are made on first use
     * (most connections need neither) and always in the same order, so a seeded run repeats.
     */
    private final SplittableRandom base;
    /** What the proxy makes up: error statuses, random bytes; null until used. */
    private SplittableRandom payload;
    /** Seeds of the stages' own generators, taken in the order the stages are made; null until used. */
    private SplittableRandom stageSeeds;
    private Plan plan;
    /** A fault log played back instead of the draws; null for none. */
    private final Replay replay;
    private long exchanges;
    private Map<ConfiguredBehavior, Boolean> connectionDraws;
    /** Exchanges counted on this connection, for behaviors that count per connection. */
    private Map<ConfiguredBehavior, Long> connectionCounts;
    /** A connection-scoped stream behavior drawn from the mix for this connection, or null. */
    private ConfiguredBehavior drawnForConnection;
    private Flow up;
    private Flow down;
    private StageChain upChain;
    private StageChain downChain;

    Draws(ProxyServer proxy, Connection conn, long id) {
        this.proxy = proxy;
        this.conn = conn;
        this.id = id;
        this.base = proxy.randomFor(id);
        this.draws = base.split();
        this.plan = proxy.plan();
        this.replay = proxy.replay();
    }

    Plan plan() {
        return plan;
    }

    RandomGenerator payload() {
        if (payload == null) {
            payload = base.split();
        }
        return payload;
    }

    private SplittableRandom stageSeeds() {
        if (stageSeeds == null) {
            payload();
            stageSeeds = base.split();
        }
        return stageSeeds;
    }

    /** How long a new connection waits before its backend is dialled: the stack's delays at OPEN. */
    long openDelayNanos() {
        if (replay != null) {
            return replayedOpenDelay();
        }
        long delay = 0;
        for (ConfiguredBehavior b : plan.stack()) {
            if (!b.isStream() && applies(b) && (!b.counts() || b.nextConnection())) {
                Injection i = ask(b, true);
                if (i.phase() == Phase.OPEN && i.effect() instanceof Effect.Delay d) {
                    delay = Math.max(delay, d.duration().toNanos());
                }
            }
        }
        return delay;
    }

    /** Both directions flow: the connection's draw is made and its stages put in place. */
    void connected(Flow upstream, Flow downstream) {
        this.up = upstream;
        this.down = downstream;
        if (replay == null) {
            drawForConnection();
        }
        buildStages();
    }

    /** Picks up the proxy's current plan; open connections keep going under the new one. */
    void refresh() {
        Plan current = proxy.plan();
        if (current != plan && up != null && replay == null) {
            plan = current;
            connectionDraws = null;
            drawForConnection();
            buildStages();
        }
    }

    /**
     * A connection-scoped stream behavior of the mix is drawn once for the connection, so that
     * it shapes it from its first byte (a server that speaks first included); the draws of the
     * exchanges that land on it pass.
     */
    private void drawForConnection() {
        drawnForConnection = null;
        ConfiguredBehavior b = plan.draw(draws);
        if (b != null && b.isConnectionStream() && applies(b) && (!b.counts() || b.nextConnection())) {
            drawnForConnection = b;
        }
    }

    @Override
    public void decide(ExchangeState s) {
        proxy.stats().countExchange(conn.loop());
        if (replay != null) {
            s.number = ++exchanges;
            replayed(s);
            return;
        }
        if (proxy.plan() != plan) {
            refresh();
        }
        s.number = ++exchanges;
        if (s.handshake && !plan.namesCommands()) {
            // a step of the connection's set-up: passes undrawn
            return;
        }
        List<ConfiguredBehavior> stack = plan.stack();
        // indexed: an iterator here was an allocation per exchange (JFR), even for an empty stack
        for (int i = 0; i < stack.size(); i++) {
            ConfiguredBehavior b = stack.get(i);
            // stream faults shape the bytes; listener faults act on the proxy itself
            if (!b.isStream() && !b.refusesConnections() && matches(b, s) && applies(b) && counted(b)) {
                Injection e = ask(b, false);
                if (!e.isPass()) {
                    s.decided(b, e);
                    record(b, e);
                    return;
                }
            }
        }
        ConfiguredBehavior drawn = plan.draw(draws);
        if (drawn == null || drawn.isConnectionStream() || !matches(drawn, s) || !applies(drawn) || !counted(drawn)) {
            return;
        }
        if (drawn.isStream()) {
            s.decided(drawn, Injection.at(Phase.REQUEST, new Effect.Shape((StreamFault) drawn.fault(), drawn.directions())));
            record(drawn, s.injection);
            return;
        }
        Injection e = ask(drawn, false);
        s.decided(drawn, e);
        if (!e.isPass()) {
            record(drawn, e);
        }
    }

    @Override
    public Stage stage(ExchangeState s, Effect.Shape shape, Direction direction) {
        return shape.stages().stage(context(direction, s.behavior.options()));
    }

    private Injection ask(ConfiguredBehavior b, boolean opening) {
        try {
            Injection e = opening ? b.fault().onConnect(this) : b.fault().onExchange(this);
            return e == null ? Injection.PASS : e;
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "behavior '" + b.name() + "' failed; the exchange passes", ex);
            return Injection.PASS;
        }
    }

    private void record(ConfiguredBehavior b, Injection e) {
        proxy.stats().record(b, conn, exchanges, b.directions().wireName(), b.isStream() ? b.name() : e.wireName(), e);
    }

    /** Whether the request meets the behavior's matcher; a handshake step, only a matcher that names its command. */
    private static boolean matches(ConfiguredBehavior b, ExchangeState s) {
        Matcher m = b.matcher();
        if (s.handshake) {
            return m != null && m.names("command") && m.test(s.request);
        }
        return m == null || s.request == null || m.test(s.request);
    }

    /** An exchange the behavior would act on, counted: whether its counters let it act (always, without any). */
    private boolean counted(ConfiguredBehavior b) {
        if (!b.counts()) {
            return true;
        }
        if (!b.countsPerConnection()) {
            return b.nextExchange();
        }
        if (connectionCounts == null) {
            connectionCounts = new IdentityHashMap<>();
        }
        return b.lets(connectionCounts.merge(b, 1L, Long::sum));
    }

    /** The toxicity draw: per exchange, or once per connection and then kept. */
    private boolean applies(ConfiguredBehavior b) {
        double toxicity = b.toxicity();
        if (toxicity >= 1) {
            return true;
        }
        if (toxicity <= 0) {
            return false;
        }
        if (b.scope() == Scope.EXCHANGE) {
            return draws.nextDouble() < toxicity;
        }
        if (connectionDraws == null) {
            connectionDraws = new IdentityHashMap<>();
        }
        return connectionDraws.computeIfAbsent(b, k -> draws.nextDouble() < toxicity);
    }

    /** Stream behaviors of the stack, in order, then the one drawn for the connection, each on the directions it covers. */
    private void buildStages() {
        List<Stage> ups = new ArrayList<>();
        List<Stage> downs = new ArrayList<>();
        List<ConfiguredBehavior> all = new ArrayList<>();
        for (ConfiguredBehavior b : replay != null ? replayedStreams() : plan.stack()) {
            if (b.isStream() && (replay != null || applies(b) && (!b.counts() || b.nextConnection()))) {
                all.add(b);
                proxy.stats().record(b, conn, 0, b.directions().wireName(), b.name(), Injection.PASS);
            }
        }
        if (drawnForConnection != null) {
            all.add(drawnForConnection);
            proxy.stats().record(drawnForConnection, conn, 0, drawnForConnection.directions().wireName(),
                    drawnForConnection.name(), Injection.PASS);
        }
        for (ConfiguredBehavior b : all) {
            StreamFault fault = (StreamFault) b.fault();
            if (b.directions().covers(Direction.UPSTREAM)) {
                ups.add(fault.stage(context(Direction.UPSTREAM, b.options())));
            }
            if (b.directions().covers(Direction.DOWNSTREAM)) {
                downs.add(fault.stage(context(Direction.DOWNSTREAM, b.options())));
            }
        }
        boolean had = upChain != null || downChain != null;
        if (upChain != null) {
            upChain.retire();
        }
        if (downChain != null) {
            downChain.retire();
        }
        upChain = ups.isEmpty() ? null : new StageChain(conn, conn.toBackend(), ups);
        downChain = downs.isEmpty() ? null : new StageChain(conn, conn.toClient(), downs);
        up.useStages(upChain);
        down.useStages(downChain);
        long now = conn.loop().now();
        if (upChain != null) {
            upChain.start(now);
        }
        if (downChain != null) {
            downChain.start(now);
        }
        if (had) {
            conn.toBackend().releaseStalled();
            conn.toClient().releaseStalled();
        }
    }

    // --- a replay: the recorded faults at their places, and nothing else ---

    private void replayed(ExchangeState s) {
        for (Replay.Entry e : replay.at(proxy.name(), id, exchanges)) {
            if (!e.place()) {
                continue;
            }
            ConfiguredBehavior b = recorded(e);
            Injection i = e.isStream() ? Injection.at(Phase.REQUEST, new Effect.Shape((StreamFault) b.fault(), b.directions()))
                    : e.namesBehavior() ? ask(b, false) : e.injection();
            s.decided(b, i);
            record(b, i);
            return;
        }
    }

    /** The connection's own recorded stream behaviors (exchange 0). */
    private List<ConfiguredBehavior> replayedStreams() {
        List<ConfiguredBehavior> streams = new ArrayList<>();
        for (Replay.Entry e : replay.at(proxy.name(), id, 0)) {
            if (e.isStream() && e.place()) {
                streams.add(recorded(e));
            }
        }
        return streams;
    }

    private long replayedOpenDelay() {
        for (Replay.Entry e : replay.at(proxy.name(), id, 0)) {
            if (!e.isStream() && e.record().phase().equals(Phase.OPEN.wireName()) && e.place()) {
                Injection i = e.injection();
                proxy.stats().record(recorded(e), conn, 0, "both", i.wireName(), i);
                return i.effect() instanceof Effect.Delay d ? d.duration().toNanos() : 0;
            }
        }
        return 0;
    }

    /** The behavior a record names, with the options it recorded (a stream behavior's, a response's) or its defaults. */
    private ConfiguredBehavior recorded(Replay.Entry e) {
        Map<String, String> options = new LinkedHashMap<>();
        if (e.namesBehavior()) {
            e.record().parameters().forEach((k, v) -> options.put(k, Option.format(v)));
        }
        return Plan.configure(proxy.registry(), e.record().behavior(), Map.of(e.record().behavior(), options));
    }

    private Stage.Context context(Direction direction, Options options) {
        RandomGenerator own = new SplittableRandom(stageSeeds().nextLong());
        return new Stage.Context() {
            @Override
            public Direction direction() {
                return direction;
            }

            @Override
            public RandomGenerator random() {
                return own;
            }

            @Override
            public Options options() {
                return options;
            }
        };
    }

    // --- what a fault sees: Exchange and Connect ---

    @Override
    public long number() {
        return exchanges;
    }

    @Override
    public long connection() {
        return id;
    }

    @Override
    public String proxy() {
        return proxy.name();
    }

    @Override
    public Phase phase() {
        return Phase.OPEN;
    }
}
