package org.vaurien.control;

import java.util.List;
import org.vaurien.BadInputException;

/**
 * A Toxiproxy config file (a JSON array of proxies) given to {@code --config}: its proxies are
 * started and, unlike Toxiproxy itself, their toxics are applied.
 */
public final class ToxiproxyConfig {
    private ToxiproxyConfig() {
    }

    /** Whether a config file's text is Toxiproxy's JSON rather than an INI file. */
    public static boolean isJson(String text) {
        // "[vaurien]" opens an INI section; a JSON array opens with "[{" or is "[]"
        return text.matches("(?s)\\s*\\[\\s*[{\\]].*");
    }

    /** The proxies of a Toxiproxy config file, checked as far as their shape goes. */
    public static List<ProxyManager.Planned> read(String file, String json) {
        try {
            return ToxiproxyApi.batch(json);
        } catch (ApiException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }
}
