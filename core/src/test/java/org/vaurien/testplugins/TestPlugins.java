package org.vaurien.testplugins;

import java.time.Duration;
import java.util.List;
import org.vaurien.Behavior;
import org.vaurien.Conversation;
import org.vaurien.Effect;
import org.vaurien.Fault;
import org.vaurien.Framer;
import org.vaurien.Option;
import org.vaurien.Options;
import org.vaurien.Protocol;

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
        public Fault configure(Options options) {
            return e -> Effect.pass();
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
            return e -> options.get(BEFORE) ? Effect.delayRequest(d) : Effect.delayResponse(d);
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
            return e -> Effect.error();
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
            return e -> Effect.hang();
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
