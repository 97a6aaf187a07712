package org.vaurien.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;

/**
 * Starts the proxies that fields and parameters declare with {@link ChaosProxy}, and stops them:
 * static fields around the class, instance fields and parameters around each test. Fields with
 * {@link ChaosTarget} install the agent for the class instead ({@link AgentTargets}). A
 * {@link Probes} parameter gives the test steady-state probes, stopped when it ends.
 */
public final class VaurienExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(VaurienExtension.class);
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    /** Made by JUnit, for {@code @ExtendWith(VaurienExtension.class)}. */
    public VaurienExtension() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        inject(context, null, true);
        AgentTargets targets = AgentTargets.start(context.getRequiredTestClass());
        if (targets != null) {
            // closed, the agent's session ended, when the class's context ends
            context.getStore(NS).put(AgentTargets.class, targets);
            targets.inject(null);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // the proxies of static fields live in the class's store, closed with it
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        inject(context, context.getRequiredTestInstance(), false);
        AgentTargets targets = context.getStore(NS).get(AgentTargets.class, AgentTargets.class);
        if (targets != null) {
            targets.reset();
            targets.inject(context.getRequiredTestInstance());
        }
    }

    private static void inject(ExtensionContext context, Object instance, boolean statics) throws IllegalAccessException {
        Class<?> testClass = context.getRequiredTestClass();
        try {
            // run the class's static initializers first: they may start the backend it points at
            Class.forName(testClass.getName(), true, testClass.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExtensionConfigurationException("cannot initialize " + testClass.getName(), e);
        }
        for (Class<?> c = context.getRequiredTestClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                ChaosProxy spec = f.getAnnotation(ChaosProxy.class);
                if (spec == null || Modifier.isStatic(f.getModifiers()) != statics) {
                    continue;
                }
                if (!f.getType().isAssignableFrom(VaurienProxy.class)) {
                    throw new ExtensionConfigurationException("@ChaosProxy field " + f.getName() + " must be a VaurienProxy");
                }
                f.setAccessible(true);
                f.set(instance, start(spec, context));
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return parameter.isAnnotated(ChaosProxy.class) && type == VaurienProxy.class || type == Probes.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Probes.class) {
            // closed, its probes stopped, when the test's context ends
            return context.getStore(NS).getOrComputeIfAbsent(Probes.class, k -> new Probes(), Probes.class);
        }
        return start(parameter.findAnnotation(ChaosProxy.class).orElseThrow(), context);
    }

    /** Starts a proxy whose life is tied to the context: closed when the context ends. */
    private static VaurienProxy start(ChaosProxy spec, ExtensionContext context) {
        Vaurien.Builder b = Vaurien.proxy().backend(resolve(spec.backend())).protocol(resolve(spec.protocol()))
                .behavior(resolve(spec.behavior())).stack(spec.stack());
        options(spec.options(), "@ChaosProxy")
                .forEach((behavior, values) -> values.forEach((k, v) -> b.behaviorOption(behavior, k, v)));
        if (spec.seed() != 0) {
            b.seed(spec.seed());
        }
        if (spec.terminateTls()) {
            b.terminateTls();
        }
        for (String setting : spec.tls()) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException("@ChaosProxy tls: '" + setting + "' is not key=value");
            }
            b.tlsOption(setting.substring(0, eq).strip(), resolve(setting.substring(eq + 1).strip()));
        }
        VaurienProxy proxy = b.start();
        // an AutoCloseable in the store is closed when its context ends
        context.getStore(NS).put(proxy, proxy);
        return proxy;
    }

    /** {@code behavior.option=value} items, by behavior; {@code ${name}} resolved in the values. */
    static Map<String, Map<String, String>> options(String[] items, String annotation) {
        Map<String, Map<String, String>> options = new LinkedHashMap<>();
        for (String option : items) {
            int dot = option.indexOf('.');
            int eq = option.indexOf('=');
            if (dot <= 0 || eq < dot) {
                throw new ExtensionConfigurationException(annotation + " option '" + option + "' is not behavior.option=value");
            }
            options.computeIfAbsent(option.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(option.substring(dot + 1, eq), resolve(option.substring(eq + 1)));
        }
        return options;
    }

    static String resolve(String value) {
        Matcher m = PROPERTY.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = System.getProperty(m.group(1), System.getenv(m.group(1)));
            if (v == null) {
                throw new ExtensionConfigurationException("@ChaosProxy: no system property or environment variable " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }
}
