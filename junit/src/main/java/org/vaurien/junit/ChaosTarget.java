package org.vaurien.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A target of the agent a test needs, on a {@code BehaviorControl} field (static or instance)
 * of a class with {@code @ExtendWith(VaurienExtension.class)}: the connects of this JVM to
 * {@link #match()} go through the agent's embedded proxy, so that the faults reach the code
 * under test's own connections with no change to its configuration. The agent is installed
 * for the class ({@link VaurienAgent}) and its session ended after it; before each test every
 * target is put back as declared. {@code ${name}} in a value is read from the system properties.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface ChaosTarget {
    /** {@code host:port} or {@code *:port}, comma-separated for several, e.g. {@code 127.0.0.1:${redis.port}}. */
    String match();

    String protocol() default "tcp";

    /** The mix at the start of each test; "" for everything passing. */
    String behavior() default "";

    /** Behaviors that always apply, in order. */
    String[] stack() default {};

    /** Options as {@code behavior.option=value}, e.g. {@code "delay.sleep=0.5"}. */
    String[] options() default {};
}
