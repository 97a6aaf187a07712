/** The JUnit 5 extension: proxies for tests, through Vaurien's user API only. */
module org.vaurien.junit {
    requires transitive org.vaurien.core;
    requires transitive org.junit.jupiter.api;

    exports org.vaurien.junit;
}
