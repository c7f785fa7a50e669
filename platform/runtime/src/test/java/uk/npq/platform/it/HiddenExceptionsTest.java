package uk.npq.platform.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.persistence.AdvisoryLocks;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;
import uk.npq.platform.testing.ThrownExceptions;
import uk.npq.platform.testing.ThrownExceptions.Thrown;

/**
 * Work done on every request that must not throw and catch an exception inside a library (issue 16: JFR showed each costing
 * CPU on every request, with its stack trace): reading the caller's tenant claims, and taking advisory locks. Counted by an
 * in-process JFR recording of every exception constructed meanwhile; each test first proves the recording sees one.
 */
@QuarkusTest
class HiddenExceptionsTest {
    static final String A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0b01";

    @Inject EntityManager em;

    @Test
    void readingTheTenantClaimsOfAVerifiedOrCachedTokenThrowsNothing() {
        String jwt = TestTokens.token("lp-hidden-" + System.nanoTime(), List.of("lead-provider"), Map.of("lead_provider_id", A));
        List<Thrown> thrown = ThrownExceptions.during(() -> {
            for (int i = 0; i < 2; i++) { // verified by OIDC, then answered from the cache: both read the claims
                given().header("Authorization", "Bearer " + jwt).get("/test/notes/whoami").then().statusCode(200)
                        .body("lead_provider_id", equalTo(A)).body("school_urn", equalTo(""));
            }
            probe(jwt);
        });
        assertThat(thrown).anyMatch(t -> ("probe " + jwt).equals(t.message()));
        assertThat(thrown).as("exceptions thrown reading a custom claim (Claims.valueOf)")
                .noneMatch(t -> t.message() != null && t.message().contains("org.eclipse.microprofile.jwt.Claims"));
    }

    @Test
    void advisoryLocksThrowNothingInsideHibernateAndAreHeldUntilTheTransactionEnds() {
        String key = "hidden-" + UUID.randomUUID();
        List<Thrown> thrown = ThrownExceptions.during(() -> {
            QuarkusTransaction.requiringNew().run(() -> {
                AdvisoryLocks.exclusive(em, key + ":one");
                AdvisoryLocks.exclusive(em, List.of(key + ":b", key + ":a"));
                AdvisoryLocks.shared(em, key + ":shared");
                // seen from another connection: the four locks are held by this transaction
                assertThat(TestDb.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid IN ("
                        + "SELECT (hashtextextended(k, 0) & 4294967295)::oid FROM unnest(ARRAY['" + key + ":one', '" + key + ":a', '"
                        + key + ":b', '" + key + ":shared']) k)")).isEqualTo(4);
            });
            probe(key);
        });
        assertThat(TestDb.count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = "
                + "(hashtextextended('" + key + ":one', 0) & 4294967295)::oid")).as("released at commit").isZero();
        assertThat(thrown).anyMatch(t -> ("probe " + key).equals(t.message()));
        assertThat(thrown).as("exceptions thrown inside Hibernate").noneMatch(t -> t.type().startsWith("org.hibernate."));
    }

    private static void probe(String message) {
        try {
            throw new IllegalStateException("probe " + message);
        } catch (IllegalStateException expected) {
            assertThat(expected).hasMessage("probe " + message);
        }
    }
}
