package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.Fixtures.LP_A;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;

/**
 * What a page of GET /api/v3/participants/npq costs in SQL statements (issue 16): the same handful whatever the page's size,
 * set-based per page (the page, its enrolments with their people, their latest states, their id changes), never a lookup per
 * row. Every statement Hibernate prepares while serving the request is counted ({@link SqlTrace}).
 */
@QuarkusTest
class ParticipantListStatementsTest {
    /** Read-only, the page, the enrolments with their people, the latest states, the id changes. */
    static final int MAX_PER_PAGE = 5;

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    @Test
    void aPageOfParticipantsCostsTheSameStatementsWhateverItsSize() {
        for (int i = 0; i < 25; i++) ParticipantTest.accepted("npq-headship", "2026b", i % 2 == 0);

        List<String> small = page(2);
        List<String> large = page(25);
        // it traced the request's work (so it cannot pass by tracing nothing): the page's query over person
        assertThat(large).anyMatch(s -> s.toLowerCase().contains("from person"));
        assertThat(large).as("statements of a page of 25").hasSizeLessThanOrEqualTo(MAX_PER_PAGE).hasSameSizeAs(small);
        // no statement reads one person by its id
        assertThat(large).noneMatch(s -> s.toLowerCase().matches("(?s)select .* from (registration\\.)?person \\w+ where \\w+\\.id\\s*=\\s*\\?.*"));
    }

    private static List<String> page(int size) {
        String trace = SqlTrace.newId();
        var r = as(LP_A).header("X-Correlation-Id", trace).queryParam("page[per_page]", size).get("/api/v3/participants/npq");
        r.then().statusCode(200);
        assertThat(r.<List<String>>path("data.id")).hasSize(size);
        // every row has its person's name (other classes' participants of A may share the page, so not a fixed name)
        assertThat(r.<List<String>>path("data.attributes.full_name")).hasSize(size).allSatisfy(n -> assertThat(n).isNotBlank());
        return SqlTrace.statements(trace);
    }
}
