package org.vaurien.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vaurien.BadInputException;
import org.vaurien.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vaurien ctl}: drives a running Vaurien (or Toxiproxy-speaking) control API, through the Java {@link Client}. */
@Command(name = "vaurien ctl", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Changes what a running vaurien does, through its control API (vaurien --http).",
        subcommands = {CtlCommand.ListBehaviors.class, CtlCommand.GetBehavior.class, CtlCommand.SetBehavior.class,
            CtlCommand.Proxies.class, CtlCommand.ToxicCommand.class, CtlCommand.StopAll.class,
            CtlCommand.Resume.class, CtlExperiment.class})
final class CtlCommand {
    @Option(names = "--host", defaultValue = "http://127.0.0.1:8080", description = "the control API's URL (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--token", description = "bearer token, when the server requires one")
    String token;

    @Option(names = "--proxy", description = "the proxy, when the server runs several")
    String proxy;

    /** The server's client, for the proxy named with --proxy when there is one. */
    Client client() {
        Client c = server();
        return proxy == null ? c : c.proxy(proxy);
    }

    Client server() {
        return new Client(host, token);
    }

    static Map<String, String> pairs(List<String> items, String flag) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(flag + " '" + item + "' is not KEY=VALUE");
            }
            map.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return map;
    }

    /** A subcommand of ctl: the server it talks to, and where it prints. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        Integer said(String line) {
            out().println(line);
            return 0;
        }
    }

    @Command(name = "list-behaviors", mixinStandardHelpOptions = true, description = "lists the behaviors that can be set")
    static final class ListBehaviors extends Sub {
        @Override
        public Integer call() {
            return said(String.join(", ", ctl.client().behaviors()));
        }
    }

    @Command(name = "get-behavior", mixinStandardHelpOptions = true, description = "prints the behavior mix in use, and its options")
    static final class GetBehavior extends Sub {
        @Override
        public Integer call() {
            Client client = ctl.client();
            PrintWriter out = out();
            out.println(client.behavior());
            client.behaviorOptions().forEach((b, o) -> out.println("  " + b + " " + o));
            return 0;
        }
    }

    @Command(name = "set-behavior", mixinStandardHelpOptions = true, description = "sets a behavior (or a PERCENT:NAME mix) and its options")
    static final class SetBehavior extends Sub {
        @Parameters(index = "0", paramLabel = "NAME", description = "a behavior, or a mix like 5:error,10:delay")
        String name;

        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option of the behavior (repeatable)")
        List<String> options = new ArrayList<>();

        @Override
        public Integer call() {
            ctl.client().setBehavior(name, pairs(options, "--option"));
            return said("Behavior changed to \"" + name + "\"");
        }
    }

    @Command(name = "proxies", mixinStandardHelpOptions = true, description = "lists the proxies with their toxics")
    static final class Proxies extends Sub {
        @Override
        public Integer call() {
            PrintWriter out = out();
            for (Client.Proxy p : ctl.server().proxies()) {
                out.printf("%-16s %-22s -> %-22s %-8s %-9s%n", p.name(), p.listen(), p.upstream(), p.protocol(),
                        p.enabled() ? "enabled" : "DISABLED");
                p.toxics().forEach(t -> out.println("    toxic " + t.toJson()));
            }
            return 0;
        }
    }

    @Command(name = "stop-all", mixinStandardHelpOptions = true, description = "stops every fault of every proxy at once; their settings stay for resume")
    static final class StopAll extends Sub {
        @Override
        public Integer call() {
            ctl.server().stopAllFaults("vaurien ctl");
            return said("Every fault stopped: every proxy passes everything (vaurien ctl resume to undo)");
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "after stop-all, every proxy does what its settings say again")
    static final class Resume extends Sub {
        @Override
        public Integer call() {
            ctl.server().resumeFaults();
            return said("Faults resumed");
        }
    }

    /** What a toxic's add and update both take. */
    static final class ToxicFields {
        @Option(names = "--stream", description = "upstream, downstream or both (add: downstream)")
        String stream;

        @Option(names = "--toxicity", description = "0 to 1 (add: 1)")
        Double toxicity;

        @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "an option of the behavior (repeatable)")
        List<String> attributes = new ArrayList<>();

        Map<String, String> attributes() {
            return pairs(attributes, "--attribute");
        }
    }

    @Command(name = "toxic", mixinStandardHelpOptions = true, description = "adds, updates or removes a toxic of a proxy (Toxiproxy style)",
            subcommands = {ToxicCommand.Add.class, ToxicCommand.Update.class, ToxicCommand.Remove.class})
    static final class ToxicCommand {
        @ParentCommand
        CtlCommand ctl;

        /** What every toxic subcommand takes: the proxy first. */
        abstract static class OnProxy implements Callable<Integer> {
            @ParentCommand
            ToxicCommand toxic;

            @Spec
            CommandSpec spec;

            @Parameters(index = "0", paramLabel = "PROXY")
            String proxy;

            Client server() {
                return toxic.ctl.server();
            }

            Integer said(String line) {
                spec.commandLine().getOut().println(line);
                return 0;
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "adds a toxic: any behavior, in the proxy's stack")
        static final class Add extends OnProxy {
            @Option(names = "--type", required = true, description = "the behavior: latency, bandwidth, timeout, error...")
            String type;

            @Option(names = "--name", description = "default: TYPE_STREAM")
            String name;

            @Mixin
            ToxicFields fields;

            @Override
            public Integer call() {
                Client.Toxic t = server().addToxic(proxy, type, name, fields.stream,
                        fields.toxicity == null ? 1 : fields.toxicity, fields.attributes());
                return said("added to " + proxy + ": " + t.toJson());
            }
        }

        @Command(name = "update", mixinStandardHelpOptions = true, description = "changes a toxic's toxicity, stream or attributes")
        static final class Update extends OnProxy {
            @Parameters(index = "1", paramLabel = "TOXIC")
            String name;

            @Mixin
            ToxicFields fields;

            @Override
            public Integer call() {
                Client.Toxic t = server().updateToxic(proxy, name, fields.stream, fields.toxicity, fields.attributes());
                return said("updated on " + proxy + ": " + t.toJson());
            }
        }

        @Command(name = "remove", mixinStandardHelpOptions = true, description = "removes a toxic")
        static final class Remove extends OnProxy {
            @Parameters(index = "1", paramLabel = "TOXIC")
            String name;

            @Override
            public Integer call() {
                server().removeToxic(proxy, name);
                return said("removed " + name + " from " + proxy);
            }
        }
    }
}
