package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;

/** funding-service's cohort (CohortDefined), copied here: its funding type drives funded_place (d5). */
@Entity
@Table(name = "cohort")
public class Cohort {
    @Id public String identifier;
    @Column(name = "start_year", nullable = false) public int startYear;
    @Column(nullable = false, columnDefinition = "bpchar(1)") public String suffix;
    @Column(nullable = false) public String description;
    @Column(name = "registration_start_date", nullable = false) public LocalDate registrationStartDate;
    /** zero, capped, full */
    @Column(nullable = false) public String funding;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
