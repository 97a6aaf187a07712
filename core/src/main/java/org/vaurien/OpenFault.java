package org.vaurien;

import java.time.Duration;

/**
 * Opt-in for a fault that holds a new connection before the backend is dialled
 * ({@code slow_open}); applied when the connection opens, for the stack's entries.
 */
public interface OpenFault extends Fault {
    Duration openDelay();
}
