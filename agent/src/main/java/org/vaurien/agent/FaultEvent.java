package org.vaurien.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A fault the agent injected, for JDK Mission Control or {@code jfr print --events org.vaurien.Fault}. */
@Name("org.vaurien.Fault")
@Label("Vaurien fault")
@Category("Vaurien")
@Description("A fault injected by the Vaurien agent into a connection of this JVM")
final class FaultEvent extends Event {
    @Label("Target")
    String target;

    @Label("Behavior")
    String behavior;

    @Label("Direction")
    String direction;

    @Label("Connection")
    long connection;

    @Label("Exchange")
    @Description("The exchange's number on its connection; 0 for a connect or a connection-wide fault")
    long exchange;

    @Label("Effect")
    String effect;

    static void commit(String target, String behavior, String direction, long connection, long exchange, String effect) {
        FaultEvent e = new FaultEvent();
        if (e.isEnabled()) {
            e.target = target;
            e.behavior = behavior;
            e.direction = direction;
            e.connection = connection;
            e.exchange = exchange;
            e.effect = effect;
            e.commit();
        }
    }
}
