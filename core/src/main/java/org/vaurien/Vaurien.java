package org.vaurien;

import java.util.List;
import java.nio.file.Path;
import org.vaurien.config.HostPort;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import org.vaurien.config.TlsSettings;
import org.vaurien.control.ProxyManager;
import org.vaurien.control.ManagedProxy;
import org.vaurien.engine.Engine;
import org.vaurien.faults.FaultLog;
import org.vaurien.faults.Replay;
import org.vaurien.spi.Option;

/**
 * The Java API: start a proxy in-process, in front of a backend, with a protocol and a mix.
 * <pre>{@code
 * try (VaurienProxy proxy = Vaurien.proxy().backend("localhost", 6379).protocol("redis").start()) {
 *     connectTo(proxy.port());
 *     try (var b = proxy.withBehavior("error")) {
 *         // every command fails here
 *     }
 * }
 * }</pre>
 */
public final class Vaurien {
    private static ProxyManager manager;

    private Vaurien() {
    }

    public static Builder proxy() {
        return new Builder();
    }

    /** The manager of the in-process proxies: shared event loops, daemon threads. */
    static synchronized ProxyManager manager() {
        if (manager == null) {
            manager = new ProxyManager(Engine.shared(), Registry.load());
        }
        return manager;
    }

    /** A proxy to start; listens on a free loopback port unless told otherwise. */
    public static final class Builder {
        private static int counter;
        private final ProxyConfig.Builder config = ProxyConfig.builder()
                .listen(new HostPort("127.0.0.1", 0)).stayConnected(true);
        private boolean named;
        private Path replay;
        private Path faultLog;

        Builder() {
        }

        public Builder name(String name) {
            config.name(name);
            named = true;
            return this;
        }

        public Builder listen(String host, int port) {
            config.listen(new HostPort(host, port));
            return this;
        }

        public Builder backend(String host, int port) {
            config.backend(new HostPort(host, port));
            return this;
        }

        /** {@code host:port}, {@code [::1]:6379}. */
        public Builder backend(String hostPort) {
            config.backend(HostPort.parse(hostPort));
            return this;
        }

        public Builder protocol(String protocol) {
            config.protocol(protocol);
            return this;
        }

        public Builder protocolOption(String protocol, String option, Object value) {
            config.protocolOption(protocol, option, Option.format(value));
            return this;
        }

        /** The mix, {@code PERCENT:NAME[,...]}. */
        public Builder behavior(String mix) {
            config.behavior(mix);
            return this;
        }

        public Builder behaviorOption(String behavior, String option, Object value) {
            config.behaviorOption(behavior, option, Option.format(value));
            return this;
        }

        /** Behaviors that always apply, in this order. */
        public Builder stack(String... behaviors) {
            config.stack(List.of(behaviors));
            return this;
        }

        /**
         * Terminates TLS on both legs ({@code tls = terminate}): clients get a certificate of
         * Vaurien's CA for the name they ask, the backend is spoken to over TLS, and the behaviors
         * see the plaintext. Needs the vaurien-tls module unless a keystore is given.
         */
        public Builder terminateTls() {
            config.tlsTerminate(true);
            return this;
        }

        /**
         * A TLS setting, as the config file's {@code tls_*} keys without the prefix: {@code ca_dir},
         * {@code keystore}, {@code keystore_password}, {@code backend_ca}, {@code verify_backend},
         * {@code client_keystore}, {@code client_keystore_password}.
         */
        public Builder tlsOption(String key, Object value) {
            String k = "tls_" + key;
            if (!TlsSettings.KEYS.contains(k)) {
                throw new BadInputException("no TLS setting is named '" + key + "' (known: "
                        + String.join(", ", TlsSettings.KEYS).replace("tls_", "") + ")");
            }
            config.tlsSetting(k, Option.format(value));
            return this;
        }

        public Builder seed(long seed) {
            config.seed(seed);
            return this;
        }

        /**
         * Plays a fault log back (written by {@code --fault-log} or {@link #faultLog}): its faults
         * at the same connection and exchange numbers, and nothing else; a log of one proxy is
         * played back whatever this proxy's name.
         */
        public Builder replay(Path faultLog) {
            replay = faultLog;
            return this;
        }

        /** Writes every fault this proxy injects to a file, one JSON line each. */
        public Builder faultLog(Path file) {
            faultLog = file;
            return this;
        }

        /** Starts it; a mistake in the settings is a {@link BadInputException}. */
        public VaurienProxy start() {
            synchronized (Builder.class) {
                if (!named) {
                    config.name("proxy-" + ++counter);
                }
            }
            ProxyConfig built = config.build();
            Replay r = replay == null ? null : Replay.load(replay).check(manager().registry()).as(built.name());
            FaultLog log = faultLog == null ? null : FaultLog.open(faultLog);
            ManagedProxy proxy;
            try {
                proxy = manager().start(built);
            } catch (RuntimeException e) {
                if (log != null) {
                    log.close();
                }
                throw e;
            }
            if (r != null) {
                proxy.server().replay(r);
            }
            if (log != null) {
                proxy.server().stats().addListener(log);
            }
            return new VaurienProxy(manager(), proxy, log);
        }
    }
}
