package org.vaurien.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A proxy a test needs: on a {@code VaurienProxy} field (static: for the class; instance: for
 * each test) or test parameter, with {@code @ExtendWith(VaurienExtension.class)}. It listens on a
 * free loopback port and is stopped after the test. {@code ${name}} in a value is read from the
 * system properties (a backend the test started itself on a free port).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface ChaosProxy {
    /** {@code host:port} of the backend, e.g. {@code 127.0.0.1:${redis.port}}. */
    String backend();

    String protocol() default "tcp";

    /** The mix at start; "" for everything passing. */
    String behavior() default "";

    /** Behaviors that always apply, in order. */
    String[] stack() default {};

    /** Options as {@code behavior.option=value}, e.g. {@code "delay.sleep=0.5"}. */
    String[] options() default {};

    /** Seed of the draws; 0 for a random one. */
    long seed() default 0;

    /**
     * TLS terminated on both legs (Vaurien's CA signs what the test's client sees; see
     * {@code vaurien ca}), with settings as {@code key=value}, the config's {@code tls_*} keys
     * without the prefix: {@code "backend_ca=${backend.pem}"}, {@code "ca_dir=..."}. Needs the
     * vaurien-tls module on the test class path unless a keystore is given.
     */
    boolean terminateTls() default false;

    /** TLS settings, {@code key=value}; only with {@link #terminateTls()}. */
    String[] tls() default {};
}
