package org.vaurien.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.config.Logging;
import org.vaurien.spi.Option;
import org.vaurien.config.ConfigFile;
import org.vaurien.config.HostPort;
import org.vaurien.config.Ini;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.control.ControlServer;
import org.vaurien.experiments.ExperimentsApi;
import org.vaurien.control.ProxyManager;
import org.vaurien.control.ToxiproxyConfig;
import org.vaurien.engine.Engine;
import org.vaurien.faults.FaultLog;
import org.vaurien.faults.Replay;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code vaurien [OPTIONS]}: runs a proxy until it is stopped (Ctrl-C, SIGTERM). Its options are
 * declared through picocli's programmatic model: reflecting over annotations would cost the
 * proxy a third of a second of start-up.
 */
final class ProxyCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    /** The flags that set a proxy key of the config file, with their help. */
    private static final String[][] PROXY_FLAGS = {
        {"--proxy", "proxy", "HOST:PORT", "localhost:8000", "address to listen on; port 0 takes any free port (the log says which)"},
        {"--backend", "backend", "HOST:PORT", "localhost:80", "the server behind the proxy"},
        {"--protocol", "protocol", "NAME", "tcp", "how exchanges are framed; see --list"},
        {"--behavior", "behavior", "MIX", "100:dummy", "PERCENT:NAME[,PERCENT:NAME...] drawn per exchange; the rest of 100 passes"},
        {"--stack", "stack", "NAME[,NAME...]", null, "behaviors that always apply, in this order, each with its own toxicity (Toxiproxy's toxics), on top of the mix"},
        {"--timeout", "timeout", "SECONDS", "30", "backend connect timeout; idle connections are closed after it unless --stay-connected"},
        {"--backlog", "backlog", "N", "8192", "listen backlog"},
        {"--seed", "seed", "N", null, "seed of the draws, to make a run reproducible"},
        {"--max-pending", "max_pending", "N", "10000", "exchanges of a connection owed an answer before its client stops being read"},
        {"--max-connection-buffer", "max_connection_buffer", "KB", "4096",
            "KB a connection may hold each way (a slow reader, bytes waiting for their time) before its source stops being read"},
        {"--tls", "tls", "MODE", null, "terminate: accept TLS with a certificate of Vaurien's CA (see vaurien ca), open TLS to"
            + " the backend and frame the plaintext, so that every behavior works on HTTPS; off (default): bytes pass as they are"},
        {"--tls-ca-dir", "tls_ca_dir", "DIR", null, "where Vaurien's CA is kept, made on first use (default: ~/.vaurien/ca)"},
        {"--tls-keystore", "tls_keystore", "FILE", null, "a PKCS12 keystore whose certificate the proxy shows instead of issuing one"},
        {"--tls-keystore-password", "tls_keystore_password", "PASSWORD", null, "its password"},
        {"--tls-backend-ca", "tls_backend_ca", "FILE", null, "PEM certificates of the CAs trusted for the backend (default: the JVM's)"},
        {"--tls-verify-backend", "tls_verify_backend", "BOOL", "true", "check the backend's certificate and host name"},
        {"--tls-client-keystore", "tls_client_keystore", "FILE", null, "a PKCS12 keystore with the client certificate shown to the backend (mTLS)"},
        {"--tls-client-keystore-password", "tls_client_keystore_password", "PASSWORD", null, "its password"}};

    private static final Option<Integer> MAX_BUFFER = Option.integer("--max-buffer", "", 64, 1, 1 << 16);

    private final Registry registry;
    private final CommandSpec spec;

    private ProxyCommand(Registry registry) {
        this.registry = registry;
        this.spec = CommandSpec.wrapWithoutInspection(this);
    }

    static CommandSpec spec(Registry registry) {
        ProxyCommand command = new ProxyCommand(registry);
        CommandSpec spec = command.spec;
        spec.name("vaurien");
        spec.usageMessage().autoWidth(true).description(
                "Runs a chaos TCP proxy: clients connect to --proxy, Vaurien connects to --backend and makes a"
                        + " controlled share of the exchanges slow, broken or silent.",
                "Example: vaurien --proxy 0.0.0.0:6565 --backend mail:465 --protocol smtp --behavior 5:error,10:delay",
                "Other commands: vaurien demo, vaurien ctl, vaurien attach, vaurien detach (each with --help).");
        for (String[] f : PROXY_FLAGS) {
            spec.addOption(option(f[0], f[2], f[3], f[4]));
        }
        spec.addOption(option("--config", "FILE", null, "INI config file ([vaurien], [proxy:NAME], [behavior:NAME], [protocol:NAME])"
                + " or Toxiproxy's JSON array of proxies; flags override it"));
        spec.addOption(flag("--http", "start the control API (Vaurien's and Toxiproxy's dialects)"));
        spec.addOption(option("--http-host", "HOST", "127.0.0.1", "address of the control API; anything but loopback is announced loudly"));
        spec.addOption(option("--http-port", "PORT", "8080", "port of the control API"));
        spec.addOption(option("--http-token", "TOKEN", null, "require Authorization: Bearer TOKEN on the control API"));
        spec.addOption(flag("--stay-connected", "keep idle connections open (no idle timeout)"));
        spec.addOption(option("--threads", "N", "0", "I/O threads; 0 for one per core"));
        spec.addOption(option("--max-buffer", "MB", "64", "MB all the connections of the process may hold at once;"
                + " past it the clients that add to it stop being read"));
        spec.addOption(option("--fault-log", "FILE", null, "write every injected fault to FILE, one JSON line each"));
        spec.addOption(option("--replay", "FILE", null, "inject the faults of a fault log again, at the same connection"
                + " and exchange numbers, and nothing else; says at the end which found no place"));
        spec.addOption(option("--log-level", "LEVEL", "info", "debug, info, warning, error or critical"));
        spec.addOption(option("--log-output", "FILE", "-", "log file; - for stderr"));
        spec.addOption(flag("--list", "list every behavior and protocol with its options, then exit"));
        spec.addOption(flag("--version", "print the version and exit"));
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("show this help and exit").build());
        PluginFlags.addTo(spec, registry);
        return spec;
    }

    private static OptionSpec option(String name, String label, String defaultValue, String description) {
        return OptionSpec.builder(name).paramLabel(label).type(String.class).defaultValue(defaultValue)
                .description(description + (defaultValue == null ? "" : " (default: " + defaultValue + ")")).build();
    }

    private static OptionSpec flag(String name, String description) {
        return OptionSpec.builder(name).arity("0").type(boolean.class).description(description).build();
    }

    @Override
    public Integer call() throws InterruptedException {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--version")) {
            spec.commandLine().getOut().println("vaurien " + Main.version());
            return 0;
        }
        if (parsed.hasMatchedOption("--list")) {
            Listing.print(registry, spec.commandLine().getOut());
            return 0;
        }
        Registry reg = registry;
        ProxyConfig.Builder builder = ProxyConfig.builder();
        Map<String, String> process = Map.of();
        List<ProxyConfig.Builder> named = List.of();
        boolean defaultDeclared = true;
        String json = null;
        String config = parsed.matchedOptionValue("--config", null);
        if (config != null) {
            String text = readConfig(config);
            if (ToxiproxyConfig.isJson(text)) {
                json = text;
                defaultDeclared = false;
            } else {
                ConfigFile file = ConfigFile.read(Ini.parse(config, text), registry, getClass().getClassLoader());
                reg = file.registry();
                builder = file.proxy();
                process = file.process();
                named = file.namedProxies();
                defaultDeclared = file.defaultProxyDeclared();
            }
        }
        boolean http = parsed.hasMatchedOption("--http")
                || Option.bool("http", "", false).parse(process.getOrDefault("http", "false"));
        boolean flagsDeclareProxy = false;
        for (String[] flag : PROXY_FLAGS) {
            if (parsed.hasMatchedOption(flag[0])) {
                flagsDeclareProxy |= flag[1].equals("proxy") || flag[1].equals("backend");
                try {
                    ConfigFile.applyProxyKey(builder, flag[1], parsed.matchedOptionValue(flag[0], ""), reg);
                } catch (BadInputException e) {
                    throw new BadInputException(flag[0] + ": " + e.getMessage());
                }
            }
        }
        if (parsed.hasMatchedOption("--stay-connected")) {
            builder.stayConnected(true);
        }
        PluginFlags.apply(parsed, reg, builder);
        Logging.configure(value(parsed, "--log-level", "log_level", process), value(parsed, "--log-output", "log_output", process));
        int threads = Option.integer("--threads", "", 0, 0, 1024).parse(value(parsed, "--threads", "threads", process));
        List<ProxyConfig> proxies = new ArrayList<>();
        // the original always ran one proxy; a config of other proxies, or a bare --http server, may run none
        if (flagsDeclareProxy || defaultDeclared && !(http && named.isEmpty() && config == null)) {
            proxies.add(builder.build());
        }
        for (ProxyConfig.Builder b : named) {
            proxies.add(b.build());
        }
        String token = value(parsed, "--http-token", "http_token", process);
        HostPort control = http ? new HostPort(value(parsed, "--http-host", "http_host", process),
                Option.integer("--http-port", "", 8080, 0, 65535).parse(value(parsed, "--http-port", "http_port", process))) : null;
        long budget = (long) MAX_BUFFER.parse(value(parsed, "--max-buffer", "max_buffer", process)) << 20;
        String faultLog = value(parsed, "--fault-log", "fault_log", process);
        String replay = value(parsed, "--replay", "replay", process);
        Faults faults = new Faults(faultLog == null ? null : Path.of(faultLog),
                replay == null ? null : Replay.load(Path.of(replay)).check(reg));
        return serve(proxies, json == null ? null : new String[] {config, json}, control, token, reg, threads, budget, faults);
    }

    private static String readConfig(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (NoSuchFileException e) {
            throw new BadInputException("config file " + path + " does not exist");
        } catch (IOException e) {
            throw new BadInputException("cannot read config file " + path + ": " + e.getMessage());
        }
    }

    /** A flag's value, else the config file's, else the flag's default. */
    private String value(ParseResult parsed, String flag, String key, Map<String, String> process) {
        String fallback = spec.findOption(flag).defaultValue();
        return parsed.hasMatchedOption(flag) ? parsed.matchedOptionValue(flag, fallback) : process.getOrDefault(key, fallback);
    }

    /**
     * Starts everything or nothing: every proxy (the config file's, the flags', a Toxiproxy
     * config's) is checked and bound, and the control API bound, before any of them accepts a
     * client; any mistake closes what was bound and is told in one line.
     */
    /** Where the faults go (a log) and where they come from (a replay); either may be null. */
    private record Faults(Path log, Replay replay) {
    }

    private static int serve(List<ProxyConfig> proxies, String[] toxiproxyJson, HostPort control, String token,
                             Registry registry, int threads, long budgetBytes, Faults faults) throws InterruptedException {
        List<ProxyManager.Planned> planned = new ArrayList<>();
        proxies.forEach(p -> planned.add(new ProxyManager.Planned(p)));
        if (toxiproxyJson != null) {
            planned.addAll(ToxiproxyConfig.read(toxiproxyJson[0], toxiproxyJson[1], registry));
        }
        if (planned.isEmpty() && control == null) {
            throw new BadInputException("no proxy to run: give --backend, a config with proxies, or --http");
        }
        FaultLog log = faults.log() == null ? null : FaultLog.open(faults.log());
        Engine engine = new Engine(threads, false, r -> r, budgetBytes);
        ProxyManager manager = new ProxyManager(engine, registry);
        if (log != null) {
            manager.addFaultListener(log);
        }
        manager.replay(faults.replay());
        ControlServer api = null;
        ProxyManager.Prepared prepared = null;
        try {
            prepared = manager.prepare(planned);
            if (control != null) {
                api = ControlServer.bind(manager, control, token, Main.version());
                ControlServer server = api;
                api.route("experiments", new ExperimentsApi(registry, server::port, token, Main.version()));
            }
        } catch (RuntimeException e) {
            if (prepared != null) {
                prepared.abandon();
            }
            engine.close();
            if (log != null) {
                log.close();
            }
            throw e;
        }
        prepared.open();
        if (api != null) {
            api.open();
        }
        ControlServer started = api;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (started != null) {
                started.close();
            }
            manager.close();
            engine.close();
            if (log != null) {
                log.close();
            }
            Logging.atExit("Bye!");
            stopped.countDown();
        }, "vaurien-shutdown"));
        stopped.await();
        return 0;
    }
}
