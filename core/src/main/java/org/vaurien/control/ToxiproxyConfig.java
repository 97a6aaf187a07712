package org.vaurien.control;

import java.util.List;
import org.vaurien.BadInputException;
import org.vaurien.config.Registry;

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

    /** The proxies of a Toxiproxy config file, with their toxics checked against the behaviors known. */
    public static List<ProxyManager.Planned> read(String file, String json, Registry registry) {
        try {
            List<ProxyManager.Planned> planned = ToxiproxyApi.batch(json);
            for (ProxyManager.Planned p : planned) {
                for (Toxic t : p.toxics()) {
                    ManagedProxy.checkToxic(registry, t);
                }
            }
            return planned;
        } catch (ApiException e) {
            throw new BadInputException(file + ": " + e.getMessage());
        }
    }
}
