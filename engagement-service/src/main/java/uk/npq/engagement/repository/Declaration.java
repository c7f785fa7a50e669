package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A milestone declaration (npq-domain.md b, c3). */
@Entity
@Table(name = "declaration")
public class Declaration {
    /** Will be, or has been, paid for (or may still become so): one per application and milestone. */
    public static final Set<String> BILLABLE_OR_CHANGEABLE = Set.of("submitted", "eligible", "payable", "paid");
    /** May be voided outright; paid ones are clawed back instead. */
    public static final Set<String> VOIDABLE = Set.of("submitted", "eligible", "payable", "ineligible");

    @Id public UUID id;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "participant_id", nullable = false) public UUID participantId;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(name = "declaration_type", nullable = false) public String declarationType;
    @Column(name = "declaration_date", nullable = false) public Instant declarationDate;
    @Column(nullable = false) public String state;
    @Column(name = "state_reason") public String stateReason;
    @Column(name = "superseded_by_id") public UUID supersededById;
    @Column(name = "delivery_partner_id") public UUID deliveryPartnerId;
    @Column(name = "secondary_delivery_partner_id") public UUID secondaryDeliveryPartnerId;
    @Column(name = "has_passed") public Boolean hasPassed;
    @Column(name = "statement_id") public UUID statementId;
    @Column(name = "clawback_statement_id") public UUID clawbackStatementId;
    @Column(name = "request_digest") public String requestDigest;
    @Column(nullable = false) public boolean derived;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
