package org.vaurien.engine;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;
import org.vaurien.CommonOptions;
import org.vaurien.Direction;
import org.vaurien.Effect;
import org.vaurien.Exchange;
import org.vaurien.ListenerFault;
import org.vaurien.OpenFault;
import org.vaurien.Options;
import org.vaurien.Scope;
import org.vaurien.Stage;
import org.vaurien.StreamFault;

/**
 * The draws of one connection: which behavior each exchange gets, whether its toxicity applies
 * (per exchange or once per connection), and the stream stages its plan puts on each direction.
 */
final class Decisions implements Exchange {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final ProxyServer proxy;
    private final Connection conn;
    private final long id;
    private final RandomGenerator random;
    private Plan plan;
    private long exchanges;
    private Map<ConfiguredBehavior, Boolean> connectionDraws;
    private Flow up;
    private Flow down;
    private StageChain upChain;
    private StageChain downChain;
    /** Stream behaviors of the mix drawn with scope=connection: they stay for the connection. */
    private final List<ConfiguredBehavior> sticky = new ArrayList<>();
    /** A stage drawn for the current exchange's response, for the connection to attach. */
    private Stage responseStage;

    Decisions(ProxyServer proxy, Connection conn, long id) {
        this.proxy = proxy;
        this.conn = conn;
        this.id = id;
        this.random = proxy.randomFor(id);
        this.plan = proxy.plan();
    }

    Plan plan() {
        return plan;
    }

    RandomGenerator random() {
        return random;
    }

    void connected(Flow upstream, Flow downstream) {
        this.up = upstream;
        this.down = downstream;
        buildStages();
    }

    /** Picks up the proxy's current plan; open connections keep going under the new one. */
    void refresh(Flow upstream, Flow downstream) {
        this.up = upstream;
        this.down = downstream;
        Plan current = proxy.plan();
        if (current != plan) {
            plan = current;
            connectionDraws = null;
            sticky.clear();
            buildStages();
        }
    }

    /** Draws the effect of the exchange whose request just started. */
    Effect decide() {
        if (proxy.plan() != plan && up != null) {
            refresh(up, down);
        }
        exchanges++;
        responseStage = null;
        List<ConfiguredBehavior> stack = plan.stack();
        // indexed: an iterator here was an allocation per exchange (JFR), even for an empty stack
        for (int i = 0; i < stack.size(); i++) {
            ConfiguredBehavior b = stack.get(i);
            // stream faults shape the bytes; listener and open faults act on the proxy and the dial
            if (!b.isStream() && !(b.fault() instanceof ListenerFault) && !(b.fault() instanceof OpenFault)
                    && applies(b)) {
                Effect e = ask(b);
                if (!e.isPass()) {
                    return e;
                }
            }
        }
        ConfiguredBehavior drawn = plan.draw(random);
        if (drawn == null || !applies(drawn)) {
            return Effect.pass();
        }
        if (drawn.isStream()) {
            drawnStream(drawn);
        }
        return ask(drawn);
    }

    /** A stream behavior drawn from the mix: stages for this exchange, or for the rest of the connection. */
    private void drawnStream(ConfiguredBehavior b) {
        if (b.scope() == Scope.CONNECTION) {
            if (!sticky.contains(b)) {
                sticky.add(b);
                buildStages();
            }
            return;
        }
        StreamFault fault = (StreamFault) b.fault();
        long now = conn.loop().now();
        if (CommonOptions.covers(b.direction(), Direction.UPSTREAM)) {
            StageChain own = new StageChain(conn, up.connectionSink(), List.of(fault.stage(context(Direction.UPSTREAM, b.options()))));
            up.useExchangeStages(own);
            own.start(now);
        }
        if (CommonOptions.covers(b.direction(), Direction.DOWNSTREAM)) {
            responseStage = fault.stage(context(Direction.DOWNSTREAM, b.options()));
        }
    }

    /** The stage drawn for the response of the exchange just decided, once; null when none. */
    Stage takeResponseStage() {
        Stage s = responseStage;
        responseStage = null;
        return s;
    }

    /** How long a new connection waits before its backend is dialled (slow_open in the stack). */
    long openDelayNanos() {
        long delay = 0;
        for (ConfiguredBehavior b : plan.stack()) {
            if (b.fault() instanceof OpenFault && applies(b)) {
                delay = Math.max(delay, ((OpenFault) b.fault()).openDelay().toNanos());
            }
        }
        return delay;
    }

    /** Starts a stage drawn for a response on the flow that carries it. */
    void attachResponseStage(Flow flow, Stage stage) {
        StageChain own = new StageChain(conn, flow.connectionSink(), List.of(stage));
        flow.useExchangeStages(own);
        own.start(conn.loop().now());
    }

    private Effect ask(ConfiguredBehavior b) {
        Effect e;
        try {
            e = b.fault().onExchange(this);
        } catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "behavior '" + b.name() + "' failed; the exchange passes", ex);
            return Effect.pass();
        }
        if (e == null) {
            return Effect.pass();
        }
        if (!e.isPass() || b.isStream()) {
            proxy.countFault(b, id, exchanges, e.isPass() ? b.name() : e.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return e;
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
            return random.nextDouble() < toxicity;
        }
        if (connectionDraws == null) {
            connectionDraws = new IdentityHashMap<>();
        }
        return connectionDraws.computeIfAbsent(b, k -> random.nextDouble() < toxicity);
    }

    /** Stream behaviors of the stack, in order, each on the directions it covers. */
    private void buildStages() {
        if (up == null) {
            return;
        }
        List<Stage> ups = new ArrayList<>();
        List<Stage> downs = new ArrayList<>();
        List<ConfiguredBehavior> all = new ArrayList<>(plan.stack());
        all.addAll(sticky);
        for (ConfiguredBehavior b : all) {
            if (b.isStream() && (sticky.contains(b) || applies(b))) {
                if (!sticky.contains(b)) {
                    proxy.countFault(b, id, 0, b.name());
                }
                StreamFault fault = (StreamFault) b.fault();
                if (CommonOptions.covers(b.direction(), Direction.UPSTREAM)) {
                    ups.add(fault.stage(context(Direction.UPSTREAM, b.options())));
                }
                if (CommonOptions.covers(b.direction(), Direction.DOWNSTREAM)) {
                    downs.add(fault.stage(context(Direction.DOWNSTREAM, b.options())));
                }
            }
        }
        boolean had = upChain != null || downChain != null;
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

    private Stage.Context context(Direction direction, Options options) {
        return new Stage.Context() {
            @Override
            public Direction direction() {
                return direction;
            }

            @Override
            public RandomGenerator random() {
                return random;
            }

            @Override
            public Options options() {
                return options;
            }
        };
    }

    boolean isCurrent(StageChain chain) {
        return chain != null && (chain == upChain || chain == downChain);
    }

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
}
