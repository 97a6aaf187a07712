package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vaurien.testkit.Wire;

/**
 * MariaDB behind {@code vaurien --protocol mysql}, with MariaDB Connector/J. The driver sends
 * one initialization command after logging in; the tests let it pass.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MysqlTest {
    private static ServerProcess mariadb;

    @BeforeAll
    static void start() throws Exception {
        mariadb = ServerProcess.mariadb();
        try (Connection c = connect(mariadb.port(), ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS t");
        }
    }

    @AfterAll
    static void stop() {
        mariadb.close();
    }

    static Connection connect(int port, String options) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/?user=root&connectTimeout=5000" + options);
    }

    private static VaurienProcess proxy(String... more) throws IOException {
        return VaurienProcess.proxy(mariadb.port(), "mysql", more);
    }

    @Test
    void aMatcherFailsUpdatesAndLetsSelectsPassInQueriesAndServerPreparedStatements() throws Exception {
        try (Connection direct = connect(mariadb.port(), ""); Statement s = direct.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t.orders (id INT PRIMARY KEY, paid INT)");
            s.execute("REPLACE INTO t.orders VALUES (1, 0)");
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-match", "sql~^UPDATE t\\.orders")) {
            for (String options : new String[] {"", "&useServerPrepStmts=true"}) {
                try (Connection c = connect(v.port(), options)) {
                    try (Statement s = c.createStatement()) {
                        assertThrows(SQLTransactionRollbackException.class, () -> s.executeUpdate("UPDATE t.orders SET paid = 1"));
                        try (ResultSet r = s.executeQuery("SELECT paid FROM t.orders WHERE id = 1")) {
                            assertTrue(r.next());
                            assertEquals(0, r.getInt(1), "the UPDATE never reached the server");
                        }
                    }
                    // prepared on the server (useServerPrepStmts): the EXECUTE is matched by the statement it runs
                    try (PreparedStatement update = c.prepareStatement("UPDATE t.orders SET paid = ? WHERE id = ?");
                         PreparedStatement select = c.prepareStatement("SELECT paid FROM t.orders WHERE id = ?")) {
                        update.setInt(1, 1);
                        update.setInt(2, 1);
                        assertThrows(SQLTransactionRollbackException.class, update::executeUpdate, options);
                        select.setInt(1, 1);
                        try (ResultSet r = select.executeQuery()) {
                            assertTrue(r.next());
                            assertEquals(0, r.getInt(1));
                        }
                    }
                }
            }
        }
    }

    @Test
    void dummyPassesQueriesABatchOfAThousandMultipleResultsAndTwentyMegabyteBlobs() throws Exception {
        byte[] blob = new byte[20 << 20];
        new Random(1).nextBytes(blob);
        try (VaurienProcess v = proxy("--behavior", "100:dummy");
             Connection c = connect(v.port(), "&useBulkStmts=false&allowMultiQueries=true");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t.dummy (id INT PRIMARY KEY, name VARCHAR(40), data LONGBLOB)");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO t.dummy (id, name) VALUES (?, ?)")) {
                for (int i = 0; i < 1000; i++) {
                    p.setInt(1, i);
                    p.setString(2, "row-" + i);
                    p.addBatch();
                }
                int[] counts = p.executeBatch();
                assertEquals(1000, counts.length);
            }
            try (ResultSet r = s.executeQuery("SELECT id, name FROM t.dummy ORDER BY id")) {
                for (int i = 0; i < 1000; i++) {
                    assertTrue(r.next());
                    assertEquals("row-" + i, r.getString(2));
                }
            }
            assertTrue(s.execute("SELECT 1; SELECT 'two'; SELECT 3"));
            int results = 1;
            while (s.getMoreResults()) {
                results++;
            }
            assertEquals(3, results, "multiple result sets in one exchange");
            try (PreparedStatement p = c.prepareStatement("UPDATE t.dummy SET data = ? WHERE id = 7")) {
                p.setBytes(1, blob);
                assertEquals(1, p.executeUpdate());
            }
            try (ResultSet r = s.executeQuery("SELECT data FROM t.dummy WHERE id = 7")) {
                assertTrue(r.next());
                assertArrayEquals(blob, r.getBytes(1));
            }
        }
    }

    @Test
    void errorRaisesTheDriversOwnExceptionAndTheConnectionStaysUsable() throws Exception {
        try (VaurienProcess v = proxy("--behavior", "100:transient", "--behavior-transient-warmup", "1");
             Connection c = connect(v.port(), ""); Statement s = c.createStatement()) {
            SQLTransactionRollbackException e = assertThrows(SQLTransactionRollbackException.class, () -> s.executeQuery("SELECT 1"));
            assertEquals(1213, e.getErrorCode());
            assertEquals("40001", e.getSQLState());
            assertTrue(e.getMessage().contains("Deadlock found when trying to get lock"), e.getMessage());
            try (ResultSet r = s.executeQuery("SELECT 42")) {
                assertTrue(r.next());
                assertEquals(42, r.getInt(1), "the same connection answers the next query");
            }
        }
        try (VaurienProcess v = proxy("--behavior", "100:error", "--behavior-error-warmup", "1",
                "--protocol-mysql-error-code", "1040");
             Connection c = connect(v.port(), ""); Statement s = c.createStatement()) {
            SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1"));
            assertEquals(1040, e.getErrorCode());
            assertEquals("08004", e.getSQLState());
        }
    }

    @Test
    void aThirtyPercentErrorMixOverAPipelinedBatchLandsEachReplyOnItsStatement() throws Exception {
        try (Connection direct = connect(mariadb.port(), ""); Statement ds = direct.createStatement()) {
            ds.execute("CREATE TABLE t.mix (id INT PRIMARY KEY)");
        }
        try (VaurienProcess v = proxy("--behavior", "30:error", "--behavior-error-warmup", "2", "--seed", "11");
             Connection c = connect(v.port(), "&useBulkStmts=false");
             PreparedStatement p = c.prepareStatement("INSERT INTO t.mix (id) VALUES (?)")) {
            for (int i = 0; i < 1000; i++) {
                p.setInt(1, i);
                p.addBatch();
            }
            int[] counts;
            try {
                counts = p.executeBatch();
            } catch (BatchUpdateException e) {
                counts = e.getUpdateCounts();
            }
            assertEquals(1000, counts.length);
            Set<Integer> stored = new HashSet<>();
            try (Connection direct = connect(mariadb.port(), ""); Statement ds = direct.createStatement();
                 ResultSet r = ds.executeQuery("SELECT id FROM t.mix")) {
                while (r.next()) {
                    stored.add(r.getInt(1));
                }
            }
            int errors = 0;
            for (int i = 0; i < 1000; i++) {
                boolean failed = counts[i] == Statement.EXECUTE_FAILED;
                errors += failed ? 1 : 0;
                assertEquals(!failed, stored.contains(i), "statement " + i + (failed ? " failed" : " succeeded"));
            }
            assertTrue(errors >= 250 && errors <= 350, errors + " errors in 1000");
        }
    }

    /** The failure of an insert whose proxy let the driver's initialization pass and faulted the insert. */
    private record Failed(SQLException error, int id) {
    }

    /**
     * Tries seeds until the first draw (the driver's initialization command) passes and the
     * second (an insert of a row of its own) gets {@code behavior}.
     */
    private static Failed secondCommandFails(String behavior, int base) throws Exception {
        for (int seed = 1; seed < 40; seed++) {
            int id = base + seed;
            try (VaurienProcess v = proxy("--behavior", "50:" + behavior, "--seed", Integer.toString(seed))) {
                Connection c;
                try {
                    c = connect(v.port(), "&socketTimeout=700");
                } catch (SQLException initFailed) {
                    continue;
                }
                try (c; Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO t.faults VALUES (" + id + ")");
                } catch (SQLException e) {
                    return new Failed(e, id);
                }
            }
        }
        throw new AssertionError("no seed made the second command " + behavior);
    }

    private static Set<Integer> faultsRows() throws SQLException {
        Set<Integer> ids = new HashSet<>();
        try (Connection direct = connect(mariadb.port(), ""); Statement ds = direct.createStatement();
             ResultSet r = ds.executeQuery("SELECT id FROM t.faults")) {
            while (r.next()) {
                ids.add(r.getInt(1));
            }
        }
        return ids;
    }

    @Test
    void hangBlackoutAbortAndDelayGiveTheFailuresOfProduction() throws Exception {
        try (Connection direct = connect(mariadb.port(), ""); Statement ds = direct.createStatement()) {
            ds.execute("CREATE TABLE t.faults (id INT PRIMARY KEY)");
        }
        Failed hang = secondCommandFails("hang", 100);
        assertTrue(hang.error().getMessage().contains("timeout") || hang.error().getCause() instanceof SocketTimeoutException,
                hang.error().toString());
        Failed blackout = secondCommandFails("blackout", 200);
        assertInstanceOf(SQLNonTransientConnectionException.class, blackout.error(), blackout.error().toString());
        Failed abort = secondCommandFails("abort", 300);
        assertInstanceOf(SQLNonTransientConnectionException.class, abort.error(), abort.error().toString());
        Set<Integer> rows = faultsRows();
        assertTrue(!rows.contains(hang.id()) && !rows.contains(blackout.id()), "hang and blackout kept the insert from the server: " + rows);
        assertTrue(Wire.eventually(2000, () -> {
            try {
                return faultsRows().contains(abort.id());
            } catch (SQLException e) {
                return false;
            }
        }), "the aborted insert reached the server");
        try (VaurienProcess v = proxy("--behavior", "100:delay", "--behavior-delay-sleep", "0.3");
             Connection c = connect(v.port(), ""); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            s.executeQuery("SELECT 1").close();
            assertTrue(System.nanoTime() - start >= 300_000_000L);
        }
    }
}
