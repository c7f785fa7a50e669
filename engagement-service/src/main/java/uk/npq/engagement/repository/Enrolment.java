package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** This service's projection of an application: kept from registration's and funding's events. */
@Entity
@Table(name = "enrolment")
public class Enrolment {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id") public UUID leadProviderId;
    @Column(name = "course_identifier") public String courseIdentifier;
    @Column public String cohort;
    @Column(nullable = false) public String status;
    @Column(name = "eligible_for_funding") public Boolean eligibleForFunding;
    @Column(name = "funding_status_code") public String fundingStatusCode;
    /** registration's live judgement (ApplicationAccepted, PreviouslyFundedChanged): another funded application of the person in the family. */
    @Column(name = "previously_funded", nullable = false) public boolean previouslyFunded;
    @Column(columnDefinition = "bpchar(7)") public String trn;
    @Column(name = "teacher_catchment") public String teacherCatchment;
    @Column(name = "school_urn") public String schoolUrn;
    @Column(name = "accepted_at") public Instant acceptedAt;
    /** active, deferred, withdrawn; null until accepted */
    @Column(name = "training_status") public String trainingStatus;
    /** when the participant last withdrew (declarations dated at or after it are refused); null unless withdrawn */
    @Column(name = "withdrawn_at") public Instant withdrawnAt;
    @Column(name = "schedule_identifier") public String scheduleIdentifier;
    @Column(name = "funded_place") public Boolean fundedPlace;
    @Column(name = "targeted_delivery_funding_eligibility", nullable = false) public boolean targetedDeliveryFundingEligibility;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;

    /** Accepted and not withdrawn or deferred. */
    public boolean active() {
        return "accepted".equals(status) && "active".equals(trainingStatus);
    }
}
