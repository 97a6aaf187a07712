/** The JUnit 5 extension: proxies and agent targets for tests, through Vaurien's user API only. */
module org.vaurien.junit {
    requires transitive org.vaurien.core;
    requires transitive org.junit.jupiter.api;
    requires net.bytebuddy.agent;

    exports org.vaurien.junit;
}
