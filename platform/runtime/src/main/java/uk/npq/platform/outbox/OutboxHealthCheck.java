package uk.npq.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness shows the outbox backlog and goes down when events wait longer than npq.outbox.max-lag. */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {
    @Inject OutboxRelay relay;
    @Inject OutboxConfig config;

    @Override
    public HealthCheckResponse call() {
        OutboxRepository.Backlog backlog = relay.backlog();
        Duration age = backlog.age(Instant.now());
        return HealthCheckResponse.named("outbox")
                .status(age.compareTo(config.maxLag()) <= 0)
                .withData("pending", backlog.count())
                .withData("oldestPendingSeconds", age.toSeconds())
                .build();
    }
}
