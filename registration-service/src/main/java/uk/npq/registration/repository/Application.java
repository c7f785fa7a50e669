package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One application per person x course x lead provider choice x cohort, with its workflow (c1, c2, d5). */
@Entity
@Table(name = "application")
public class Application {
    @Id public UUID id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false) @JoinColumn(name = "person_id") public Person person;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    /** pending, accepted, rejected */
    @Column(nullable = false) public String status;
    @Column(name = "reason_for_rejection") public String reasonForRejection;
    @Column(name = "accepted_at") public Instant acceptedAt;
    /** active, deferred, withdrawn; null until accepted */
    @Column(name = "training_status") public String trainingStatus;
    @Column(name = "schedule_identifier") public String scheduleIdentifier;
    @Column(name = "funded_place") public Boolean fundedPlace;
    @Column(name = "review_status") public String reviewStatus;

    @Column(name = "work_setting") public String workSetting;
    @Column(name = "school_urn") public String schoolUrn;
    @Column(name = "school_ukprn") public String schoolUkprn;
    @Column(name = "private_childcare_provider_urn") public String privateChildcareProviderUrn;
    @Column(name = "kind_of_nursery") public String kindOfNursery;
    @Column(name = "employment_type") public String employmentType;
    @Column(name = "employment_role") public String employmentRole;
    @Column(name = "employer_name") public String employerName;
    @Column(name = "headteacher_status") public String headteacherStatus;
    @Column(name = "teacher_catchment") public String teacherCatchment;
    @Column(name = "teacher_catchment_country") public String teacherCatchmentCountry;
    @Column(name = "teacher_catchment_iso_country_code", columnDefinition = "bpchar(3)") public String teacherCatchmentIsoCountryCode;
    @Column(name = "itt_provider") public String ittProvider;
    @Column(name = "lead_mentor") public Boolean leadMentor;
    @Column(name = "referred_by_return_to_teaching_adviser") public String referredByReturnToTeachingAdviser;
    @Column(name = "senco_in_role") public String sencoInRole;
    @Column(name = "senco_start_date") public LocalDate sencoStartDate;
    @Column(name = "funding_choice") public String fundingChoice;

    @Column(name = "eligible_for_funding") public Boolean eligibleForFunding;
    /** d3, judged live by service.PreviouslyFunded: another funded application of the same person in the course family. */
    @Column(name = "previously_funded", nullable = false) public boolean previouslyFunded;
    @Column(name = "funding_eligibility_status_code") public String fundingEligibilityStatusCode;
    @Column(name = "funding_decided_at") public Instant fundingDecidedAt;
    @Column(name = "targeted_delivery_funding_eligibility", nullable = false) public boolean targetedDeliveryFundingEligibility;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;

    /** The start year, e.g. "2026" for 2026b. */
    public String cohortStartYear() {
        return cohort.substring(0, 4);
    }

    /** The suffix letter, "a" when the identifier has none. */
    public String cohortSuffix() {
        return cohort.length() > 4 ? cohort.substring(4) : "a";
    }
}
