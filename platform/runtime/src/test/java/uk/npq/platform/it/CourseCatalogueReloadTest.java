package uk.npq.platform.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.projection.CourseCatalogue;

/**
 * The catalogue's timed reload never runs on the caller's thread: a lookup on a snapshot older than the refresh interval
 * answers from that snapshot at once and the reload happens beside it. Shown by holding the course table locked: a lookup
 * that reloaded in line would wait for the lock; this one must answer while it is held, and the change shows once it is
 * released. (A reload in line also put its query among a request's statements, which a statement-count test counted.)
 */
@QuarkusTest
@TestProfile(CourseCatalogueReloadTest.ShortInterval.class)
class CourseCatalogueReloadTest {
    public static class ShortInterval implements QuarkusTestProfile {
        @Override public Map<String, String> getConfigOverrides() {
            return Map.of("npq.courses.refresh-interval", "PT5S");
        }

        @Override public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(AdjustableClock.class);
        }
    }

    @Inject CourseCatalogue catalogue;
    @Inject AgroalDataSource db;

    @AfterEach
    void realTimeAgain() {
        AdjustableClock.reset();
    }

    @Test
    void aLookupOnAnOldSnapshotAnswersAtOnceAndTheReloadCatchesUpBesideIt() throws Exception {
        assertThat(catalogue.shortCode("npq-headship")).contains("NPQH");
        AdjustableClock.advance(Duration.ofSeconds(6)); // the snapshot is now older than the interval
        try (Connection other = db.getConnection()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                s.execute("LOCK TABLE course IN ACCESS EXCLUSIVE MODE");
                s.execute("INSERT INTO course VALUES ('npq-reload-test', 'Reload', 'NPQRT', 'specialist', 'npq-reload-test', true)");
            }
            // the table is locked: only the snapshot in hand can answer
            boolean known = CompletableFuture.supplyAsync(() -> catalogue.exists("npq-reload-test")).get(5, TimeUnit.SECONDS);
            assertThat(known).as("the old snapshot answers while the reload waits").isFalse();
            assertThat(catalogue.shortCode("npq-headship")).contains("NPQH");
            other.commit();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> later(() -> catalogue.exists("npq-reload-test")));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM course WHERE identifier = 'npq-reload-test'");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> later(() -> !catalogue.exists("npq-reload-test")));
    }

    /** Asks after moving the clock past the refresh interval, so each poll finds the snapshot old and reloads it beside. */
    private static boolean later(java.util.function.BooleanSupplier ask) {
        AdjustableClock.advance(Duration.ofSeconds(6));
        return ask.getAsBoolean();
    }
}
