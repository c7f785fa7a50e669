package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An appeal against a final result as the lead provider decided it: upheld (the result changes) or dismissed. */
@Entity
@Table(name = "appeal")
public class Appeal {
    @Id public UUID id;
    @Column(name = "submission_id", nullable = false) public UUID submissionId;
    @Column(nullable = false) public String reason;
    @Column(nullable = false) public String decision;
    @Column(name = "previous_result", nullable = false) public String previousResult;
    public String result;
    @Column(name = "decided_by", nullable = false) public String decidedBy;
    @Column(name = "decided_at", nullable = false) public Instant decidedAt;
}
