package org.vaurien.testplugins;

import java.time.Duration;
import java.util.List;
import org.vaurien.spi.Behavior;
import org.vaurien.spi.Conversation;
import org.vaurien.spi.Injection;
import org.vaurien.spi.Fault;
import org.vaurien.spi.Framer;
import org.vaurien.spi.Option;
import org.vaurien.spi.Options;
import org.vaurien.spi.Protocol;

/** Stand-ins for the built-in plug-ins, which live in modules that depend on core. */
public final class TestPlugins {
    private TestPlugins() {
    }

    public static final class Dummy implements Behavior {
        @Override
        public String name() {
            return "dummy";
        }

        @Override
        public String description() {
            return "passes";
        }

        @Override
        public boolean passesEverything() {
            return true;
        }

        @Override
        public Fault configure(Options options) {
            return e -> Injection.PASS;
        }
    }

    public static final class Delay implements Behavior {
        static final Option<Double> SLEEP = Option.decimal("sleep", "seconds", 1, 0, 100);
        static final Option<Boolean> BEFORE = Option.bool("before", "before the request", true);

        @Override
        public String name() {
            return "delay";
        }

        @Override
        public String description() {
            return "delays";
        }

        @Override
        public List<Option<?>> options() {
            return List.of(SLEEP, BEFORE);
        }

        @Override
        public Fault configure(Options options) {
            Duration d = Duration.ofMillis((long) (options.get(SLEEP) * 1000));
            return e -> options.get(BEFORE) ? Injection.delayRequest(d) : Injection.delayResponse(d);
        }
    }

    public static final class Error implements Behavior {
        @Override
        public String name() {
            return "error";
        }

        @Override
        public String description() {
            return "errors";
        }

        @Override
        public Fault configure(Options options) {
            return e -> Injection.error();
        }
    }

    /** A user's behavior loaded with {@code class =}. */
    public static final class Custom implements Behavior {
        @Override
        public String name() {
            return "custom";
        }

        @Override
        public String description() {
            return "a user's";
        }

        @Override
        public List<Option<?>> options() {
            return List.of(Option.integer("level", "how much", 1, 0, 10));
        }

        @Override
        public Fault configure(Options options) {
            return e -> Injection.hang();
        }
    }

    public static final class Tcp implements Protocol {
        @Override
        public String name() {
            return "tcp";
        }

        @Override
        public String description() {
            return "raw";
        }

        @Override
        public List<Option<?>> options() {
            return List.of(Option.integer("buffer", "bytes", 65536, 1, 1 << 24));
        }

        @Override
        public Conversation open(Options options, Context context) {
            Framer f = in -> {
                in.position(in.limit());
                return Framer.Step.END;
            };
            return new Conversation() {
                @Override
                public Framer requests() {
                    return f;
                }

                @Override
                public Framer responses() {
                    return f;
                }

                @Override
                public boolean matchesResponses() {
                    return false;
                }
            };
        }
    }
}
