package uk.npq.registration.health;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once funding-service's cohorts and schedules have arrived (funding.reference.v1): without them a
 * registration's cohort cannot be checked and no application can be accepted, so traffic should wait.
 */
@Readiness
@ApplicationScoped
public class ReferenceDataReadiness implements HealthCheck {
    @Inject EntityManager em;

    @Override
    public HealthCheckResponse call() {
        long[] counts = QuarkusTransaction.requiringNew().call(() -> new long[] {
                ((Number) em.createNativeQuery("SELECT count(*) FROM cohort").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM schedule").getSingleResult()).longValue(),
                ((Number) em.createNativeQuery("SELECT count(*) FROM course_offer WHERE offered").getSingleResult()).longValue()});
        return HealthCheckResponse.named("funding-reference-data").status(counts[0] > 0 && counts[1] > 0)
                .withData("cohorts", counts[0]).withData("schedules", counts[1])
                .withData("course_offers", counts[2]).build(); // shown, not required: offers are imported, not seeded
    }
}
