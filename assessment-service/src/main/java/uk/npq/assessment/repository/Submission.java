package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A candidate's attempt at one window: the latest content submitted, and where marking has got to. */
@Entity
@Table(name = "submission")
public class Submission {
    public static final String SUBMITTED = "submitted", AWAITING_MODERATION = "awaiting_moderation", FINAL = "final";

    @Id public UUID id;
    @Column(name = "window_id", nullable = false) public UUID windowId;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(nullable = false) public int attempt;
    @Column(nullable = false) public int revision;
    @Column(nullable = false) public String kind;
    public String text;
    @Column(name = "document_reference") public String documentReference;
    @Column(name = "word_count", nullable = false) public int wordCount;
    @Column(name = "word_limit", nullable = false) public int wordLimit;
    @Column(name = "submitted_by_role", nullable = false) public String submittedByRole;
    @Column(name = "submitted_by", nullable = false) public String submittedBy;
    @Column(name = "under_extension", nullable = false) public boolean underExtension;
    @Column(name = "first_submitted_at", nullable = false) public Instant firstSubmittedAt;
    @Column(name = "submitted_at", nullable = false) public Instant submittedAt;
    @Column(nullable = false) public String state;
    /** The current final result (pass or fail), null until final. */
    public String result;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
