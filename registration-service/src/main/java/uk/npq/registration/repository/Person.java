package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A person, anchored by a verified TRN; {@code id} is the participant_id of the DfE API. Email and login
 * identities are contact data, not identity. A person merged into another keeps its row (mergedInto set)
 * so its retired id answers 410 Gone.
 */
@Entity
@Table(name = "person")
public class Person {
    @Id public UUID id;
    @Column(columnDefinition = "bpchar(7)") public String trn;
    @Column(name = "trn_verified", nullable = false) public boolean trnVerified;
    /** unchecked, verified, no_match_found, found_but_not_active, trn_and_nino_blank, unavailable, trn_requested */
    @Column(name = "trn_verification_status", nullable = false) public String trnVerificationStatus = "unchecked";
    @Column(name = "trn_checked_at") public Instant trnCheckedAt;
    @Column(name = "full_name", nullable = false) public String fullName;
    @JdbcTypeCode(SqlTypes.ARRAY) @Column(name = "previous_names", nullable = false) public String[] previousNames = new String[0];
    @Column(name = "date_of_birth", nullable = false) public LocalDate dateOfBirth;
    @Column(name = "national_insurance_number") public String nationalInsuranceNumber;
    @Column(nullable = false) public String email;
    @Column(name = "merged_into") public UUID mergedInto;
    @Column(name = "merged_at") public Instant mergedAt;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
    /** Bumped only by changes a lead provider cares about; drives updated_since. */
    @Column(name = "significantly_updated_at", nullable = false) public Instant significantlyUpdatedAt;

    /** The TRN a lead provider may see: only a verified one (e1). */
    public String visibleTrn() {
        return trnVerified ? trn : null;
    }
}
