package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.LocalDate;
import java.util.UUID;

/** An 8-calendar-day assessment window a lead provider publishes for a course and cohort. */
@Entity
@Table(name = "assessment_window")
public class AssessmentWindow {
    @Id public UUID id;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(name = "first_day", nullable = false) public LocalDate firstDay;
    @Column(name = "word_limit", nullable = false) public int wordLimit;
}
