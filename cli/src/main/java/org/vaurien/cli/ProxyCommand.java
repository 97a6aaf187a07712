package org.vaurien.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.Option;
import org.vaurien.config.ConfigFile;
import org.vaurien.config.Ini;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.engine.Engine;
import org.vaurien.engine.ProxyServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** {@code vaurien [OPTIONS]}: runs a proxy until it is stopped (Ctrl-C, SIGTERM). */
@Command(name = "vaurien", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs a chaos TCP proxy: clients connect to --proxy, Vaurien connects to "
                + "--backend and makes a controlled share of the exchanges slow, broken or silent.",
            "Example: vaurien --proxy 0.0.0.0:6565 --backend mail:465 --protocol smtp --behavior 5:error,10:delay"})
final class ProxyCommand implements Callable<Integer> {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    /** The flags that set a proxy key of the config file, flag name first. */
    private static final String[][] PROXY_FLAGS = {{"--proxy", "proxy"}, {"--backend", "backend"},
        {"--protocol", "protocol"}, {"--behavior", "behavior"}, {"--timeout", "timeout"},
        {"--backlog", "backlog"}, {"--seed", "seed"}};

    private final Registry registry;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--proxy", paramLabel = "HOST:PORT", defaultValue = "localhost:8000",
            description = "address to listen on; port 0 takes any free port (the log says which) (default: ${DEFAULT-VALUE})")
    String proxy;

    @picocli.CommandLine.Option(names = "--backend", paramLabel = "HOST:PORT", defaultValue = "localhost:80",
            description = "the server behind the proxy (default: ${DEFAULT-VALUE})")
    String backend;

    @picocli.CommandLine.Option(names = "--protocol", paramLabel = "NAME", defaultValue = "tcp",
            description = "how exchanges are framed; see --list (default: ${DEFAULT-VALUE})")
    String protocol;

    @picocli.CommandLine.Option(names = "--behavior", paramLabel = "MIX", defaultValue = "100:dummy",
            description = "PERCENT:NAME[,PERCENT:NAME...] drawn per exchange; the rest of 100 passes (default: ${DEFAULT-VALUE})")
    String behavior;

    @picocli.CommandLine.Option(names = "--config", paramLabel = "FILE",
            description = "INI config file ([vaurien], [behavior:NAME], [protocol:NAME]); flags override it")
    String config;

    @picocli.CommandLine.Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "backend connect timeout; idle connections are closed after it unless --stay-connected (default: ${DEFAULT-VALUE})")
    String timeout;

    @picocli.CommandLine.Option(names = "--stay-connected",
            description = "keep idle connections open (no idle timeout)")
    boolean stayConnected;

    @picocli.CommandLine.Option(names = "--backlog", paramLabel = "N", defaultValue = "8192",
            description = "listen backlog (default: ${DEFAULT-VALUE})")
    String backlog;

    @picocli.CommandLine.Option(names = "--seed", paramLabel = "N",
            description = "seed of the draws, to make a run reproducible")
    String seed;

    @picocli.CommandLine.Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "I/O threads; 0 for one per core (default: ${DEFAULT-VALUE})")
    String threads;

    @picocli.CommandLine.Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "debug, info, warning, error or critical (default: ${DEFAULT-VALUE})")
    String logLevel;

    @picocli.CommandLine.Option(names = "--log-output", paramLabel = "FILE", defaultValue = "-",
            description = "log file; - for stderr (default: ${DEFAULT-VALUE})")
    String logOutput;

    @picocli.CommandLine.Option(names = "--list", description = "list every behavior and protocol with its options, then exit")
    boolean list;

    @picocli.CommandLine.Option(names = "--version", description = "print the version and exit")
    boolean version;

    @picocli.CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    boolean help;

    ProxyCommand(Registry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (version) {
            spec.commandLine().getOut().println("vaurien " + Main.version());
            return 0;
        }
        if (list) {
            Listing.print(registry, spec.commandLine().getOut());
            return 0;
        }
        ParseResult parsed = spec.commandLine().getParseResult();
        Registry reg = registry;
        ProxyConfig.Builder builder = ProxyConfig.builder();
        Map<String, String> process = Map.of();
        if (config != null) {
            ConfigFile file = ConfigFile.read(Ini.read(Path.of(config)), registry, getClass().getClassLoader());
            reg = file.registry();
            builder = file.proxy();
            process = file.process();
        }
        for (String[] flag : PROXY_FLAGS) {
            if (parsed.hasMatchedOption(flag[0])) {
                try {
                    ConfigFile.applyProxyKey(builder, flag[1], parsed.matchedOptionValue(flag[0], ""), reg);
                } catch (BadInputException e) {
                    throw new BadInputException(flag[0] + ": " + e.getMessage());
                }
            }
        }
        if (stayConnected) {
            builder.stayConnected(true);
        }
        PluginFlags.apply(parsed, reg, builder);
        String level = parsed.hasMatchedOption("--log-level") ? logLevel : process.getOrDefault("log_level", logLevel);
        String output = parsed.hasMatchedOption("--log-output") ? logOutput : process.getOrDefault("log_output", logOutput);
        Logging.configure(level, output);
        int ioThreads = Option.integer("--threads", "", 0, 0, 1024)
                .parse(parsed.hasMatchedOption("--threads") ? threads : process.getOrDefault("threads", threads));
        return serve(builder.build(), reg, ioThreads);
    }

    private static int serve(ProxyConfig config, Registry registry, int threads) throws InterruptedException {
        Engine engine = new Engine(threads, false);
        ProxyServer server;
        try {
            server = engine.start(config, registry);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            LOG.info("Bye!");
            stopped.countDown();
        }, "vaurien-shutdown"));
        stopped.await();
        return 0;
    }
}
