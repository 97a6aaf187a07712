/** A user's own plug-ins, as a module of their own: core's plug-in interface is all they need. */
module org.vaurien.examples {
    requires org.vaurien.core;

    provides org.vaurien.spi.Behavior with
            org.vaurien.examples.SlowStartBehavior,
            org.vaurien.examples.TruncateBehavior;
    provides org.vaurien.spi.Protocol with
            org.vaurien.examples.LineProtocol;
}
