package uk.npq.assessment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.repository.SubmissionRepository;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.ThrownExceptions;

/**
 * The advisory lock that serialises a candidate's or a window's writes throws nothing inside Hibernate (issue 16: a lock
 * function's {@code void} result had no Hibernate type, and Hibernate threw and caught an exception for it on every call),
 * and is held until the transaction ends.
 */
@QuarkusTest
class AdvisoryLockQueryTest {
    @Inject SubmissionRepository submissions;

    @Test
    void theSubmissionLockThrowsNothingInsideHibernateAndIsHeldUntilTheTransactionEnds() {
        String key = "candidate/" + UUID.randomUUID();
        String held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 6 "
                + "AND objid = (hashtext('" + key + "')::bigint & 4294967295)::oid";
        List<ThrownExceptions.Thrown> thrown = ThrownExceptions.during(() -> {
            QuarkusTransaction.requiringNew().run(() -> {
                submissions.lock(key);
                assertThat(TestDb.count(held)).as("held, seen from another connection").isEqualTo(1);
            });
            try { // the recording sees exceptions at all (so the assertion below cannot pass by seeing nothing)
                throw new IllegalStateException("probe " + key);
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessage("probe " + key);
            }
        });
        assertThat(TestDb.count(held)).as("released at commit").isZero();
        assertThat(thrown).anyMatch(t -> ("probe " + key).equals(t.message()));
        assertThat(thrown).as("exceptions thrown inside Hibernate").noneMatch(t -> t.type().startsWith("org.hibernate."));
    }
}
