package org.vaurien.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.vaurien.BadInputException;

/**
 * Everything one proxy needs, as the user gave it (flags, config file, API), before plug-ins are
 * looked up. Immutable; {@link #toBuilder()} for changes.
 *
 * @param stack behaviors that always apply, in order, on top of the mix (Toxiproxy's toxics)
 * @param behaviorOptions option text per behavior name ({@code [behavior:delay] sleep = 2})
 * @param protocolOptions option text per protocol name
 * @param timeoutSeconds backend connect timeout, and idle timeout unless {@code stayConnected}
 * @param seed seed of the draws; null for a random one
 * @param maxPending exchanges a connection may have owed an answer before its client stops being read
 * @param maxConnectionBuffer bytes a connection may hold each way before its source stops being read
 * @param tls TLS terminated on both legs ({@code tls = terminate}); null when bytes pass as they are
 */
public record ProxyConfig(String name, HostPort listen, HostPort backend, String protocol,
                          String behavior, List<String> stack, Map<String, Map<String, String>> behaviorOptions,
                          Map<String, Map<String, String>> protocolOptions, double timeoutSeconds,
                          boolean stayConnected, int backlog, Long seed, int maxPending, long maxConnectionBuffer,
                          TlsSettings tls) {
    public static final String DEFAULT_NAME = "default";
    /** What a name of a proxy or a toxic may be: what a URL's path segment carries as it is. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    public static final int DEFAULT_MAX_PENDING = 10_000;
    public static final long DEFAULT_MAX_CONNECTION_BUFFER = 4L << 20;

    public ProxyConfig {
        Objects.requireNonNull(name);
        Objects.requireNonNull(listen);
        Objects.requireNonNull(backend);
        behaviorOptions = deepCopy(behaviorOptions);
        protocolOptions = deepCopy(protocolOptions);
        stack = stack == null ? List.of() : List.copyOf(stack);
    }

    /**
     * Checks the name of a proxy, a target or a toxic ({@code what}): letters, digits, '-', '_'
     * and '.', at most 200, so that the control API can address it by its URL.
     */
    public static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            String shown = name == null ? "" : name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw new BadInputException(what + " name '" + shown + "' is not allowed: names are letters, digits, '-', '_'"
                    + " and '.', at most 200 of them (not '.' or '..')");
        }
        return name;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.listen = listen;
        b.backend = backend;
        b.protocol = protocol;
        b.behavior = behavior;
        b.stack = stack;
        b.behaviorOptions = deepCopy(behaviorOptions);
        b.protocolOptions = deepCopy(protocolOptions);
        b.timeoutSeconds = timeoutSeconds;
        b.stayConnected = stayConnected;
        b.backlog = backlog;
        b.seed = seed;
        b.maxPending = maxPending;
        b.maxConnectionBuffer = maxConnectionBuffer;
        b.tlsOn = tls != null;
        b.tlsSettings = tls != null ? tls : TlsSettings.DEFAULTS;
        return b;
    }

    private static Map<String, Map<String, String>> deepCopy(Map<String, Map<String, String>> in) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (in != null) {
            in.forEach((k, v) -> out.put(k, Map.copyOf(new LinkedHashMap<>(v))));
        }
        return Map.copyOf(out);
    }

    /** Defaults are the original Vaurien's. */
    public static final class Builder {
        private String name = DEFAULT_NAME;
        private HostPort listen = new HostPort("localhost", 8000);
        private HostPort backend = new HostPort("localhost", 80);
        private String protocol = "tcp";
        private String behavior = "";
        private List<String> stack = List.of();
        private Map<String, Map<String, String>> behaviorOptions = new LinkedHashMap<>();
        private Map<String, Map<String, String>> protocolOptions = new LinkedHashMap<>();
        private double timeoutSeconds = 30;
        private boolean stayConnected;
        private int backlog = 8192;
        private Long seed;
        private int maxPending = DEFAULT_MAX_PENDING;
        private long maxConnectionBuffer = DEFAULT_MAX_CONNECTION_BUFFER;
        private boolean tlsOn;
        private TlsSettings tlsSettings = TlsSettings.DEFAULTS;

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder listen(HostPort v) {
            listen = v;
            return this;
        }

        public Builder backend(HostPort v) {
            backend = v;
            return this;
        }

        public Builder protocol(String v) {
            protocol = v;
            return this;
        }

        public Builder behavior(String mix) {
            behavior = mix;
            return this;
        }

        /** Behaviors that always apply, in this order (each with its own toxicity). */
        public Builder stack(List<String> names) {
            stack = names;
            return this;
        }

        public Builder behaviorOption(String behaviorName, String option, String value) {
            behaviorOptions = mutable(behaviorOptions);
            behaviorOptions.computeIfAbsent(behaviorName, k -> new LinkedHashMap<>()).put(option, value);
            return this;
        }

        public Builder protocolOption(String protocolName, String option, String value) {
            protocolOptions = mutable(protocolOptions);
            protocolOptions.computeIfAbsent(protocolName, k -> new LinkedHashMap<>()).put(option, value);
            return this;
        }

        public Builder timeoutSeconds(double v) {
            timeoutSeconds = v;
            return this;
        }

        public Builder stayConnected(boolean v) {
            stayConnected = v;
            return this;
        }

        public Builder backlog(int v) {
            backlog = v;
            return this;
        }

        public Builder seed(Long v) {
            seed = v;
            return this;
        }

        public Builder maxPending(int v) {
            maxPending = v;
            return this;
        }

        public Builder maxConnectionBuffer(long bytes) {
            maxConnectionBuffer = bytes;
            return this;
        }

        /** TLS terminated with these settings; null: none. */
        public Builder tls(TlsSettings v) {
            tlsOn = v != null;
            tlsSettings = v != null ? v : TlsSettings.DEFAULTS;
            return this;
        }

        /** {@code tls = terminate} or {@code off}; the settings given apart are kept. */
        public Builder tlsTerminate(boolean on) {
            tlsOn = on;
            return this;
        }

        /** One of {@link TlsSettings#KEYS}. */
        public Builder tlsSetting(String key, String text) {
            tlsSettings = tlsSettings.with(key, text);
            return this;
        }

        /** @throws org.vaurien.BadInputException when TLS settings are given and TLS is not terminated */
        public ProxyConfig build() {
            if (!tlsOn && !tlsSettings.equals(TlsSettings.DEFAULTS)) {
                throw new org.vaurien.BadInputException("proxy '" + name + "': TLS settings are given, but not tls = terminate");
            }
            return new ProxyConfig(name, listen, backend, protocol, behavior, stack, behaviorOptions,
                    protocolOptions, timeoutSeconds, stayConnected, backlog, seed, maxPending, maxConnectionBuffer,
                    tlsOn ? tlsSettings : null);
        }

        private static Map<String, Map<String, String>> mutable(Map<String, Map<String, String>> in) {
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            in.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
            return out;
        }
    }
}
