package org.vaurien.agent;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import org.vaurien.FaultRecord;
import org.vaurien.faults.FaultJson;

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

    @Label("Client")
    @Description("The client's address, host:port")
    String client;

    @Label("Phase")
    @Description("connect, open, request, response, or stream")
    String phase;

    @Label("Parameters")
    @Description("The effect's parameters, as JSON (a delay in ms...)")
    String parameters;

    @Label("Seed")
    @Description("The seed of the run; -1 when none was given")
    long seed;

    static void commit(FaultRecord fault) {
        FaultEvent e = new FaultEvent();
        if (e.isEnabled()) {
            e.target = fault.proxy();
            e.behavior = fault.behavior();
            e.direction = fault.direction();
            e.connection = fault.connection();
            e.exchange = fault.exchange();
            e.effect = fault.effect();
            e.client = fault.client();
            e.phase = fault.phase();
            e.parameters = FaultJson.toJson(fault).get("parameters").toString();
            e.seed = fault.seed() == null ? -1 : fault.seed();
            e.commit();
        }
    }
}
