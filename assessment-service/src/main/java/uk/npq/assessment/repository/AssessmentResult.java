package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** One final result of a submission (append-only): from marking, moderation or an upheld appeal. */
@Entity
@Table(name = "assessment_result")
public class AssessmentResult {
    @Id public UUID id;
    @Column(name = "submission_id", nullable = false) public UUID submissionId;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(nullable = false) public String result;
    @Column(nullable = false) public String source;
    @Column(name = "completion_date", nullable = false) public LocalDate completionDate;
    @Column(name = "appeal_id") public UUID appealId;
    @Column(name = "decided_by", nullable = false) public String decidedBy;
    @Column(name = "decided_at", nullable = false) public Instant decidedAt;
}
