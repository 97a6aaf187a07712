package org.vaurien;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One injected fault, as everything that reports faults reads it: metrics, JFR events, the fault
 * log, the event stream. Immutable.
 *
 * @param time when the behavior acted
 * @param proxy the proxy's name (the target's, in the agent)
 * @param connection the connection's number in its proxy, from 1 (the connect's, for a connect fault)
 * @param client the client's address ({@code host:port}), or "" when unknown
 * @param exchange the exchange's number on its connection, from 1; 0 for a connection-wide fault
 * @param direction upstream, downstream or both (a behavior's direction, or where it acts); connect for a connect fault
 * @param behavior the behavior that acted
 * @param effect what it did: error, delay_request, delay_response, hang, blackout, abort, inject,
 *               refuse, timeout, unknown_host, slow, slow_open, or a stream behavior's name
 * @param phase when it acted: connect, open, request or response ("stream" for a stream behavior)
 * @param parameters the effect's parameters (a delay in ms...; a stream behavior's options), by name
 * @param seed the seed of the run, or null when none was given
 */
public record FaultRecord(Instant time, String proxy, long connection, String client, long exchange,
                          String direction, String behavior, String effect, String phase, Map<String, Object> parameters,
                          Long seed) {
    public FaultRecord {
        Objects.requireNonNull(time);
        Objects.requireNonNull(proxy);
        Objects.requireNonNull(behavior);
        Objects.requireNonNull(effect);
        Objects.requireNonNull(phase);
        parameters = parameters == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }
}
