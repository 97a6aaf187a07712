package org.vaurien.spi;

import java.util.List;

/** What behaviors and protocols share: a wire name, a description and declared options. */
public interface Plugin {
    /** The snake_case name used in mixes, flags, config sections and the API. */
    String name();

    /** One line for {@code --list} and the API. */
    String description();

    /** The options this plug-in declares; none by default. */
    default List<Option<?>> options() {
        return List.of();
    }

    /**
     * Checks what single options cannot (one option against another, a gap in a range); throws
     * a {@link BadInputException} naming the option. Called whenever options are set.
     */
    default void check(Options options) {
    }
}
