package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.r2dbc.spi.R2dbcException;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.net.Socket;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;
import org.vaurien.Vaurien;
import org.vaurien.VaurienProxy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@code --protocol postgres} in front of a real PostgreSQL, with the PostgreSQL JDBC driver and HikariCP. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PostgresTest {
    private static ServerProcess postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start();
        try (Connection c = connect(postgres.port()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id int PRIMARY KEY, state text)");
            s.execute("INSERT INTO orders SELECT g, 'new' FROM generate_series(1, 100000) g");
            s.execute("CREATE TABLE blobs (id int, data bytea)");
            s.execute("CREATE TABLE lines (n int, word text)");
        }
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    static Connection connect(int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=5&socketTimeout=30");
    }

    private static VaurienProxy proxy(String mix, String... errorOptions) {
        Vaurien.Builder b = Vaurien.proxy().backend("127.0.0.1", postgres.port()).protocol("postgres").behavior(mix);
        for (int i = 0; i < errorOptions.length; i += 2) {
            b.behaviorOption("error", errorOptions[i], errorOptions[i + 1]);
        }
        return b.start();
    }

    @Test
    void everythingPassesByteExactAtHundredPercentDummy() throws Exception {
        byte[] blob = new byte[10 << 20];
        new Random(15).nextBytes(blob);
        try (VaurienProxy p = proxy("100:dummy"); Connection c = connect(p.port())) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO blobs VALUES (?, ?)")) {
                insert.setInt(1, 1);
                insert.setBytes(2, blob);
                insert.executeUpdate();
            }
            try (PreparedStatement select = c.prepareStatement("SELECT data FROM blobs WHERE id = ?")) {
                select.setInt(1, 1);
                try (ResultSet r = select.executeQuery()) {
                    r.next();
                    assertArrayEquals(blob, r.getBytes(1));
                }
            }
            long sum = 0;
            int rows = 0;
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT id FROM orders ORDER BY id")) {
                while (r.next()) {
                    sum += r.getInt(1);
                    rows++;
                }
            }
            assertEquals(100_000, rows);
            assertEquals(100_000L * 100_001 / 2, sum);
            // prepared many times: the driver switches to a named server-side statement
            for (int i = 1; i <= 10; i++) {
                try (PreparedStatement q = c.prepareStatement("SELECT state FROM orders WHERE id = ?")) {
                    q.setInt(1, i);
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        assertEquals("new", r.getString(1));
                    }
                }
            }
            long copied = ((PGConnection) c).getCopyAPI().copyIn("COPY lines FROM STDIN",
                    new StringReader("1\tone\n2\ttwo\n3\tthree\n"));
            assertEquals(3, copied);
            StringWriter out = new StringWriter();
            assertEquals(3, ((PGConnection) c).getCopyAPI().copyOut("COPY (SELECT * FROM lines ORDER BY n) TO STDOUT", out));
            assertEquals("1\tone\n2\ttwo\n3\tthree\n", out.toString());
            try (PreparedStatement batch = c.prepareStatement("INSERT INTO lines VALUES (?, ?)")) {
                for (int i = 10; i < 20; i++) {
                    batch.setInt(1, i);
                    batch.setString(2, "w" + i);
                    batch.addBatch();
                }
                assertEquals(10, batch.executeBatch().length);
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM lines")) {
                r.next();
                assertEquals(13, r.getInt(1));
            }
            assertTrue(p.exchanges() > 10, "exchanges: " + p.exchanges());
        }
    }

    @Test
    void updatesFailWithASerializationFailureAndTheConnectionGoesOn() throws Exception {
        try (VaurienProxy p = proxy("100:error", "match", "command=UPDATE"); Connection c = connect(p.port())) {
            PSQLException e = assertThrows(PSQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("UPDATE orders SET state = 'paid' WHERE id = 1");
                }
            });
            assertEquals("40001", e.getSQLState());
            try (PreparedStatement u = c.prepareStatement("UPDATE orders SET state = 'paid' WHERE id = ?")) {
                u.setInt(1, 2);
                assertEquals("40001", assertThrows(PSQLException.class, u::executeUpdate).getSQLState());
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT state FROM orders WHERE id = 1")) {
                r.next();
                assertEquals("new", r.getString(1), "the UPDATE never reached the server; the SELECT passed");
            }
            // in a transaction: the error fails it, the rollback passes, the connection is usable
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
                assertThrows(PSQLException.class, () -> s.executeUpdate("UPDATE orders SET state = 'x' WHERE id = 3"));
                c.rollback();
                c.setAutoCommit(true);
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM orders")) {
                    r.next();
                    assertEquals(100_000, r.getInt(1));
                }
            }
            assertEquals(3, p.faultCounts().get("error"));
        }
    }

    /** R2DBC's queries, all subscribed at once on one connection: each error takes its own query's place. */
    @Test
    void pipelinedQueriesOfR2dbcGetTheirErrorsInPlace() {
        try (VaurienProxy p = proxy("100:error", "match", "command=UPDATE")) {
            PostgresqlConnectionFactory factory = new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
                    .host("127.0.0.1").port(p.port()).username("postgres").database("postgres").build());
            List<String> sqls = new ArrayList<>();
            for (int i = 1; i <= 30; i++) {
                sqls.add(i % 3 == 0 ? "UPDATE orders SET state = 'r2' WHERE id = " + i : "SELECT state FROM orders WHERE id = " + i);
            }
            List<String> outcomes = Mono.usingWhen(factory.create(), c -> Flux.fromIterable(sqls)
                    .flatMapSequential(sql -> Flux.from(c.createStatement(sql).execute())
                            .flatMap(r -> r.map((row, meta) -> row.get(0, String.class)))
                            .collectList().map(rows -> String.join(",", rows))
                            .onErrorResume(R2dbcException.class, e -> Mono.just("ERR " + e.getSqlState())))
                    .collectList(), c -> c.close()).block(Duration.ofSeconds(30));
            for (int i = 1; i <= 30; i++) {
                assertEquals(i % 3 == 0 ? "ERR 40001" : "new", outcomes.get(i - 1), "query " + i + " of " + outcomes);
            }
            assertEquals(10, p.faultCounts().get("error"));
        }
    }

    /** A cancel request comes on a connection of its own, through the proxy too: it reaches the server, which cancels. */
    @Test
    void aCancelReachesTheServer() throws Exception {
        try (VaurienProxy p = proxy("100:dummy"); Connection c = connect(p.port()); Connection watcher = connect(postgres.port())) {
            Statement slow = c.createStatement();
            CompletableFuture<SQLException> running = CompletableFuture.supplyAsync(() -> {
                try {
                    slow.executeQuery("SELECT pg_sleep(20)").close();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean active = false;
            while (!active && System.nanoTime() < deadline) {
                try (Statement s = watcher.createStatement(); ResultSet r = s.executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'SELECT pg_sleep%'")) {
                    r.next();
                    active = r.getInt(1) == 1;
                }
            }
            assertTrue(active, "the slow query never started");
            long before = System.nanoTime();
            slow.cancel();
            SQLException e = running.get(10, TimeUnit.SECONDS);
            assertEquals("57014", e == null ? null : e.getSQLState());
            assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(5), "canceled at once, not after the sleep");
        }
    }

    /** Bytes that are no message after the start-up go on as tcp: the server gets them, and answers as it does without the proxy. */
    @Test
    void garbageAfterTheStartUpReachesTheServer() throws Exception {
        String direct = afterGarbage(postgres.port());
        try (VaurienProxy p = proxy("100:dummy")) {
            assertEquals(direct, afterGarbage(p.port()));
        }
        // nor is an error drawn for them: they are no request
        try (VaurienProxy p = proxy("100:error")) {
            assertEquals(direct, afterGarbage(p.port()));
        }
        assertTrue(direct.equals("closed") || direct.startsWith("E"), direct);
    }

    /** Logs in by hand, sends a message whose length cannot be one, and tells what comes back. */
    private static String afterGarbage(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            byte[] params = "user\0postgres\0database\0postgres\0\0".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(8 + params.length);
            out.writeInt(196608);
            out.write(params);
            DataInputStream in = new DataInputStream(s.getInputStream());
            int type;
            do {
                type = in.readUnsignedByte();
                in.skipNBytes(in.readInt() - 4);
            } while (type != 'Z');
            out.write(new byte[] {'Q', 0, 0, 0, 1, 'x', 'y', 'z'});
            type = in.read();
            if (type < 0) {
                return "closed";
            }
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            return (char) type + new String(body, StandardCharsets.UTF_8);
        }
    }

    /** psql, which asks for SSL first and speaks the simple query protocol. */
    @Test
    void psqlSeesTheErrorAndItsSqlState() throws Exception {
        try (VaurienProxy p = proxy("100:error", "match", "UPDATE")) {
            Process psql = new ProcessBuilder("/usr/bin/psql", "-h", "127.0.0.1", "-p", Integer.toString(p.port()), "-U", "postgres",
                    "-v", "VERBOSITY=verbose", "-c", "SELECT count(*) FROM orders", "-c", "UPDATE orders SET state = 'x'")
                    .redirectErrorStream(true).start();
            String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(psql.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, psql.exitValue(), out);
            assertTrue(out.contains("100000") && out.contains("ERROR:  40001: could not serialize access due to concurrent update"), out);
        }
    }

    @Test
    void anAdminShutdownClosesTheConnectionAndThePoolReplacesIt() throws Exception {
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1", postgres.port()).protocol("postgres")
                .protocolOption("postgres", "error_sqlstate", "57P01").behavior("100:error")
                .behaviorOption("error", "match", "sql~orders").behaviorOption("error", "first", 1).start()) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + p.port() + "/postgres?user=postgres&connectTimeout=5");
            config.setMaximumPoolSize(1);
            try (HikariDataSource pool = new HikariDataSource(config)) {
                PSQLException e = assertThrows(PSQLException.class, () -> {
                    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                        s.executeQuery("SELECT count(*) FROM orders").close();
                    }
                });
                assertEquals("57P01", e.getSQLState());
                try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT count(*) FROM orders")) {
                    r.next();
                    assertEquals(100_000, r.getInt(1));
                }
            }
        }
    }
    /**
     * pgJDBC sends a large batch as runs of statements each ended by a Sync, one exchange each.
     * The third run's error lands on its first statement: exactly the statements before it are
     * written and counted 1, every later one is EXECUTE_FAILED, as with the server's own error
     * there; the connection goes on.
     */
    @Test
    void aBatchGetsItsErrorAtTheStatementItLandsOn() throws Exception {
        try (VaurienProxy p = Vaurien.proxy().backend("127.0.0.1", postgres.port()).protocol("postgres").behavior("100:error")
                .behaviorOption("error", "match", "sql~^INSERT INTO batched").behaviorOption("error", "every", 3).start();
             Connection c = connect(p.port()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE batched (id int PRIMARY KEY)");
            BatchUpdateException e;
            try (PreparedStatement batch = c.prepareStatement("INSERT INTO batched VALUES (?)")) {
                for (int i = 0; i < 2000; i++) {
                    batch.setInt(1, i);
                    batch.addBatch();
                }
                e = assertThrows(BatchUpdateException.class, batch::executeBatch);
            }
            int[] counts = e.getUpdateCounts();
            int written = 0;
            while (written < counts.length && counts[written] == 1) {
                written++;
            }
            for (int i = written; i < counts.length; i++) {
                assertEquals(Statement.EXECUTE_FAILED, counts[i], "statement " + i);
            }
            assertTrue(written > 0 && written < 2000, "the error landed inside the batch: " + written);
            assertTrue(e.getMessage().startsWith("Batch entry " + written + " "), e.getMessage());
            assertEquals("40001", ((SQLException) e.getNextException()).getSQLState());
            try (ResultSet r = s.executeQuery("SELECT count(*), max(id) FROM batched")) {
                r.next();
                assertEquals(written, r.getInt(1), "exactly the statements counted 1 were written");
                assertEquals(written - 1, r.getInt(2));
            }
            assertEquals(1L, p.faultCounts().get("error"));
        }
    }
}
