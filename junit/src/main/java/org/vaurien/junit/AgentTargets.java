package org.vaurien.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.vaurien.Client;

/**
 * The {@link ChaosTarget} fields of a test class: one agent session for the class, with its
 * control API on a free loopback port, each target put back as declared before each test, and
 * the session ended when the class is done.
 */
final class AgentTargets implements AutoCloseable {
    private final List<Field> fields;
    private final Client control;
    private final Path config;

    private AgentTargets(List<Field> fields, Client control, Path config) {
        this.fields = fields;
        this.control = control;
        this.config = config;
    }

    /** Installs the agent with the class's targets; null when it declares none. */
    static AgentTargets start(Class<?> testClass) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(ChaosTarget.class)) {
                    if (!f.getType().isAssignableFrom(Client.class)) {
                        throw new ExtensionConfigurationException("@ChaosTarget field " + f.getName()
                                + " must be a BehaviorControl (or a Client)");
                    }
                    fields.add(f);
                }
            }
        }
        if (fields.isEmpty()) {
            return null;
        }
        List<String> lines = new ArrayList<>(List.of("[vaurien]", "http = true", "http_port = 0"));
        for (Field f : fields) {
            ChaosTarget spec = f.getAnnotation(ChaosTarget.class);
            lines.addAll(List.of("[target:" + f.getName() + "]", "match = " + VaurienExtension.resolve(spec.match()),
                    "protocol = " + VaurienExtension.resolve(spec.protocol())));
        }
        try {
            Path config = Files.createTempFile("vaurien-targets", ".ini");
            Files.writeString(config, String.join("\n", lines) + "\n");
            String url = VaurienAgent.install(config.toString());
            AgentTargets targets = new AgentTargets(fields, new Client(url), config);
            targets.reset();
            return targets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every target as its annotation declares it: its mix and options, its stack, enabled. */
    void reset() {
        Map<String, List<String>> toxics = new LinkedHashMap<>();
        control.proxies().forEach(p -> toxics.put(p.name(), p.toxics().stream().map(Client.Toxic::name).toList()));
        for (Field f : fields) {
            ChaosTarget spec = f.getAnnotation(ChaosTarget.class);
            String name = f.getName();
            Map<String, Map<String, String>> options = VaurienExtension.options(spec.options(), "@ChaosTarget");
            toxics.getOrDefault(name, List.of()).forEach(t -> control.removeToxic(name, t));
            control.setEnabled(name, true);
            String mix = VaurienExtension.resolve(spec.behavior()).strip();
            mix = mix.isEmpty() ? "100:dummy" : mix.contains(":") ? mix : "100:" + mix;
            Map<String, Map<String, String>> mixOptions = new LinkedHashMap<>(options);
            List<String> inMix = mixNames(mix);
            mixOptions.keySet().removeIf(b -> !inMix.contains(b));
            control.proxy(name).setBehavior(mix, mixOptions);
            for (String behavior : spec.stack()) {
                control.addToxic(name, behavior, behavior, "downstream", 1.0, options.getOrDefault(behavior, Map.of()));
            }
        }
    }

    private static List<String> mixNames(String mix) {
        List<String> names = new ArrayList<>();
        for (String part : mix.split(",")) {
            String name = part.contains(":") ? part.substring(part.indexOf(':') + 1) : part;
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }

    /** Sets the fields that are static ({@code instance} null) or not, each to its target's control. */
    void inject(Object instance) throws IllegalAccessException {
        for (Field f : fields) {
            if (Modifier.isStatic(f.getModifiers()) == (instance == null)) {
                f.setAccessible(true);
                f.set(instance, control.proxy(f.getName()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        VaurienAgent.uninstall();
        Files.deleteIfExists(config);
    }
}
