package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;

/**
 * A page of declarations costs the same statements whatever its size: the names of the lead provider and of the delivery
 * partners (primary and secondary) and the uplifts come in one query each for the page, never one per row, and the page
 * is read in a read-only transaction.
 */
@QuarkusTest
class DeclarationListStatementsTest {
    static final int DECLARATIONS = 12;

    @Test
    void theStatementsOfAListPageDoNotGrowWithItsSize() {
        String lp = UUID.randomUUID().toString();
        for (int i = 0; i < DECLARATIONS; i++) {
            UUID[] e = DeclarationFixtures.enrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
            UUID dp = DeclarationFixtures.partner(lp, "2026b"), secondary = DeclarationFixtures.partner(lp, "2026b");
            DeclarationFixtures.declare(lp, body(e[0], "started", STARTED, "npq-headship",
                    "\"delivery_partner_id\":\"" + dp + "\",\"secondary_delivery_partner_id\":\"" + secondary + "\"")).then().statusCode(200);
        }
        List<String> one = page(lp, 1), all = page(lp, DECLARATIONS);
        assertThat(all).as("statements for a page of %d", DECLARATIONS).hasSameSizeAs(one);
        assertThat(one).anyMatch(s -> s.contains("delivery_partner")).anyMatch(s -> s.equalsIgnoreCase("SET TRANSACTION READ ONLY"));
    }

    /** The SQL of one list request for a page of this size (every row with both partners' names). */
    static List<String> page(String lp, int size) {
        String trace = SqlTrace.newId();
        as(lp).header("X-Correlation-Id", trace).queryParam("page[per_page]", size).get("/api/v3/participant-declarations")
                .then().statusCode(200).body("data", hasSize(size))
                .body("data.attributes.delivery_partner_name", org.hamcrest.Matchers.everyItem(notNullValue()))
                .body("data.attributes.secondary_delivery_partner_name", org.hamcrest.Matchers.everyItem(notNullValue()));
        return SqlTrace.statements(trace);
    }
}
