package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** The engagement last published for an enrolment. */
@Entity
@Table(name = "engagement")
public class EngagementSnapshot {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "delivery_partner_id", nullable = false) public UUID deliveryPartnerId;
    @Column(name = "attended_minutes", nullable = false) public long attendedMinutes;
    @Column(name = "required_minutes_to_date", nullable = false) public long requiredMinutesToDate;
    @Column(name = "course_minutes", nullable = false) public long courseMinutes;
    @Column(name = "attended_units", nullable = false) public long attendedUnits;
    @Column(name = "required_units_to_date", nullable = false) public long requiredUnitsToDate;
    @Column(name = "course_units", nullable = false) public long courseUnits;
    @Column(name = "threshold_percent", nullable = false, precision = 5, scale = 2) public BigDecimal thresholdPercent;
    @Column(name = "meets_threshold", nullable = false) public boolean meetsThreshold;
    @Column(name = "at_risk", nullable = false) public boolean atRisk;
    @Column(name = "calculated_at", nullable = false) public Instant calculatedAt;
}
