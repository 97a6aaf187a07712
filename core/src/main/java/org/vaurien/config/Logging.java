package org.vaurien.config;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.vaurien.BadInputException;

/** Vaurien's log lines: {@code 2026-11-27 02:06:59 [pid] [INFO] message}, to stderr or a file. */
public final class Logging {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Logger ROOT = Logger.getLogger("org.vaurien");
    /** The handler and level configured: the JDK's own shutdown hook takes handlers off the loggers. */
    private static volatile Handler configured;
    private static volatile Level configuredLevel = Level.INFO;

    private Logging() {
    }

    public static Level level(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "debug": return Level.FINE;
            case "info": return Level.INFO;
            case "warning": return Level.WARNING;
            case "error": case "critical": return Level.SEVERE;
            default: throw new BadInputException("--log-level '" + name
                    + "' is not one of debug, info, warning, error, critical");
        }
    }

    public static void configure(String levelName, String output) {
        Level level = level(levelName);
        Handler handler;
        if (output == null || output.equals("-")) {
            handler = new ConsoleHandler();
        } else {
            try {
                handler = new FileHandler(output, true);
            } catch (IOException | RuntimeException e) {
                throw new BadInputException("--log-output: cannot write to " + output + ": " + e.getMessage());
            }
        }
        handler.setFormatter(new OneLine());
        handler.setLevel(level);
        for (Handler h : ROOT.getHandlers()) {
            ROOT.removeHandler(h);
        }
        ROOT.addHandler(handler);
        ROOT.setUseParentHandlers(false);
        ROOT.setLevel(level);
        configured = handler;
        configuredLevel = level;
    }

    /**
     * Logs at INFO from a shutdown hook. The JDK's LogManager resets every logger in a shutdown
     * hook of its own, run at the same time, so a line logged the usual way may be lost: this one
     * goes straight to the configured handler.
     */
    public static void atExit(String message) {
        Handler h = configured;
        if (h == null) {
            ROOT.info(message);
            return;
        }
        if (Level.INFO.intValue() >= configuredLevel.intValue()) {
            LogRecord r = new LogRecord(Level.INFO, message);
            r.setLoggerName(ROOT.getName());
            h.publish(r);
            h.flush();
        }
    }

    /** One line per record, as the original Vaurien wrote them. */
    private static final class OneLine extends Formatter {
        private final long pid = ProcessHandle.current().pid();

        @Override
        public String format(LogRecord r) {
            StringBuilder s = new StringBuilder()
                    .append(LocalDateTime.now().format(TIME))
                    .append(" [").append(pid).append("] [").append(name(r.getLevel())).append("] ")
                    .append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                s.append(w);
            }
            return s.toString();
        }

        private static String name(Level level) {
            if (level.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (level.intValue() >= Level.WARNING.intValue()) {
                return "WARNING";
            }
            return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
        }
    }
}
