package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.npq.funding.service.EligibilityLists;
import uk.npq.funding.service.ReferencePublisher;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.ThrownExceptions;

/**
 * The advisory locks funding takes (an eligibility list's changes, the reference publisher) throw nothing inside Hibernate
 * (issue 16: a lock function's {@code void} result had no Hibernate type, and Hibernate threw and caught an exception for it
 * on every call), and are held until the transaction ends. The work is rolled back: nothing changes.
 */
@QuarkusTest
class AdvisoryLockQueriesTest {
    @Inject EligibilityLists lists;
    @Inject ReferencePublisher publisher;

    @Test
    void theListAndPublisherLocksThrowNothingInsideHibernate() {
        long entries = TestDb.count("SELECT count(*) FROM eligibility_list_entry");
        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.during(() -> {
            QuarkusTransaction.begin();
            try {
                lists.add("rise-schools", "9999991", "advisory-lock-test", EligibilityLists.IfMatch.parse("*"));
                publisher.publishChanges();
                // both locks are held by this transaction, seen from another connection
                assertThat(TestDb.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND ("
                        + "objid = (hashtext('eligibility_list_rise-schools')::bigint & 4294967295)::oid "
                        + "OR objid = " + (0x4e50515245464eL & 0xFFFFFFFFL) + ")")).isEqualTo(2);
            } finally {
                QuarkusTransaction.rollback();
            }
            try { // the recording sees exceptions at all (so the assertion below cannot pass by seeing nothing)
                throw new IllegalStateException("probe funding locks");
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessage("probe funding locks");
            }
        });
        assertThat(thrown).anyMatch(t -> "probe funding locks".equals(t.message()));
        assertThat(thrown).as("exceptions thrown inside Hibernate").noneMatch(t -> t.type().startsWith("org.hibernate."));
        assertThat(TestDb.count("SELECT count(*) FROM eligibility_list_entry")).as("rolled back").isEqualTo(entries);
    }
}
