/** The built-in protocols: plug-ins of core's interface, found by their service declarations. */
module org.vaurien.protocols {
    requires org.vaurien.core;

    provides org.vaurien.spi.Protocol with
            org.vaurien.protocols.TcpProtocol,
            org.vaurien.protocols.HttpProtocol,
            org.vaurien.protocols.RedisProtocol,
            org.vaurien.protocols.MemcacheProtocol,
            org.vaurien.protocols.MysqlProtocol,
            org.vaurien.protocols.SmtpProtocol;
}
