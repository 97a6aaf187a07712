/** The built-in protocols, and the behaviors made for one of them (HTTP's): plug-ins of core's interface, found by their service declarations. */
module org.vaurien.protocols {
    requires org.vaurien.core;

    provides org.vaurien.spi.Protocol with
            org.vaurien.protocols.TcpProtocol,
            org.vaurien.protocols.HttpProtocol,
            org.vaurien.protocols.RedisProtocol,
            org.vaurien.protocols.MemcacheProtocol,
            org.vaurien.protocols.MysqlProtocol,
            org.vaurien.protocols.SmtpProtocol,
            org.vaurien.protocols.PostgresProtocol;
    provides org.vaurien.spi.Behavior with
            org.vaurien.protocols.HttpStatusBehavior,
            org.vaurien.protocols.HttpRedirectBehavior,
            org.vaurien.protocols.HttpEmptyBehavior,
            org.vaurien.protocols.HttpMalformedBehavior,
            org.vaurien.protocols.HttpCutBehavior,
            org.vaurien.protocols.HttpDripBehavior;
}
