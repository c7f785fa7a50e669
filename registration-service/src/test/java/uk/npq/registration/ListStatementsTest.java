package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static uk.npq.registration.AdminApplicationTest.asAdmin;
import static uk.npq.registration.ApplicationImportTest.PATH;
import static uk.npq.registration.ApplicationImportTest.batch;
import static uk.npq.registration.ApplicationImportTest.row;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;

/**
 * A page of participants or applications costs the same statements whatever its size (a full sync reads pages of 3,000):
 * each page's people, applications, latest training-status changes and participant id changes come in one query each,
 * never one per row, and the page is read in a read-only transaction, by page number and by page[cursor] alike.
 */
@QuarkusTest
class ListStatementsTest {
    static final int ROWS = 12;

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    @Test
    void theStatementsOfAPageDoNotGrowWithItsSize() {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            UUID person = UUID.randomUUID();
            String trn = randomTrn();
            // two applications each, one withdrawn (a training-status change the participant view shows)
            rows.add(row(person, trn, UUID.randomUUID(), "npq-headship", "2026b", "npq-leadership-autumn", "true", "active", null));
            rows.add(row(person, trn, UUID.randomUUID(), "npq-senco", "2026b", "npq-leadership-autumn", "false", "withdrawn", "started-in-error"));
        }
        asAdmin().body(batch(rows)).post(PATH).then().statusCode(200);

        for (String path : List.of("/api/v3/participants/npq", "/api/v3/npq-applications")) {
            for (boolean feed : List.of(true, false)) {
                List<String> one = page(path, feed, 1), all = page(path, feed, ROWS);
                assertThat(all).as("statements of %s (feed: %s) for a page of %d", path, feed, ROWS).hasSameSizeAs(one);
                assertThat(one).as("%s (feed: %s) reads read-only", path, feed).anyMatch(s -> s.equalsIgnoreCase("SET TRANSACTION READ ONLY"));
            }
        }
    }

    static List<String> page(String path, boolean feed, int size) {
        String trace = SqlTrace.newId();
        var request = as(LP_A).header("X-Correlation-Id", trace).queryParam("page[per_page]", size);
        if (feed) request = request.queryParam("page[cursor]", "");
        request.get(path).then().statusCode(200).body("data", hasSize(size));
        return SqlTrace.statements(trace);
    }
}
