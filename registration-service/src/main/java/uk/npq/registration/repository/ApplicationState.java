package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One training-status change of an application (c2); created_at is the deferral or withdrawal date. */
@Entity
@Table(name = "application_state")
public class ApplicationState {
    @Id public UUID id;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(nullable = false) public String state;
    public String reason;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
}
