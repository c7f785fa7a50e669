package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One application per person x course x lead provider choice x cohort. */
@Entity
@Table(name = "application")
public class Application {
    @Id public UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "person_id") public Person person;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(nullable = false) public String status;
    @Column(name = "work_setting") public String workSetting;
    @Column(name = "school_urn") public String schoolUrn;
    @Column(name = "school_ukprn") public String schoolUkprn;
    @Column(name = "teacher_catchment") public String teacherCatchment;
    @Column(name = "teacher_catchment_country") public String teacherCatchmentCountry;
    @Column(name = "eligible_for_funding") public Boolean eligibleForFunding;
    @Column(name = "funding_eligibility_status_code") public String fundingEligibilityStatusCode;
    @Column(name = "funding_decided_at") public Instant fundingDecidedAt;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
