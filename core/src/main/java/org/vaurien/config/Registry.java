package org.vaurien.config;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.vaurien.BadInputException;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.CommonOptions;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Plugin;
import org.vaurien.spi.Protocol;
import org.vaurien.spi.Scope;

/** The behaviors and protocols known by name: the built-in ones, service files, and classes named in a config. */
public final class Registry {
    private final Map<String, Behavior> behaviors;
    private final Map<String, Protocol> protocols;

    private Registry(Map<String, Behavior> behaviors, Map<String, Protocol> protocols) {
        this.behaviors = Collections.unmodifiableMap(behaviors);
        this.protocols = Collections.unmodifiableMap(protocols);
    }

    /** Every plug-in with a service file visible to this class loader. */
    public static Registry load(ClassLoader loader) {
        Map<String, Behavior> behaviors = new TreeMap<>();
        for (Behavior b : ServiceLoader.load(Behavior.class, loader)) {
            behaviors.putIfAbsent(b.name(), b);
        }
        Map<String, Protocol> protocols = new TreeMap<>();
        for (Protocol p : ServiceLoader.load(Protocol.class, loader)) {
            protocols.putIfAbsent(p.name(), p);
        }
        return new Registry(behaviors, protocols);
    }

    /** Every plug-in visible to the class loader that loaded Vaurien. */
    public static Registry load() {
        return load(Registry.class.getClassLoader());
    }

    public Behavior behavior(String name) {
        Behavior b = behaviors.get(name);
        if (b == null) {
            throw new BadInputException("unknown behavior '" + name + "' (known: "
                    + String.join(", ", behaviors.keySet()) + ")");
        }
        return b;
    }

    public Protocol protocol(String name) {
        Protocol p = protocols.get(name);
        if (p == null) {
            throw new BadInputException("unknown protocol '" + name + "' (known: "
                    + String.join(", ", protocols.keySet()) + ")");
        }
        return p;
    }

    /** The behavior that passes everything ({@link Behavior#passesEverything()}): the rest of every mix. */
    public Behavior passing() {
        for (Behavior b : behaviors.values()) {
            if (b.passesEverything()) {
                return b;
            }
        }
        throw new IllegalStateException("no behavior passes everything: the built-in behaviors are missing");
    }

    public boolean hasBehavior(String name) {
        return behaviors.containsKey(name);
    }

    public boolean hasProtocol(String name) {
        return protocols.containsKey(name);
    }

    public Collection<Behavior> behaviors() {
        return behaviors.values();
    }

    public Collection<Protocol> protocols() {
        return protocols.values();
    }

    /** A behavior's declared options plus the common ones. */
    public static List<Option<?>> optionsOf(Behavior behavior) {
        return CommonOptions.of(behavior);
    }

    /** Checks a behavior's options given as text; names the behavior in any error. */
    public Options behaviorOptions(String name, Map<String, String> text) {
        Behavior b = behavior(name);
        Options options = Options.parse("behavior '" + name + "'", optionsOf(b), text);
        b.check(options);
        return options;
    }

    /** Checks a protocol's options given as text; names the protocol in any error. */
    public Options protocolOptions(String name, Map<String, String> text) {
        Protocol p = protocol(name);
        Options options = Options.parse("protocol '" + name + "'", p.options(), text);
        p.check(options);
        return options;
    }

    /**
     * This registry plus a user's class named in a config section ({@code class = a.b.C}),
     * registered under the section's name.
     */
    public Registry withClass(String kind, String name, String className, ClassLoader loader) {
        Object instance = instantiate(kind, name, className, loader);
        Map<String, Behavior> b = new TreeMap<>(behaviors);
        Map<String, Protocol> p = new TreeMap<>(protocols);
        if ("behavior".equals(kind)) {
            if (!(instance instanceof Behavior)) {
                throw notA(className, Behavior.class);
            }
            b.put(name, renamed((Behavior) instance, name));
        } else {
            if (!(instance instanceof Protocol)) {
                throw notA(className, Protocol.class);
            }
            p.put(name, renamed((Protocol) instance, name));
        }
        return new Registry(b, p);
    }

    private static Object instantiate(String kind, String name, String className, ClassLoader loader) {
        try {
            Class<?> type = Class.forName(className.trim(), true, loader);
            return type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new BadInputException(kind + " '" + name + "': class " + className
                    + " is not on the class path");
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new BadInputException(kind + " '" + name + "': class " + className
                    + " cannot be created with a public no-argument constructor (" + e + ")");
        }
    }

    private static BadInputException notA(String className, Class<?> type) {
        return new BadInputException("class " + className + " does not implement " + type.getName());
    }

    private static Behavior renamed(Behavior b, String name) {
        return b.name().equals(name) ? b : new RenamedBehavior(b, name);
    }

    private static Protocol renamed(Protocol p, String name) {
        return p.name().equals(name) ? p : new RenamedProtocol(p, name);
    }

    /** A user's behavior registered under its section's name. */
    private record RenamedBehavior(Behavior inner, String name) implements Behavior {
        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<Option<?>> options() {
            return inner.options();
        }

        @Override
        public Scope defaultScope() {
            return inner.defaultScope();
        }

        @Override
        public void check(Options options) {
            inner.check(options);
        }

        @Override
        public Fault configure(Options options) {
            return inner.configure(options);
        }
    }

    /** A user's protocol registered under its section's name. */
    private record RenamedProtocol(Protocol inner, String name) implements Protocol {
        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public List<Option<?>> options() {
            return inner.options();
        }

        @Override
        public void check(Options options) {
            inner.check(options);
        }

        @Override
        public Conversation open(Options options, Context context) {
            return inner.open(options, context);
        }
    }

    /** For listings: a plug-in's name, description and options. */
    public static String describe(Plugin plugin) {
        return plugin.name() + ": " + plugin.description();
    }
}
