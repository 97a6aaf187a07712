package org.vaurien;

/** Told each time a behavior acts (metrics, logs, JFR events); called on I/O threads: be quick. */
@FunctionalInterface
public interface FaultListener {
    void onFault(FaultRecord fault);
}
