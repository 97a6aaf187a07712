package org.vaurien.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vaurien.BadInputException;
import org.vaurien.config.ConfigFile;
import org.vaurien.config.Ini;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.faults.Replay;
import org.vaurien.spi.Option;

/**
 * The agent's settings: an INI file ({@code [vaurien]}, one {@code [target:NAME]} per target,
 * {@code [behavior:NAME]} and {@code [protocol:NAME]} as in the standalone config), or
 * {@code key=value;...} inline for one target. Every mistake names file and line (or key).
 */
record AgentConfig(List<Target> targets, boolean http, int httpPort, String httpToken, String logFile,
                   Registry registry, Path faultLog, Replay replay) {
    /** A target: what it matches, and the proxy settings its connects get. */
    record Target(String name, List<Match> matches, ProxyConfig proxy) {
    }

    private static final Set<String> TARGET_KEYS = Set.of("match", "protocol", "behavior", "stack", "timeout",
            "stay_connected", "seed", "max_pending", "max_connection_buffer", "tls", "tls_ca_dir", "tls_keystore",
            "tls_keystore_password", "tls_backend_ca", "tls_verify_backend", "tls_client_keystore", "tls_client_keystore_password");
    /**
     * Inside an application the limits are lower than the standalone proxy's, so that a hostile
     * server cannot make Vaurien take the application's heap: what all the embedded proxies may
     * hold at once, and per connection.
     */
    static final long BUDGET = 16L << 20;
    static final int MAX_PENDING = 1_000;
    static final long MAX_CONNECTION_BUFFER = 1L << 20;
    private static final Set<String> AGENT_KEYS = Set.of("http", "http_port", "http_token", "log_output", "extensions",
            "fault_log", "replay");

    /**
     * Reads a config with the behaviors and protocols of {@code loader} and of the jars its
     * {@code extensions} key names: a user's own plug-ins, which the application's class path
     * cannot give the agent (its classes are kept apart from the application's).
     */
    static AgentConfig parse(String arg, ClassLoader loader) {
        if (arg == null || arg.isBlank()) {
            throw new BadInputException("no configuration: give a config file or key=value;... after the agent jar");
        }
        Path path = Path.of(arg.strip());
        if (!arg.contains("=") || Files.isRegularFile(path)) {
            Ini ini = Ini.read(path);
            Ini.Value ext = ini.sections().stream().filter(s -> s.name().equals("vaurien"))
                    .map(s -> s.values().get("extensions")).filter(v -> v != null).findFirst().orElse(null);
            ClassLoader withExtensions;
            try {
                withExtensions = ext == null ? loader : Extensions.loader(ext.text(), loader);
            } catch (BadInputException e) {
                throw e.at(ini.where(ext));
            }
            return file(ini, withExtensions);
        }
        String ext = null;
        for (String part : arg.split(";")) {
            if (part.strip().startsWith("extensions=")) {
                ext = part.strip().substring("extensions=".length());
            }
        }
        return inline(arg, ext == null ? loader : Extensions.loader(ext, loader));
    }

    /** {@code match=host:port;protocol=redis;behavior=50:error;error.warmup=1;http=true}. */
    private static AgentConfig inline(String arg, ClassLoader loader) {
        Registry registry = Registry.load(loader);
        ProxyConfig.Builder proxy = template("default");
        List<Match> matches = new ArrayList<>();
        Map<String, String> agent = new LinkedHashMap<>();
        for (String part : arg.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("'" + part + "' is not key=value");
            }
            String key = part.substring(0, eq).strip();
            String value = part.substring(eq + 1).strip();
            int dot = key.indexOf('.');
            if (key.equals("match")) {
                for (String m : value.split(",")) {
                    matches.add(Match.parse(m));
                }
            } else if (dot > 0) {
                option(registry, proxy, key.substring(0, dot), key.substring(dot + 1), value, key);
            } else if (TARGET_KEYS.contains(key)) {
                ConfigFile.applyProxyKey(proxy, key, value, registry);
            } else if (AGENT_KEYS.contains(key)) {
                agent.put(key, value);
            } else {
                throw new BadInputException("unknown key '" + key + "' (known: match, protocol, behavior, stack, timeout,"
                        + " stay_connected, seed, max_pending, max_connection_buffer, http, http_port, http_token, log_output,"
                        + " extensions, and BEHAVIOR.OPTION)");
            }
        }
        if (matches.isEmpty()) {
            throw new BadInputException("no match=host:port given");
        }
        return agent(List.of(new Target("default", matches, proxy.build())), agent, registry);
    }

    private static void option(Registry registry, ProxyConfig.Builder proxy, String plugin, String option, String value,
                               String key) {
        if (registry.hasBehavior(plugin)) {
            registry.behaviorOptions(plugin, Map.of(option, value));
            proxy.behaviorOption(plugin, option, value);
        } else if (registry.hasProtocol(plugin)) {
            registry.protocolOptions(plugin, Map.of(option, value));
            proxy.protocolOption(plugin, option, value);
        } else {
            throw new BadInputException("'" + key + "': no behavior or protocol is named '" + plugin + "'");
        }
    }

    private static AgentConfig file(Ini ini, ClassLoader loader) {
        Mistakes mistakes = new Mistakes();
        Registry registry = Registry.load(loader);
        for (Ini.Section s : ini.sections()) {
            Ini.Value cls = s.values().get("class");
            int colon = s.name().indexOf(':');
            String kind = colon < 0 ? "" : s.name().substring(0, colon).strip();
            if (cls == null) {
                continue;
            }
            if (!kind.equals("behavior") && !kind.equals("protocol")) {
                mistakes.add(ini.where(cls) + ": 'class' belongs in a [behavior:NAME] or [protocol:NAME] section");
                continue;
            }
            Registry[] with = {registry};
            if (mistakes.check(ini.where(cls), () -> with[0] = with[0].withClass(kind, s.name().substring(colon + 1).strip(),
                    cls.text(), loader))) {
                registry = with[0];
            }
        }
        Registry known = registry;
        ProxyConfig.Builder shared = template("shared");
        Map<String, String> agent = new LinkedHashMap<>();
        for (Ini.Section s : ini.sections()) {
            String name = s.name();
            int colon = name.indexOf(':');
            String kind = colon < 0 ? name : name.substring(0, colon).strip();
            String plugin = colon < 0 ? "" : name.substring(colon + 1).strip();
            if (kind.equals("behavior") || kind.equals("protocol")) {
                for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
                    String key = e.getKey();
                    String value = e.getValue().text();
                    if (key.equals("class")) {
                        continue;
                    }
                    mistakes.check(ini.where(e.getValue()), () -> {
                        if (kind.equals("behavior")) {
                            known.behaviorOptions(plugin, Map.of(key, value));
                            shared.behaviorOption(plugin, key, value);
                        } else {
                            known.protocolOptions(plugin, Map.of(key, value));
                            shared.protocolOption(plugin, key, value);
                        }
                    });
                }
            } else if (name.equals("vaurien")) {
                for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
                    if (!AGENT_KEYS.contains(e.getKey())) {
                        mistakes.add(ini.where(e.getValue()) + ": unknown key '" + e.getKey()
                                + "' in [vaurien] (known: " + String.join(", ", new TreeSet<>(AGENT_KEYS)) + ")");
                    } else if (mistakes.check(ini.where(e.getValue()), () -> checkAgentKey(e.getKey(), e.getValue().text()))) {
                        agent.put(e.getKey(), e.getValue().text());
                    }
                }
            } else if (!kind.equals("target")) {
                mistakes.add(ini.where(s) + ": unknown section [" + name
                        + "] (known: [vaurien], [target:NAME], [behavior:NAME], [protocol:NAME])");
            }
        }
        ProxyConfig sharedOptions = shared.build();
        List<Target> targets = new ArrayList<>();
        for (Ini.Section s : ini.sections()) {
            if (s.name().startsWith("target:")) {
                Target t = target(ini, s, sharedOptions, known, mistakes);
                if (t != null) {
                    targets.add(t);
                }
            }
        }
        if (targets.isEmpty() && ini.sections().stream().noneMatch(s -> s.name().startsWith("target:"))) {
            mistakes.add(ini.file() + ": no [target:NAME] section");
        }
        mistakes.throwIfAny(ini.file().toString());
        return agent(targets, agent, known);
    }

    /** A [target:NAME] section, or null when it has mistakes (kept in {@code mistakes}). */
    private static Target target(Ini ini, Ini.Section s, ProxyConfig sharedOptions, Registry registry, Mistakes mistakes) {
        String name = s.name().substring("target:".length()).strip();
        boolean good = mistakes.check(ini.where(s), () -> ProxyConfig.checkName("target", name));
        ProxyConfig.Builder proxy = sharedOptions.toBuilder().name(name).stayConnected(true);
        List<Match> matches = new ArrayList<>();
        for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
            good &= mistakes.check(ini.where(e.getValue()), () -> {
                if (e.getKey().equals("match")) {
                    for (String m : e.getValue().text().split("[,\\n]")) {
                        if (!m.isBlank()) {
                            matches.add(Match.parse(m));
                        }
                    }
                } else if (TARGET_KEYS.contains(e.getKey())) {
                    ConfigFile.applyProxyKey(proxy, e.getKey(), e.getValue().text(), registry);
                } else {
                    throw new BadInputException("unknown key '" + e.getKey() + "' in [" + s.name() + "] (known: "
                            + String.join(", ", new TreeSet<>(TARGET_KEYS)) + ")");
                }
            });
        }
        if (matches.isEmpty()) {
            mistakes.add(ini.where(s) + ": [" + s.name() + "] has no match = host:port");
            return null;
        }
        ProxyConfig[] built = new ProxyConfig[1];
        good &= mistakes.check(ini.where(s), () -> built[0] = proxy.build());
        return good ? new Target(name, matches, built[0]) : null;
    }

    /** The [vaurien] keys whose values can be wrong: checked where they are written. */
    private static void checkAgentKey(String key, String value) {
        switch (key) {
            case "http": Option.bool("http", "", false).parse(value); break;
            case "http_port": Option.integer("http_port", "", 0, 0, 65535).parse(value); break;
            default: break;
        }
    }

    private static ProxyConfig.Builder template(String name) {
        return ProxyConfig.builder().name(name).stayConnected(true).maxPending(MAX_PENDING)
                .maxConnectionBuffer(MAX_CONNECTION_BUFFER);
    }

    private static AgentConfig agent(List<Target> targets, Map<String, String> keys, Registry registry) {
        boolean http = Option.bool("http", "", false).parse(keys.getOrDefault("http", "false"));
        int port = Option.integer("http_port", "", 0, 0, 65535).parse(keys.getOrDefault("http_port", "0"));
        Path faultLog = keys.containsKey("fault_log") ? Path.of(keys.get("fault_log")) : null;
        Replay replay = keys.containsKey("replay") ? Replay.load(Path.of(keys.get("replay"))).check(registry) : null;
        return new AgentConfig(targets, http, port, keys.get("http_token"), keys.get("log_output"), registry, faultLog, replay);
    }
}
