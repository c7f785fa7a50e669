package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.registration.ApplicationImportStreamTest.NDJSON;
import static uk.npq.registration.ApplicationImportStreamTest.asAdmin;
import static uk.npq.registration.ApplicationImportTest.PATH;
import static uk.npq.registration.FundedPlaceAllocationTest.counter;
import static uk.npq.registration.FundedPlaceAllocationTest.counterMismatches;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.BulkFiles;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;
import uk.npq.registration.service.ApplicationImport;

/**
 * A streamed import's cost per chunk does not grow with the rows already imported in the same request (issue 16: the
 * import of 100,000 grew faster than its size). Counted, not timed: the writes of the funded-place counter (V17: one per
 * INSERT statement and key, where V16's row triggers wrote the counter row once per funded row, every write walking the
 * versions the transaction had already made), and the statements the import prepares (each once per chunk or once per
 * request, whatever the chunk's size).
 */
@QuarkusTest
class ApplicationImportChunksTest {
    static final String COURSE = "npq-headship", COHORT = "2026b"; // a capped cohort: funded places are counted

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /** A row of a fresh participant with an unverified TRN (so thousands of rows never meet another participant's TRN). */
    static String row(String lp, int i, boolean funded) {
        UUID participant = UUID.randomUUID();
        return "{\"participant_id\":\"" + participant + "\",\"trn\":\"" + (2_000_000 + i) + "\",\"trn_verified\":false,"
                + "\"full_name\":\"Ada Import\",\"date_of_birth\":\"1984-03-02\",\"email\":\"ada." + participant + "@example.org\","
                + "\"application_id\":\"" + UUID.randomUUID() + "\",\"lead_provider_id\":\"" + lp + "\",\"course_identifier\":\"" + COURSE
                + "\",\"cohort\":\"" + COHORT + "\",\"schedule_identifier\":\"npq-leadership-autumn\",\"funded_place\":" + funded
                + ",\"training_status\":\"" + (i % 7 == 0 ? "deferred" : "active") + "\""
                + (i % 7 == 0 ? ",\"training_status_reason\":\"other\",\"training_status_changed_at\":\"2026-10-20T09:00:00Z\"" : "")
                + ",\"accepted_at\":\"2026-09-01T10:00:00Z\",\"created_at\":\"2026-07-01T08:00:00Z\",\"work_setting\":\"a_school\","
                + "\"school_urn\":\"100001\",\"teacher_catchment\":\"england\",\"funding_choice\":\"school\"}";
    }

    /** The correlation ids of this test's imports: their events are left unsent (see the test's end). */
    final List<String> traces = new ArrayList<>();

    /** Imports {@code n} rows of provider {@code lp} (two in three funded) as one NDJSON file; the statements it prepared. */
    List<String> importFile(String lp, int n) {
        List<String> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) rows.add(row(lp, i, i % 3 != 0));
        String trace = SqlTrace.newId();
        traces.add(trace);
        asAdmin(NDJSON).header("X-Correlation-Id", trace).body(BulkFiles.ndjson(rows)).post(PATH).then().log().ifValidationFails()
                .statusCode(200).body("data.attributes.imported", equalTo(n));
        return SqlTrace.statements(trace).stream().filter(s -> !s.contains("outbox_event")).toList(); // the outbox: per 1,000 events
    }

    static long funded(int n) {
        long f = 0;
        for (int i = 0; i < n; i++) if (i % 3 != 0) f++;
        return f;
    }

    @Test
    void eachChunkWritesTheFundedPlaceCounterOnceAndPreparesTheSameStatements() {
        int chunks = 3, n = (chunks - 1) * ApplicationImport.MAX_ROWS + 5;
        String small = UUID.randomUUID().toString(), large = UUID.randomUUID().toString();
        // every write of the counter rows, recorded by a trigger of this test's own
        TestDb.execute("CREATE TABLE registration.test_usage_write (lead_provider_id uuid, used integer)");
        TestDb.execute("CREATE FUNCTION registration.test_usage_written() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "INSERT INTO registration.test_usage_write VALUES (NEW.lead_provider_id, NEW.used); RETURN NULL; END $$");
        TestDb.execute("CREATE TRIGGER test_usage_written AFTER INSERT OR UPDATE ON registration.funded_place_usage "
                + "FOR EACH ROW EXECUTE FUNCTION registration.test_usage_written()");
        try {
            List<String> one = importFile(small, 5);
            List<String> many = importFile(large, n);

            // one counter write per chunk (each chunk's applications are one INSERT), and the count exact
            assertThat(writes(small)).isEqualTo(1);
            assertThat(writes(large)).isEqualTo(chunks);
            assertThat(counter(small, COHORT, COURSE)).isEqualTo(funded(5));
            assertThat(counter(large, COHORT, COURSE)).isEqualTo(funded(n));
            assertThat(counterMismatches()).isZero();

            // each statement of a one-chunk import is prepared as often in a three-chunk one (once a request) or three
            // times as often (once a chunk), never more: nothing is prepared per row or per row already imported
            Map<String, Long> once = one.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            Map<String, Long> thrice = many.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(thrice.keySet()).isEqualTo(once.keySet());
            once.forEach((sql, c) -> assertThat(thrice.get(sql)).as(sql).isIn(c, chunks * c));
            for (String table : List.of("person", "application", "application_state"))
                assertThat(many.stream().filter(s -> s.startsWith("INSERT INTO " + table + " ")).count()).as(table).isEqualTo(chunks);
        } finally {
            // 20,000 events no test awaits would keep the relay from the next test's events for minutes: not sent
            if (!traces.isEmpty()) TestDb.execute("DELETE FROM registration.outbox_event WHERE sent_at IS NULL AND correlation_id IN ('"
                    + String.join("', '", traces) + "')");
            TestDb.execute("DROP TRIGGER test_usage_written ON registration.funded_place_usage");
            TestDb.execute("DROP FUNCTION registration.test_usage_written()");
            TestDb.execute("DROP TABLE registration.test_usage_write");
        }
    }

    static long writes(String lp) {
        return TestDb.count("SELECT count(*) FROM registration.test_usage_write WHERE lead_provider_id = '" + lp + "'");
    }
}
