package org.vaurien.agent;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.vaurien.BadInputException;

/**
 * A user's own behaviors and protocols in agent mode: jars named in the config (a jar, or a
 * directory of jars), loaded beside the agent's own classes, where the application cannot see
 * them and they cannot clash with it. Found by their service files, like the built-in ones.
 */
final class Extensions {
    private Extensions() {
    }

    /** A class loader over {@code paths} (comma-separated), whose parent is the agent's. */
    static ClassLoader loader(String paths, ClassLoader parent) {
        List<URL> urls = new ArrayList<>();
        for (String raw : paths.split(",")) {
            if (raw.isBlank()) {
                continue;
            }
            Path p = Path.of(raw.strip());
            if (Files.isDirectory(p)) {
                try (Stream<Path> jars = Files.list(p)) {
                    for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                        urls.add(url(jar));
                    }
                } catch (IOException e) {
                    throw new BadInputException("extensions: cannot read the directory " + p + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                urls.add(url(p));
            } else {
                throw new BadInputException("extensions: " + p + " is neither a jar nor a directory of jars");
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    private static URL url(Path p) {
        try {
            return p.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new BadInputException("extensions: " + p + ": " + e.getMessage());
        }
    }
}
