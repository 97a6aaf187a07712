package org.vaurien.cli;

import java.util.Locale;
import java.util.Map;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Option;
import org.vaurien.spi.Plugin;
import org.vaurien.spi.Protocol;
import org.vaurien.config.ProxyConfig;
import org.vaurien.config.Registry;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code --behavior-NAME-OPTION} and {@code --protocol-NAME-OPTION} flags, generated from
 * what each plug-in declares, so that flags, config keys and {@code --list} never disagree.
 */
final class PluginFlags {
    private PluginFlags() {
    }

    static void addTo(CommandSpec spec, Registry registry) {
        for (Behavior b : registry.behaviors()) {
            for (Option<?> o : Registry.optionsOf(b)) {
                spec.addOption(flag("behavior", b, o));
            }
        }
        for (Protocol p : registry.protocols()) {
            for (Option<?> o : p.options()) {
                spec.addOption(flag("protocol", p, o));
            }
        }
    }

    private static OptionSpec flag(String kind, Plugin plugin, Option<?> option) {
        return OptionSpec.builder(flagName(kind, plugin.name(), option.name()))
                .paramLabel(label(option))
                .type(String.class)
                .description(option.description() + " (" + kind + " " + plugin.name()
                        + ", default: " + option.defaultText() + ")")
                .build();
    }

    static String flagName(String kind, String plugin, String option) {
        return "--" + kind + "-" + plugin.replace('_', '-') + "-" + option.replace('_', '-');
    }

    /**
     * The arguments with generated flags spelled as declared: {@code --behavior-limit_data-bytes}
     * (the behavior's own name) is {@code --behavior-limit-data-bytes}. No generated flag has an
     * underscore, so nothing else changes.
     */
    static String[] spelledOurWay(String[] args) {
        String[] out = args.clone();
        for (int i = 0; i < out.length; i++) {
            String a = out[i];
            if (a.startsWith("--behavior-") || a.startsWith("--protocol-")) {
                int eq = a.indexOf('=');
                String flag = eq < 0 ? a : a.substring(0, eq);
                out[i] = flag.replace('_', '-') + (eq < 0 ? "" : a.substring(eq));
            }
        }
        return out;
    }

    private static String label(Option<?> option) {
        switch (option.type()) {
            case "int": return "N";
            case "decimal": return "X";
            case "bool": return "BOOL";
            case "text": return "TEXT";
            default: return option.type().toUpperCase(Locale.ROOT);
        }
    }

    /** Copies the generated flags that were given into the proxy's settings, checking each. */
    static void apply(ParseResult parsed, Registry registry, ProxyConfig.Builder proxy) {
        for (Behavior b : registry.behaviors()) {
            for (Option<?> o : Registry.optionsOf(b)) {
                String value = parsed.matchedOptionValue(flagName("behavior", b.name(), o.name()), null);
                if (value != null) {
                    registry.behaviorOptions(b.name(), Map.of(o.name(), value));
                    proxy.behaviorOption(b.name(), o.name(), value);
                }
            }
        }
        for (Protocol p : registry.protocols()) {
            for (Option<?> o : p.options()) {
                String value = parsed.matchedOptionValue(flagName("protocol", p.name(), o.name()), null);
                if (value != null) {
                    registry.protocolOptions(p.name(), Map.of(o.name(), value));
                    proxy.protocolOption(p.name(), o.name(), value);
                }
            }
        }
    }
}
