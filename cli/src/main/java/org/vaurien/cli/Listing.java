package org.vaurien.cli;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.vaurien.config.Registry;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Option;
import org.vaurien.spi.Plugin;

/** {@code vaurien --list}: every behavior and protocol with its options, types and defaults. */
final class Listing {
    private Listing() {
    }

    static void print(Registry registry, PrintWriter out) {
        out.println("Behaviors (use in --behavior PERCENT:NAME,...; options as [behavior:NAME] keys"
                + " or --behavior-NAME-OPTION flags):");
        section(registry.behaviors(), b -> Registry.optionsOf((Behavior) b), out);
        out.println();
        out.println("Protocols (--protocol NAME; options as [protocol:NAME] keys or --protocol-NAME-OPTION flags):");
        section(registry.protocols(), Plugin::options, out);
    }

    private static void section(Collection<? extends Plugin> plugins,
                                Function<Plugin, List<Option<?>>> options, PrintWriter out) {
        for (Plugin p : plugins) {
            String only = p instanceof Behavior b && !b.protocols().isEmpty()
                    ? " (" + String.join(", ", new TreeSet<>(b.protocols())) + " only)" : "";
            out.printf("  %-12s %s%s%n", p.name(), p.description(), only);
            for (Option<?> o : options.apply(p)) {
                out.printf("      %-14s %-22s default %-10s %s%n", o.name(), o.type(), o.defaultText(),
                        o.description());
            }
        }
    }
}
