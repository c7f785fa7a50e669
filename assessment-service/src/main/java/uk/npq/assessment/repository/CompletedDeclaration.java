package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** engagement-service's completed declaration, which outcomes hang on. */
@Entity
@Table(name = "completed_declaration")
public class CompletedDeclaration {
    /** The states in which an outcome may be posted (f6). */
    public static final Set<String> OUTCOME_STATES = Set.of("submitted", "eligible", "payable", "paid", "ineligible");

    @Id @Column(name = "declaration_id") public UUID declarationId;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(name = "declaration_date", nullable = false) public Instant declarationDate;
    @Column(nullable = false) public String state;
    @Column(name = "has_passed") public Boolean hasPassed;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
