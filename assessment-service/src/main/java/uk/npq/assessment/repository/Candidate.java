package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * This service's copy of an application: who may sit which course's assessment, kept from registration's and
 * engagement's events (the first of them creates the row; each sets only what it knows).
 */
@Entity
@Table(name = "candidate")
public class Candidate {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id") public UUID leadProviderId;
    @Column(name = "course_identifier") public String courseIdentifier;
    @Column public String cohort;
    /** pending, accepted, rejected */
    @Column(nullable = false) public String status;
    @Column(name = "submitted_at") public Instant submittedAt;
    /** The verified TRN only (qualifications are by verified TRN). */
    @Column(columnDefinition = "bpchar(7)") public String trn;
    @Column(name = "school_urn") public String schoolUrn;
    @Column(name = "accepted_at") public Instant acceptedAt;
    /** active, deferred, withdrawn; null until accepted */
    @Column(name = "training_status") public String trainingStatus;
    /** The participant's hub, from engagement-service. */
    @Column(name = "delivery_partner_id") public UUID deliveryPartnerId;
    @Column(name = "meets_threshold") public Boolean meetsThreshold;
    @Column(name = "at_risk") public Boolean atRisk;
    @Column(name = "percent_of_course") public BigDecimal percentOfCourse;
    @Column(name = "engagement_changed_at") public Instant engagementChangedAt;
    @Column(name = "updated_at") public Instant updatedAt;
}
