package uk.npq.funding.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A stored decision: what was read, which rules judged it, what they found. */
@Entity
@Table(name = "funding_decision")
public class FundingDecision {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(nullable = false) public String cohort;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @JdbcTypeCode(SqlTypes.JSON) @Column(nullable = false, columnDefinition = "jsonb") public String inputs;
    @Column(name = "rule_set", nullable = false) public String ruleSet;
    @Column(name = "status_code", nullable = false) public String statusCode;
    @Column(nullable = false) public boolean eligible;
    @Column(name = "review_required", nullable = false) public boolean reviewRequired;
    @JdbcTypeCode(SqlTypes.JSON) @Column(nullable = false, columnDefinition = "jsonb") public String trace;
    @Column(name = "decided_at", nullable = false) public Instant decidedAt;
    @JdbcTypeCode(SqlTypes.JSON) @Column(name = "list_versions", nullable = false, columnDefinition = "jsonb") public String listVersions;
    @Column(name = "message_key", nullable = false) public String messageKey;
    @Column(name = "targeted_delivery_funding", nullable = false) public boolean targetedDeliveryFunding;
    @Column(name = "tsf_primary", nullable = false) public boolean tsfPrimary;
    @Column(name = "tsf_primary_plus", nullable = false) public boolean tsfPrimaryPlus;
    @Column(name = "review_status") public String reviewStatus;
    @Column(name = "review_note") public String reviewNote;
    @Column(name = "engine_status_code") public String engineStatusCode;
    @Column(name = "overridden_by") public String overriddenBy;
    @Column(name = "overridden_at") public Instant overriddenAt;
    @Column(name = "override_reason") public String overrideReason;
}
