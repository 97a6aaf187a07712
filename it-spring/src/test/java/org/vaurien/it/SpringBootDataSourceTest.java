package org.vaurien.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.vaurien.BehaviorControl;
import org.vaurien.BehaviorControl.BehaviorScope;
import org.vaurien.junit.ChaosTarget;
import org.vaurien.junit.VaurienExtension;

/**
 * A small Spring Boot application whose repository reads MariaDB through the DataSource Boot
 * makes (HikariCP, MariaDB Connector/J) from the server's own address. The test declares a
 * target on that address: the agent, installed by the extension before Spring starts, sends the
 * pool's connections through its proxy, and the repository meets the faults with no property
 * changed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(VaurienExtension.class)
@SpringBootTest(classes = SpringBootDataSourceTest.Shop.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
class SpringBootDataSourceTest {
    private static final ServerProcess MARIADB = ServerProcess.withPortProperty("spring.test.mariadb.port", ServerProcess::mariadb);

    @ChaosTarget(match = "127.0.0.1:${spring.test.mariadb.port}", protocol = "mysql")
    private static BehaviorControl database;

    @Autowired
    private Orders orders;

    /** The application: Boot's auto-configured DataSource, and one repository. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class Shop {
    }

    @Repository
    static class Orders {
        private final JdbcTemplate jdbc;

        Orders(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        int sixTimesSeven() {
            return jdbc.queryForObject("SELECT 6 * 7", Integer.class);
        }
    }

    /** The application's own configuration: the server's real address, nothing of Vaurien. */
    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:mariadb://127.0.0.1:" + MARIADB.port() + "/?user=root");
    }

    @AfterAll
    static void stop() {
        MARIADB.close();
    }

    @Test
    void theRepositoryMeetsTheFaultsThroughBootsOwnDataSource() {
        assertEquals(42, orders.sixTimesSeven(), "the declared mix: everything passes");
        try (BehaviorScope errors = database.withBehavior("error")) {
            // MariaDB's deadlock (1213, SQLSTATE 40001), as Spring translates it
            PessimisticLockingFailureException e = assertThrows(PessimisticLockingFailureException.class, orders::sixTimesSeven);
            assertTrue(e.getMessage().contains("Deadlock"), e.getMessage());
        }
        assertEquals(42, orders.sixTimesSeven(), "the block ended: the pool's connection is usable again");
    }

    @Test
    void eachTestStartsFromTheDeclaredMix() {
        // whatever the other test left, the target is back to passing everything
        assertEquals(42, orders.sixTimesSeven());
    }
}
