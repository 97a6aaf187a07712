package org.vaurien.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.vaurien.BadInputException;
import org.vaurien.config.MixSpec;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.SocketPolicy;

/**
 * What a proxy does, checked and ready: its protocol and socket policy, its behavior mix (one
 * drawn per exchange, the rest of 100 % passing), its stack of behaviors that always apply
 * (Toxiproxy's toxics), and whether it is enabled. Immutable; a change makes a new plan that
 * connections pick up at once.
 */
public final class Plan {
    private final Protocol protocol;
    private final Options protocolOptions;
    private final SocketPolicy socketPolicy;
    private final MixSpec mixSpec;
    private final ConfiguredBehavior[] mix;
    private final double[] upTo;
    private final List<ConfiguredBehavior> stack;
    private final boolean enabled;
    private final boolean namesCommands;

    private Plan(Protocol protocol, Options protocolOptions, MixSpec mixSpec, List<ConfiguredBehavior> mix,
                 List<ConfiguredBehavior> stack, boolean enabled) {
        this.protocol = protocol;
        this.protocolOptions = protocolOptions;
        this.socketPolicy = protocol.socketPolicy(protocolOptions);
        this.mixSpec = mixSpec;
        this.mix = mix.toArray(new ConfiguredBehavior[0]);
        this.upTo = new double[this.mix.length];
        double sum = 0;
        for (int i = 0; i < this.mix.length; i++) {
            sum += mixSpec.entries().get(i).percent();
            upTo[i] = sum;
        }
        this.stack = List.copyOf(stack);
        this.enabled = enabled;
        boolean names = false;
        for (ConfiguredBehavior b : this.stack) {
            checkFits(b, b.isStream());
            names |= checkMatcher(b, b.isStream());
        }
        for (ConfiguredBehavior b : this.mix) {
            checkFits(b, b.isConnectionStream());
            names |= checkMatcher(b, b.isConnectionStream());
        }
        this.namesCommands = names;
    }

    /** Refuses a behavior made for another protocol, or for one exchange where it would shape whole connections. */
    private void checkFits(ConfiguredBehavior b, boolean wholeConnections) {
        Set<String> protocols = b.behavior().protocols();
        if (!protocols.isEmpty() && !protocols.contains(protocol.name())) {
            throw new BadInputException("behavior '" + b.name() + "' works only with protocol "
                    + protocols.stream().sorted().map(p -> "'" + p + "'").collect(Collectors.joining(" or "))
                    + ", and this proxy's protocol is '" + protocol.name() + "'");
        }
        if (wholeConnections && b.behavior().shapesOneExchange()) {
            throw new BadInputException("behavior '" + b.name() + "' acts on one exchange at a time: draw it per exchange,"
                    + " in the mix (not in the stack, nor with scope = connection)");
        }
    }

    /** Refuses a matcher the protocol cannot apply; true when it names a command (a handshake may be drawn then). */
    private boolean checkMatcher(ConfiguredBehavior b, boolean wholeConnections) {
        if (b.matcher() == null) {
            return false;
        }
        if (wholeConnections) {
            throw new BadInputException("behavior '" + b.name() + "' shapes whole connections here (in the stack, or with"
                    + " scope = connection): match cannot choose its requests; draw it per exchange, in the mix");
        }
        b.resolveMatcher(protocol);
        return b.matcher().names("command");
    }

    /** Whether a behavior's matcher names commands: only then is a handshake step drawn at all. */
    boolean namesCommands() {
        return namesCommands;
    }

    /** Checks a proxy's settings against the registry; any mistake is a BadInputException. */
    public static Plan of(ProxyConfig config, Registry registry) {
        Protocol protocol = registry.protocol(config.protocol());
        Options protocolOptions = registry.protocolOptions(config.protocol(),
                config.protocolOptions().getOrDefault(config.protocol(), Map.of()));
        for (Map.Entry<String, Map<String, String>> e : config.protocolOptions().entrySet()) {
            registry.protocolOptions(e.getKey(), e.getValue());
        }
        MixSpec spec = MixSpec.parse(config.behavior(), registry);
        List<ConfiguredBehavior> mix = new ArrayList<>();
        for (MixSpec.Entry entry : spec.entries()) {
            mix.add(configure(registry, entry.name(), config.behaviorOptions()));
        }
        for (Map.Entry<String, Map<String, String>> e : config.behaviorOptions().entrySet()) {
            registry.behaviorOptions(e.getKey(), e.getValue());
        }
        List<ConfiguredBehavior> stack = new ArrayList<>();
        for (String name : config.stack()) {
            stack.add(configure(registry, name, config.behaviorOptions()));
        }
        return new Plan(protocol, protocolOptions, spec, mix, stack, true);
    }

    static ConfiguredBehavior configure(Registry registry, String name, Map<String, Map<String, String>> options) {
        Options checked = registry.behaviorOptions(name, options.getOrDefault(name, Map.of()));
        return new ConfiguredBehavior(name, registry.behavior(name), checked);
    }

    /** A behavior with options already checked, for a stack built piece by piece (the control API). */
    public static ConfiguredBehavior configure(Registry registry, String name, Options checked) {
        return new ConfiguredBehavior(name, registry.behavior(name), checked);
    }

    /** This plan with another stack (in order). */
    public Plan withStack(List<ConfiguredBehavior> newStack) {
        return new Plan(protocol, protocolOptions, mixSpec, List.of(mix), newStack, enabled);
    }

    /** This plan, enabled or not: a disabled proxy refuses connections, as Toxiproxy's does. */
    public Plan withEnabled(boolean on) {
        return new Plan(protocol, protocolOptions, mixSpec, List.of(mix), stack, on);
    }

    /** One draw of the mix: a behavior, or null for the passing rest. */
    public ConfiguredBehavior draw(RandomGenerator random) {
        if (mix.length == 0) {
            return null;
        }
        double x = random.nextDouble() * 100;
        for (int i = 0; i < mix.length; i++) {
            if (x < upTo[i]) {
                return mix[i];
            }
        }
        return null;
    }

    public Protocol protocol() {
        return protocol;
    }

    public Options protocolOptions() {
        return protocolOptions;
    }

    public SocketPolicy socketPolicy() {
        return socketPolicy;
    }

    public MixSpec mixSpec() {
        return mixSpec;
    }

    public List<ConfiguredBehavior> mix() {
        return List.of(mix);
    }

    public List<ConfiguredBehavior> stack() {
        return stack;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether nothing may connect: the proxy is disabled, or its stack takes the listener down. */
    public boolean refusesConnections() {
        if (!enabled) {
            return true;
        }
        for (ConfiguredBehavior b : stack) {
            if (b.refusesConnections()) {
                return true;
            }
        }
        return false;
    }
}
