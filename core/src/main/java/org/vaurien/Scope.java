package org.vaurien;

/** How long a draw holds: Vaurien draws per exchange, Toxiproxy once per connection. */
public enum Scope {
    EXCHANGE, CONNECTION;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
