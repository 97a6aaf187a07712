package org.vaurien.agent.boot;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The agent's nested jars, as files the JVM can open: extracted once into a directory of the
 * user's own, under names made of their content's CRC and size, and reused by every later start
 * of the same agent, so that JVMs killed before they could clean up leave nothing that grows.
 * Copies another agent build extracted and no start has used for a day are removed. Where the
 * directory cannot be trusted (not the user's, or writable by others), a temporary copy for this
 * JVM only is made, as before. Java 8 code: it runs before the version check.
 */
final class Extracted {
    private static final long STALE_MS = TimeUnit.DAYS.toMillis(1);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private Extracted() {
    }

    /** The nested jar {@code name} ("bridge.jar") of the agent's own jar, as a file. */
    static File jar(String name) throws IOException {
        File self;
        try {
            self = new File(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        JarFile agent = new JarFile(self);
        try {
            JarEntry entry = agent.getJarEntry(name);
            if (entry == null) {
                throw new IOException(name + " is missing from " + self);
            }
            Path dir = ownDirectory();
            if (dir == null) {
                return temporary(agent, entry, name);
            }
            String base = name.replace(".jar", "");
            // the central directory gives CRC and size without reading the entry: a build's jar has its own name
            Path file = dir.resolve(base + "-" + Long.toHexString(entry.getCrc()) + "-" + entry.getSize() + ".jar");
            if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
            } else {
                write(agent, entry, file);
            }
            prune(dir, base, file);
            return file.toFile();
        } finally {
            agent.close();
        }
    }

    /**
     * {@code <tmpdir>/vaurien-agent-<user>}, made owner-only if new; null when it is someone
     * else's or others may write in it (a jar planted there would run in every JVM started).
     */
    private static Path ownDirectory() {
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "vaurien-agent-" + user);
        try {
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException exists) {
                // made by an earlier start: checked below
            } catch (UnsupportedOperationException notPosix) {
                Files.createDirectories(dir);
                return dir;
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            // the JVM names its user from the process's uid, as the file system names the owner's
            boolean ours = a.owner().getName().equals(System.getProperty("user.name"));
            boolean private_ = !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
            return a.isDirectory() && ours && private_ ? dir : null;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    /** Written beside its name, then moved in at once: a JVM starting meanwhile never opens half a jar. */
    private static void write(JarFile agent, JarEntry entry, Path file) throws IOException {
        Path part = Files.createTempFile(file.getParent(), "part-", ".tmp");
        try {
            InputStream in = agent.getInputStream(entry);
            try {
                Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                in.close();
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Removes the copies of other builds, and half-written ones, that no start has touched for a day. */
    private static void prune(Path dir, String base, Path kept) {
        long now = System.currentTimeMillis();
        try {
            DirectoryStream<Path> files = Files.newDirectoryStream(dir);
            try {
                for (Path f : files) {
                    String n = f.getFileName().toString();
                    boolean ours = n.startsWith(base + "-") && n.endsWith(".jar") || n.startsWith("part-");
                    if (ours && !f.equals(kept) && now - Files.getLastModifiedTime(f).toMillis() > STALE_MS) {
                        Files.deleteIfExists(f);
                    }
                }
            } finally {
                files.close();
            }
        } catch (IOException | SecurityException e) {
            // another day
        }
    }

    /** A copy for this JVM only, removed when it exits normally. */
    private static File temporary(JarFile agent, JarEntry entry, String name) throws IOException {
        File out = File.createTempFile("vaurien-" + name.replace(".jar", "-"), ".jar");
        out.deleteOnExit();
        InputStream in = agent.getInputStream(entry);
        try {
            Files.copy(in, out.toPath(), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            in.close();
        }
        return out;
    }
}
