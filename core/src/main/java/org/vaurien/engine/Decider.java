package org.vaurien.engine;

import org.vaurien.spi.Direction;
import org.vaurien.spi.Effect;
import org.vaurien.spi.Stage;

/** Decides each exchange of a connection ({@link Draws}, or a script in tests). */
interface Decider {
    /** Numbers the exchange whose request just started and decides what happens to it. */
    void decide(ExchangeState exchange);

    /** A new stage of {@code shape}'s for one direction of the exchange. */
    Stage stage(ExchangeState exchange, Effect.Shape shape, Direction direction);
}
