package org.vaurien;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vaurien.spi.Option;

/**
 * What a test changes on a proxy, in-process ({@link VaurienProxy}) or through the control API
 * ({@link Client}): the behavior mix and its options.
 */
public interface BehaviorControl {
    /** The mix as written ("100:dummy" when nothing is set). */
    String behavior();

    /** The options of the behaviors of the mix, as text, by behavior. */
    Map<String, Map<String, String>> behaviorOptions();

    /** Every behavior that can be set. */
    List<String> behaviors();

    /**
     * Sets a behavior (100 % of it) or a mix ({@code 5:error,10:delay}); {@code options} are the
     * options of a single behavior ({@code "sleep" -> 2}) or, for a mix, maps per behavior.
     */
    void setBehavior(String behavior, Map<String, ?> options);

    default void setBehavior(String behavior) {
        setBehavior(behavior, Map.of());
    }

    /**
     * Sets a behavior for a block: closing the result restores the previous mix and its options,
     * as Vaurien's {@code with client.with_behavior('error'):} did.
     */
    default BehaviorScope withBehavior(String behavior, Map<String, ?> options) {
        String previous = behavior();
        Map<String, Map<String, String>> previousOptions = behaviorOptions();
        setBehavior(behavior, options);
        return () -> setBehavior(previous, previousOptions);
    }

    default BehaviorScope withBehavior(String behavior) {
        return withBehavior(behavior, Map.of());
    }

    /** A timeline of behaviors to run on this proxy: {@code timeline().pass(ofSeconds(2)).then("50:error", ofSeconds(5)).start()}. */
    default Timeline timeline() {
        return new Timeline(this);
    }

    /** Undoes a {@link #withBehavior}; closing never throws a checked exception. */
    @FunctionalInterface
    interface BehaviorScope extends AutoCloseable {
        @Override
        void close();
    }

    /** Options as maps of text per behavior, whether given flat (one behavior) or nested (a mix). */
    static Map<String, Map<String, String>> nested(String behavior, Map<String, ?> options) {
        Map<String, Map<String, String>> nested = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (v instanceof Map) {
                Map<String, String> inner = new LinkedHashMap<>();
                ((Map<?, ?>) v).forEach((ik, iv) -> inner.put(String.valueOf(ik), Option.format(iv)));
                nested.put(k, inner);
            } else {
                nested.computeIfAbsent(behavior.strip(), b -> new LinkedHashMap<>()).put(k, Option.format(v));
            }
        });
        return nested;
    }
}
