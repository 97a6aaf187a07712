package org.vaurien.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.vaurien.BadInputException;
import org.vaurien.spi.Option;

/**
 * Vaurien's INI config: {@code [vaurien]} with the same keys as the command line flags,
 * {@code [behavior:NAME]} and {@code [protocol:NAME]} with the plug-in's options (all applied),
 * or {@code class = a.b.C} to load a user's own plug-in under that name. Every mistake is
 * reported with file and line.
 */
public final class ConfigFile {
    /** Keys of {@code [vaurien]} that describe the proxy. */
    public static final Set<String> PROXY_KEYS = Set.of("proxy", "backend", "protocol", "behavior",
            "stack", "timeout", "stay_connected", "backlog", "seed", "max_pending", "max_connection_buffer", "tls",
            "tls_ca_dir", "tls_keystore", "tls_keystore_password", "tls_backend_ca", "tls_verify_backend", "tls_client_keystore",
            "tls_client_keystore_password");
    /** Keys of {@code [vaurien]} that describe the process. */
    public static final Set<String> PROCESS_KEYS = Set.of("log_level", "log_output", "threads",
            "http", "http_host", "http_port", "http_token", "max_buffer", "fault_log", "replay");
    /** Exchanges a connection may have owed an answer before its client stops being read. */
    public static final Option<Integer> MAX_PENDING = Option.integer("max_pending",
            "exchanges of a connection owed an answer before its client stops being read",
            ProxyConfig.DEFAULT_MAX_PENDING, 1, 10_000_000);
    /** KB a connection may hold each way (for a slow reader, or for their time) before its source stops being read. */
    public static final Option<Integer> MAX_CONNECTION_BUFFER = Option.integer("max_connection_buffer",
            "KB a connection may hold each way before its source stops being read",
            (int) (ProxyConfig.DEFAULT_MAX_CONNECTION_BUFFER >> 10), 16, 1 << 20);

    private final Registry registry;
    private final ProxyConfig.Builder proxy;
    private final Map<String, String> process;
    private final List<ProxyConfig.Builder> namedProxies;
    private final boolean defaultProxyDeclared;

    private ConfigFile(Registry registry, ProxyConfig.Builder proxy, Map<String, String> process,
                       List<ProxyConfig.Builder> namedProxies, boolean defaultProxyDeclared) {
        this.registry = registry;
        this.proxy = proxy;
        this.process = process;
        this.namedProxies = namedProxies;
        this.defaultProxyDeclared = defaultProxyDeclared;
    }

    /** The proxies of {@code [proxy:NAME]} sections, each with the shared plug-in options. */
    public List<ProxyConfig.Builder> namedProxies() {
        return namedProxies;
    }

    /** Whether {@code [vaurien]} describes a proxy (a proxy or backend key) or no other proxy exists. */
    public boolean defaultProxyDeclared() {
        return defaultProxyDeclared;
    }

    /** The registry with any {@code class =} plug-ins added. */
    public Registry registry() {
        return registry;
    }

    /** The proxy's settings, to be overridden by flags. */
    public ProxyConfig.Builder proxy() {
        return proxy;
    }

    /** Process-wide keys given in {@code [vaurien]} (log level, threads, control API). */
    public Map<String, String> process() {
        return process;
    }

    public static ConfigFile read(Ini ini, Registry registry, ClassLoader loader) {
        Registry withClasses = registry;
        for (Ini.Section s : ini.sections()) {
            Ini.Value cls = s.values().get("class");
            String[] kind = kindAndName(ini, s);
            if (cls != null) {
                if (kind == null || !kind[0].matches("behavior|protocol")) {
                    throw new BadInputException(ini.where(cls) + ": 'class' belongs in a [behavior:NAME] or [protocol:NAME] section");
                }
                try {
                    withClasses = withClasses.withClass(kind[0], kind[1], cls.text(), loader);
                } catch (BadInputException e) {
                    throw e.at(ini.where(cls));
                }
            }
        }
        ProxyConfig.Builder shared = ProxyConfig.builder();
        for (Ini.Section s : ini.sections()) {
            String[] kind = kindAndName(ini, s);
            if (kind != null && kind[0].equals("behavior")) {
                readPlugin(ini, s, kind[1], true, withClasses, shared);
            } else if (kind != null && kind[0].equals("protocol")) {
                readPlugin(ini, s, kind[1], false, withClasses, shared);
            } else if (kind != null && !kind[0].equals("proxy")) {
                throw new BadInputException(ini.where(s) + ": unknown section [" + s.name()
                        + "] (known: [vaurien], [proxy:NAME], [behavior:NAME], [protocol:NAME])");
            }
        }
        ProxyConfig sharedOptions = shared.build();
        ProxyConfig.Builder proxy = sharedOptions.toBuilder();
        Map<String, String> process = new LinkedHashMap<>();
        List<ProxyConfig.Builder> named = new ArrayList<>();
        boolean declared = false;
        for (Ini.Section s : ini.sections()) {
            String[] kind = kindAndName(ini, s);
            if (kind == null) {
                readVaurien(ini, s, withClasses, proxy, process);
                declared |= s.values().containsKey("proxy") || s.values().containsKey("backend");
            } else if (kind[0].equals("proxy")) {
                try {
                    ProxyConfig.checkName("proxy", kind[1]);
                } catch (BadInputException e) {
                    throw e.at(ini.where(s));
                }
                ProxyConfig.Builder one = sharedOptions.toBuilder().name(kind[1]);
                for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
                    if (!PROXY_KEYS.contains(e.getKey())) {
                        throw new BadInputException(ini.where(e.getValue()) + ": unknown key '" + e.getKey() + "' in ["
                                + s.name() + "] (known: " + String.join(", ", new TreeSet<>(PROXY_KEYS)) + ")");
                    }
                    try {
                        applyProxyKey(one, e.getKey(), e.getValue().text(), withClasses);
                    } catch (BadInputException ex) {
                        throw ex.at(ini.where(e.getValue()));
                    }
                }
                named.add(one);
            }
        }
        return new ConfigFile(withClasses, proxy, process, named, declared || named.isEmpty());
    }

    /** null for [vaurien]; {kind, name} for [kind:name]; an error for anything else. */
    private static String[] kindAndName(Ini ini, Ini.Section s) {
        if (s.name().equals("vaurien")) {
            return null;
        }
        int colon = s.name().indexOf(':');
        if (colon <= 0 || colon == s.name().length() - 1) {
            throw new BadInputException(ini.where(s) + ": unknown section [" + s.name()
                    + "] (known: [vaurien], [behavior:NAME], [protocol:NAME])");
        }
        return new String[] {s.name().substring(0, colon).strip().toLowerCase(Locale.ROOT),
            s.name().substring(colon + 1).strip()};
    }

    private static void readVaurien(Ini ini, Ini.Section s, Registry registry,
                                    ProxyConfig.Builder proxy, Map<String, String> process) {
        for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
            String key = e.getKey();
            Ini.Value v = e.getValue();
            try {
                if (PROCESS_KEYS.contains(key)) {
                    process.put(key, v.text());
                } else if (PROXY_KEYS.contains(key)) {
                    applyProxyKey(proxy, key, v.text(), registry);
                } else {
                    throw new BadInputException("unknown key '" + key + "' in [vaurien] (known: "
                            + String.join(", ", new TreeSet<>(union())) + ")");
                }
            } catch (BadInputException ex) {
                throw ex.at(ini.where(v));
            }
        }
    }

    private static Set<String> union() {
        Set<String> all = new HashSet<>(PROXY_KEYS);
        all.addAll(PROCESS_KEYS);
        return all;
    }

    /** Applies one proxy key given as text (from a file or a flag); checks it first. */
    public static void applyProxyKey(ProxyConfig.Builder proxy, String key, String text, Registry registry) {
        switch (key) {
            case "proxy":
                proxy.listen(HostPort.parse(text));
                break;
            case "backend":
                proxy.backend(HostPort.parse(text));
                break;
            case "protocol":
                registry.protocol(text.strip());
                proxy.protocol(text.strip());
                break;
            case "behavior":
                MixSpec.parse(text, registry);
                proxy.behavior(text.strip());
                break;
            case "stack":
                proxy.stack(stackNames(text, registry));
                break;
            case "timeout":
                proxy.timeoutSeconds(Option.decimal("timeout", "", 30, 0, 86_400).parse(text));
                break;
            case "stay_connected":
                proxy.stayConnected(Option.bool("stay_connected", "", false).parse(text));
                break;
            case "backlog":
                proxy.backlog(Option.integer("backlog", "", 8192, 1, 1 << 20).parse(text));
                break;
            case "seed":
                proxy.seed(Option.count("seed", "", 0, Long.MIN_VALUE, Long.MAX_VALUE).parse(text));
                break;
            case "max_pending":
                proxy.maxPending(MAX_PENDING.parse(text));
                break;
            case "max_connection_buffer":
                proxy.maxConnectionBuffer((long) MAX_CONNECTION_BUFFER.parse(text) << 10);
                break;
            case "tls":
                proxy.tlsTerminate(TlsSettings.terminates(text));
                break;
            default:
                if (TlsSettings.KEYS.contains(key)) {
                    proxy.tlsSetting(key, text);
                    break;
                }
                throw new BadInputException("unknown key '" + key + "'");
        }
    }

    /** {@code NAME[,NAME...]}: known behaviors, each once. */
    public static List<String> stackNames(String text, Registry registry) {
        List<String> names = new ArrayList<>();
        for (String raw : text.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            registry.behavior(name);
            if (names.contains(name)) {
                throw new BadInputException("stack '" + text.strip() + "': behavior '" + name + "' appears twice");
            }
            names.add(name);
        }
        return names;
    }

    private static void readPlugin(Ini ini, Ini.Section s, String name, boolean behavior,
                                   Registry registry, ProxyConfig.Builder proxy) {
        try {
            if (behavior) {
                registry.behavior(name);
            } else {
                registry.protocol(name);
            }
        } catch (BadInputException e) {
            throw e.at(ini.where(s));
        }
        for (Map.Entry<String, Ini.Value> e : s.values().entrySet()) {
            if (e.getKey().equals("class")) {
                continue;
            }
            Map<String, String> one = Map.of(e.getKey(), e.getValue().text());
            try {
                if (behavior) {
                    registry.behaviorOptions(name, one);
                    proxy.behaviorOption(name, e.getKey(), e.getValue().text());
                } else {
                    registry.protocolOptions(name, one);
                    proxy.protocolOption(name, e.getKey(), e.getValue().text());
                }
            } catch (BadInputException ex) {
                throw ex.at(ini.where(e.getValue()));
            }
        }
    }
}
