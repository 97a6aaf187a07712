package org.vaurien.control;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.BadInputException;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Directions;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.config.HostPort;
import org.vaurien.config.MixSpec;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.ConfiguredBehavior;
import org.vaurien.engine.Plan;
import org.vaurien.engine.ProxyServer;

/**
 * A running proxy as the control API sees it: its mix (Vaurien's behavior), its named toxics
 * (the stack, Toxiproxy's way) and whether it is enabled. Every change is checked whole, then
 * swapped in as one new plan: a refused change leaves everything as it was.
 */
public final class ManagedProxy {
    private final ProxyServer server;
    private final Registry registry;
    private ProxyConfig config;
    private final LinkedHashMap<String, Toxic> toxics = new LinkedHashMap<>();
    private boolean enabled = true;
    /** Every fault stopped from the master switch: the plan passes everything, the settings stay. */
    private boolean suspended;

    ManagedProxy(ProxyServer server, Registry registry, ProxyConfig config) {
        this.server = server;
        this.registry = registry;
        this.config = config;
        for (ConfiguredBehavior b : server.plan().stack()) {
            Map<String, String> attributes = new LinkedHashMap<>(config.behaviorOptions().getOrDefault(b.name(), Map.of()));
            attributes.remove(CommonOptions.DIRECTION.name());
            attributes.remove(CommonOptions.TOXICITY.name());
            Directions stream = declaresDirection(registry, b.name()) ? b.directions() : CommonOptions.DIRECTION.defaultValue();
            toxics.put(b.name(), new Toxic(b.name(), b.name(), stream, b.toxicity(), attributes));
        }
    }

    public synchronized String name() {
        return config.name();
    }

    public ProxyServer server() {
        return server;
    }

    public synchronized ProxyConfig config() {
        return config;
    }

    // --- Vaurien's behavior: the mix ---

    /** The mix as written (100 % of the behavior that passes everything when empty). */
    public synchronized String behavior() {
        return MixSpec.parse(config.behavior(), registry).describe(registry);
    }

    public synchronized Map<String, Map<String, String>> behaviorOptions() {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (ConfiguredBehavior b : server.plan().mix()) {
            options.put(b.name(), b.options().text());
        }
        return options;
    }

    /**
     * Sets the mix: a behavior name (100 % of it) or a PERCENT:NAME list, with options per
     * behavior; options not given keep their defaults (as Vaurien's API did, but applied).
     */
    public synchronized void setBehavior(String mixOrName, Map<String, Map<String, String>> options) {
        String mix;
        try {
            mix = mixOrName.contains(":") ? mixOrName : "100:" + registry.behavior(mixOrName.strip()).name();
            for (String behavior : options.keySet()) {
                registry.behavior(behavior);
            }
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), "name");
        }
        options.forEach((behavior, values) -> values.forEach((k, v) -> {
            try {
                registry.behaviorOptions(behavior, Map.of(k, v));
            } catch (BadInputException e) {
                throw new ApiException(400, e.getMessage(), k);
            }
        }));
        ProxyConfig.Builder b = config.toBuilder().behavior(mix);
        options.forEach((behavior, values) -> values.forEach((k, v) -> b.behaviorOption(behavior, k, v)));
        apply(b.build(), toxics, enabled);
    }

    public synchronized void setBackend(HostPort backend) {
        try {
            server.backend(backend);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), "backend");
        }
        config = config.toBuilder().backend(backend).build();
    }

    /** Listens on another address; open connections stay. */
    public synchronized void moveTo(HostPort listen) {
        try {
            server.moveTo(listen);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), "listen");
        }
        config = config.toBuilder().listen(listen).build();
    }

    // --- Toxiproxy's toxics: the stack ---

    public synchronized List<Toxic> toxics() {
        return new ArrayList<>(toxics.values());
    }

    public synchronized Toxic toxic(String name) {
        Toxic t = toxics.get(name);
        if (t == null) {
            throw new ApiException(404, "toxic not found");
        }
        return t;
    }

    public synchronized Toxic addToxic(Toxic toxic) {
        toxicOptions(toxic);
        if (toxics.containsKey(toxic.name())) {
            throw new ApiException(409, "toxic already exists");
        }
        LinkedHashMap<String, Toxic> next = new LinkedHashMap<>(toxics);
        next.put(toxic.name(), toxic);
        apply(config, next, enabled);
        return toxic;
    }

    /** Changes a toxic: fields given replace, attributes given are merged. */
    public synchronized Toxic updateToxic(String name, Directions stream, Double toxicity, Map<String, String> attributes) {
        Toxic old = toxic(name);
        Map<String, String> merged = new LinkedHashMap<>(old.attributes());
        merged.putAll(attributes);
        Toxic updated = new Toxic(name, old.type(), stream == null ? old.stream() : stream,
                toxicity == null ? old.toxicity() : toxicity, merged);
        LinkedHashMap<String, Toxic> next = new LinkedHashMap<>(toxics);
        next.put(name, updated);
        apply(config, next, enabled);
        return updated;
    }

    public synchronized void removeToxic(String name) {
        toxic(name);
        LinkedHashMap<String, Toxic> next = new LinkedHashMap<>(toxics);
        next.remove(name);
        apply(config, next, enabled);
    }

    /** What a proxy does, as a lease keeps it: its settings (the mix among them), its toxics, enabled or not. */
    public record State(ProxyConfig config, List<Toxic> toxics, boolean enabled) {
        public State {
            toxics = List.copyOf(toxics);
        }
    }

    public synchronized State state() {
        return new State(config, new ArrayList<>(toxics.values()), enabled);
    }

    /** Puts a state back, whole: what a lease does when it ends. */
    public synchronized void restore(State state) {
        if (!state.config().backend().equals(config.backend())) {
            server.backend(state.config().backend());
        }
        LinkedHashMap<String, Toxic> back = new LinkedHashMap<>();
        state.toxics().forEach(t -> back.put(t.name(), t));
        apply(state.config(), back, state.enabled());
    }

    public synchronized boolean enabled() {
        return enabled;
    }

    /** A disabled proxy refuses connections, as Toxiproxy's does. */
    public synchronized void setEnabled(boolean on) {
        apply(config, toxics, on);
    }

    /**
     * Suspended, the proxy injects nothing and accepts connections, whatever its settings say;
     * changes made meanwhile are checked and kept, and act when it is resumed.
     */
    synchronized void suspend(boolean on) {
        suspended = on;
        apply(config, toxics, enabled);
    }

    public synchronized boolean suspended() {
        return suspended;
    }

    /** Enabled, no toxics, the mix it started with gone: Toxiproxy's reset; everything passes. */
    public synchronized void reset() {
        apply(config.toBuilder().behavior("").build(), new LinkedHashMap<>(), true);
    }

    /** The toxic's options, as the behavior checks them; names the attribute at fault. */
    public Options toxicOptions(Toxic toxic) {
        return checkToxic(registry, toxic);
    }

    /** Checks a toxic against the behaviors known, before any proxy is touched. */
    static Options checkToxic(Registry registry, Toxic toxic) {
        if (!registry.hasBehavior(toxic.type())) {
            throw new ApiException(400, "invalid toxic type: " + toxic.type(), "type");
        }
        Map<String, String> text = new LinkedHashMap<>(toxic.attributes());
        if (declaresDirection(registry, toxic.type())) {
            text.put(CommonOptions.DIRECTION.name(), CommonOptions.DIRECTION.text(toxic.stream()));
        }
        text.put(CommonOptions.TOXICITY.name(), CommonOptions.TOXICITY.text(toxic.toxicity()));
        try {
            return registry.behaviorOptions(toxic.type(), text);
        } catch (BadInputException e) {
            throw new ApiException(400, e.getMessage(), "attributes");
        }
    }

    /** Whether a behavior has a direction option (a toxic's stream means nothing to the others). */
    private static boolean declaresDirection(Registry registry, String behavior) {
        for (Option<?> o : Registry.optionsOf(registry.behavior(behavior))) {
            if (o.name().equals(CommonOptions.DIRECTION.name())) {
                return true;
            }
        }
        return false;
    }

    /** Builds the new plan from everything, and only then swaps it in. */
    private void apply(ProxyConfig newConfig, LinkedHashMap<String, Toxic> newToxics, boolean newEnabled) {
        List<ConfiguredBehavior> stack = new ArrayList<>();
        Plan plan;
        try {
            for (Toxic t : newToxics.values()) {
                stack.add(Plan.configure(registry, t.type(), toxicOptions(t)));
            }
            plan = Plan.of(newConfig.toBuilder().stack(List.of()).build(), registry).withStack(stack).withEnabled(newEnabled);
        } catch (BadInputException e) {
            // a matcher is checked against the protocol only here, with the whole plan
            throw new ApiException(400, e.getMessage(), e.getMessage().contains("option 'match'") ? "match" : "behavior");
        }
        server.plan(suspended ? Plan.of(newConfig.toBuilder().behavior("").stack(List.of()).build(), registry) : plan);
        config = newConfig;
        if (newToxics != toxics) {
            toxics.clear();
            toxics.putAll(newToxics);
        }
        enabled = newEnabled;
    }
}
