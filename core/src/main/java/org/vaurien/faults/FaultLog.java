package org.vaurien.faults;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Logger;
import org.vaurien.BadInputException;
import org.vaurien.FaultListener;
import org.vaurien.FaultRecord;

/**
 * The fault log: every injected fault, one JSON line each, written as it happens (a line is
 * flushed whole, so the log can be followed while the run goes on and survives a kill).
 */
public final class FaultLog implements FaultListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger("org.vaurien");

    private final Path file;
    private final BufferedWriter out;
    private boolean broken;

    private FaultLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Opens (and empties) the log; a file that cannot be written is a BadInputException, before anything starts. */
    public static FaultLog open(Path file) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            return new FaultLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE));
        } catch (IOException | UncheckedIOException | SecurityException e) {
            throw new BadInputException("fault log " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }

    @Override
    public synchronized void onFault(FaultRecord fault) {
        if (broken) {
            return;
        }
        try {
            out.write(FaultJson.line(fault));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            broken = true;
            LOG.warning(() -> "fault log " + file + ": cannot write to it any more (" + e.getMessage()
                    + "); faults are no longer logged there");
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // what could be written was flushed line by line
        }
    }
}
