/** The built-in behaviors: plug-ins of core's interface, found by their service declarations. */
module org.vaurien.behaviors {
    requires org.vaurien.core;

    provides org.vaurien.spi.Behavior with
            org.vaurien.behaviors.DummyBehavior,
            org.vaurien.behaviors.DelayBehavior,
            org.vaurien.behaviors.ErrorBehavior,
            org.vaurien.behaviors.HangBehavior,
            org.vaurien.behaviors.BlackoutBehavior,
            org.vaurien.behaviors.AbortBehavior,
            org.vaurien.behaviors.TransientBehavior,
            org.vaurien.behaviors.LatencyBehavior,
            org.vaurien.behaviors.BandwidthBehavior,
            org.vaurien.behaviors.SlicerBehavior,
            org.vaurien.behaviors.SlowCloseBehavior,
            org.vaurien.behaviors.TimeoutBehavior,
            org.vaurien.behaviors.ResetPeerBehavior,
            org.vaurien.behaviors.LimitDataBehavior,
            org.vaurien.behaviors.DownBehavior,
            org.vaurien.behaviors.CorruptBehavior,
            org.vaurien.behaviors.LimitTimeBehavior,
            org.vaurien.behaviors.SlowOpenBehavior,
            org.vaurien.behaviors.RefuseBehavior,
            org.vaurien.behaviors.UnknownHostBehavior,
            org.vaurien.behaviors.ConnectTimeoutBehavior,
            org.vaurien.behaviors.SlowConnectBehavior;
}
