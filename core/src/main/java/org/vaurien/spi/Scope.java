package org.vaurien.spi;

import java.util.Locale;

/** How long a draw holds: Vaurien draws per exchange, Toxiproxy once per connection. */
public enum Scope {
    EXCHANGE, CONNECTION;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
