package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** engagement-service's declaration (DeclarationStateChanged), as far as the guards of c1, c2 and f6 need it. */
@Entity
@Table(name = "declaration")
public class Declaration {
    /** The states that will be, or have been, paid for (or may yet be): they block reject and cohort changes. */
    public static final Set<String> BILLABLE_OR_CHANGEABLE = Set.of("submitted", "eligible", "payable", "paid");
    /** The states that let an admin revert the application to pending (c1): nothing is or will be paid for. */
    public static final Set<String> REVERTABLE = Set.of("voided", "ineligible", "awaiting_clawback", "clawed_back");

    @Id public UUID id;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(name = "declaration_type", nullable = false) public String declarationType;
    @Column(nullable = false) public String state;
    @Column(name = "declaration_date") public Instant declarationDate;
    @Column(name = "changed_at", nullable = false) public Instant changedAt;
}
