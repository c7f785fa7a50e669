package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One row of a completed declaration's outcome history (c5); the latest is the current outcome. */
@Entity
@Table(name = "participant_outcome")
public class ParticipantOutcome {
    @Id public UUID id;
    @Column(name = "declaration_id", nullable = false) public UUID declarationId;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    /** passed, failed, voided */
    @Column(nullable = false) public String state;
    @Column(name = "completion_date", nullable = false) public LocalDate completionDate;
    /** lead_provider, declaration, marking, declaration_voided */
    @Column(nullable = false) public String source;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
