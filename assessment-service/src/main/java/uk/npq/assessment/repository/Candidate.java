package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** This service's projection of an application: who may sit which course's assessment. */
@Entity
@Table(name = "candidate")
public class Candidate {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(nullable = false) public String status;
    @Column(name = "submitted_at", nullable = false) public Instant submittedAt;
}
