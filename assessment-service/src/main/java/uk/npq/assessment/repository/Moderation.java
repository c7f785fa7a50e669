package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A moderator's review of a sampled mark: the result it makes final. */
@Entity
@Table(name = "moderation")
public class Moderation {
    @Id @Column(name = "submission_id") public UUID submissionId;
    @Column(nullable = false) public String result;
    @Column(nullable = false) public boolean agrees;
    public String comments;
    @Column(name = "moderated_by", nullable = false) public String moderatedBy;
    @Column(name = "moderated_at", nullable = false) public Instant moderatedAt;
}
