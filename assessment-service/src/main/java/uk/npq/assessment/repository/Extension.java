package uk.npq.assessment.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** An extension a lead provider granted a candidate for mitigating circumstances (who and when kept). */
@Entity
@Table(name = "extension")
public class Extension {
    @Id public UUID id;
    @Column(name = "window_id", nullable = false) public UUID windowId;
    @Column(name = "application_id", nullable = false) public UUID applicationId;
    @Column(nullable = false) public String reason;
    /** The new last day: submissions accepted until 23:59 Europe/London. */
    @Column(nullable = false) public LocalDate deadline;
    @Column(name = "granted_by", nullable = false) public String grantedBy;
    @Column(name = "granted_at", nullable = false) public Instant grantedAt;
}
