package org.vaurien.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vaurien.BadInputException;
import org.vaurien.Client;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vaurien ctl}: drives a running Vaurien (or Toxiproxy-speaking) control API. */
@Command(name = "vaurien ctl", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Changes what a running vaurien does, through its control API (vaurien --http).",
        subcommands = {CtlCommand.ListBehaviors.class, CtlCommand.GetBehavior.class, CtlCommand.SetBehavior.class,
            CtlCommand.Proxies.class, CtlCommand.ToxicCommand.class})
final class CtlCommand {
    @Option(names = "--host", defaultValue = "http://127.0.0.1:8080", description = "the control API's URL (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--token", description = "bearer token, when the server requires one")
    String token;

    @Option(names = "--proxy", description = "the proxy, when the server runs several")
    String proxy;

    Client client() {
        Client c = new Client(host, token);
        return proxy == null ? c : c.proxy(proxy);
    }

    /** A Toxiproxy-dialect call; a 4xx answer is the user's mistake. */
    JsonElement call(String method, String path, JsonObject body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(host + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonElement json = r.body().isBlank() ? new JsonObject() : JsonParser.parseString(r.body());
            if (r.statusCode() >= 400) {
                String error = json.isJsonObject() && json.getAsJsonObject().has("error")
                        ? json.getAsJsonObject().get("error").getAsString() : "status " + r.statusCode();
                throw new BadInputException(error);
            }
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the control API at " + host + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Map<String, String> pairs(List<String> items, String flag) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (String item : items) {
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException(flag + " '" + item + "' is not KEY=VALUE");
            }
            map.put(item.substring(0, eq).strip(), item.substring(eq + 1).strip());
        }
        return map;
    }

    @Command(name = "list-behaviors", description = "lists the behaviors that can be set")
    static final class ListBehaviors implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().getOut().println(String.join(", ", ctl.client().behaviors()));
            return 0;
        }
    }

    @Command(name = "get-behavior", description = "prints the behavior mix in use, and its options")
    static final class GetBehavior implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Client client = ctl.client();
            PrintWriter out = spec.commandLine().getOut();
            out.println(client.behavior());
            client.behaviorOptions().forEach((b, o) -> out.println("  " + b + " " + o));
            return 0;
        }
    }

    @Command(name = "set-behavior", description = "sets a behavior (or a PERCENT:NAME mix) and its options")
    static final class SetBehavior implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "a behavior, or a mix like 5:error,10:delay")
        String name;

        @Option(names = "--option", paramLabel = "KEY=VALUE", description = "an option of the behavior (repeatable)")
        List<String> options = new ArrayList<>();

        @Override
        public Integer call() {
            ctl.client().setBehavior(name, pairs(options, "--option"));
            spec.commandLine().getOut().println("Behavior changed to \"" + name + "\"");
            return 0;
        }
    }

    @Command(name = "proxies", description = "lists the proxies with their toxics")
    static final class Proxies implements Callable<Integer> {
        @ParentCommand
        CtlCommand ctl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ctl.call("GET", "/proxies", null).getAsJsonObject().entrySet().forEach(e -> {
                JsonObject p = e.getValue().getAsJsonObject();
                out.printf("%-16s %-22s -> %-22s %-8s %-9s%n", e.getKey(), p.get("listen").getAsString(), p.get("upstream").getAsString(),
                        p.get("protocol").getAsString(), p.get("enabled").getAsBoolean() ? "enabled" : "DISABLED");
                p.getAsJsonArray("toxics").forEach(t -> out.println("    toxic " + t));
            });
            return 0;
        }
    }

    @Command(name = "toxic", description = "adds, updates or removes a toxic of a proxy (Toxiproxy style)",
            subcommands = {ToxicCommand.Add.class, ToxicCommand.Update.class, ToxicCommand.Remove.class})
    static final class ToxicCommand {
        @ParentCommand
        CtlCommand ctl;

        @Command(name = "add", description = "adds a toxic: any behavior, in the proxy's stack")
        static final class Add implements Callable<Integer> {
            @ParentCommand
            ToxicCommand toxic;

            @Spec
            CommandSpec spec;

            @Parameters(index = "0", paramLabel = "PROXY")
            String proxy;

            @Option(names = "--type", required = true, description = "the behavior: latency, bandwidth, timeout, error...")
            String type;

            @Option(names = "--name", description = "default: TYPE_STREAM")
            String name;

            @Option(names = "--stream", defaultValue = "downstream", description = "upstream or downstream (default: ${DEFAULT-VALUE})")
            String stream;

            @Option(names = "--toxicity", defaultValue = "1", description = "0 to 1 (default: ${DEFAULT-VALUE})")
            double toxicity;

            @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "an option of the behavior (repeatable)")
            List<String> attributes = new ArrayList<>();

            @Override
            public Integer call() {
                JsonObject body = new JsonObject();
                body.addProperty("type", type);
                if (name != null) {
                    body.addProperty("name", name);
                }
                body.addProperty("stream", stream);
                body.addProperty("toxicity", toxicity);
                JsonObject attrs = new JsonObject();
                pairs(attributes, "--attribute").forEach(attrs::addProperty);
                body.add("attributes", attrs);
                JsonElement t = toxic.ctl.call("POST", "/proxies/" + proxy + "/toxics", body);
                spec.commandLine().getOut().println("added to " + proxy + ": " + t);
                return 0;
            }
        }

        @Command(name = "update", description = "changes a toxic's toxicity, stream or attributes")
        static final class Update implements Callable<Integer> {
            @ParentCommand
            ToxicCommand toxic;

            @Spec
            CommandSpec spec;

            @Parameters(index = "0", paramLabel = "PROXY")
            String proxy;

            @Parameters(index = "1", paramLabel = "TOXIC")
            String name;

            @Option(names = "--stream")
            String stream;

            @Option(names = "--toxicity")
            Double toxicity;

            @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "(repeatable)")
            List<String> attributes = new ArrayList<>();

            @Override
            public Integer call() {
                JsonObject body = new JsonObject();
                if (stream != null) {
                    body.addProperty("stream", stream);
                }
                if (toxicity != null) {
                    body.addProperty("toxicity", toxicity);
                }
                JsonObject attrs = new JsonObject();
                pairs(attributes, "--attribute").forEach(attrs::addProperty);
                body.add("attributes", attrs);
                JsonElement t = toxic.ctl.call("POST", "/proxies/" + proxy + "/toxics/" + name, body);
                spec.commandLine().getOut().println("updated on " + proxy + ": " + t);
                return 0;
            }
        }

        @Command(name = "remove", description = "removes a toxic")
        static final class Remove implements Callable<Integer> {
            @ParentCommand
            ToxicCommand toxic;

            @Spec
            CommandSpec spec;

            @Parameters(index = "0", paramLabel = "PROXY")
            String proxy;

            @Parameters(index = "1", paramLabel = "TOXIC")
            String name;

            @Override
            public Integer call() {
                toxic.ctl.call("DELETE", "/proxies/" + proxy + "/toxics/" + name, null);
                spec.commandLine().getOut().println("removed " + name + " from " + proxy);
                return 0;
            }
        }
    }
}
