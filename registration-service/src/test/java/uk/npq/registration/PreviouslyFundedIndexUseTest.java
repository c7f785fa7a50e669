package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.QueryPlans;
import uk.npq.platform.testing.TestDb;
import uk.npq.registration.service.PreviouslyFunded;

/**
 * The "previously funded" judge runs in every registration, acceptance and rejection: its statement reads the person's
 * applications and those of records sharing a verified TRN through indexes, never every accepted application of the
 * course family (the generic plan, as the reused prepared statement runs, against thousands of seeded, analysed rows).
 */
@QuarkusTest
class PreviouslyFundedIndexUseTest {
    @Test
    void theJudgeReadsOnlyThePersonsApplicationsByIndex() {
        FeedIndexUseTest.seed();
        // some of the seeded people hold verified TRNs, so the TRN's index has rows to choose from
        TestDb.execute("UPDATE person SET trn = lpad((900000 + substr(id::text, 25)::bigint)::text, 7, '0'), trn_verified = true, "
                + "trn_verification_status = 'verified' WHERE id::text LIKE 'f00dfeed-0000-4000-9000-%' AND trn IS NULL");
        TestDb.execute("UPDATE application SET eligible_for_funding = true WHERE lead_provider_id::text LIKE 'f00dfeed-%'");
        TestDb.execute("ANALYZE person");
        TestDb.execute("ANALYZE application");
        String sql = PreviouslyFunded.JUDGE_SQL;
        assertThat(QueryPlans.seqScans(sql, Set.of("application", "person"))).as(QueryPlans.plan(sql).toString()).isEmpty();
    }
}
