package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** funding-service's schedule (ScheduleDefined), copied here to choose and change schedules (f3, f6). */
@Entity
@Table(name = "schedule")
public class Schedule {
    @Embeddable
    public record Key(@Column(name = "cohort") String cohort, @Column(name = "identifier") String identifier) implements Serializable {}

    @EmbeddedId public Key key;
    @Column(nullable = false) public String name;
    @Column(name = "course_group", nullable = false) public String courseGroup;
    @Column(name = "applies_from", nullable = false) public LocalDate appliesFrom;
    @Column(name = "applies_to") public LocalDate appliesTo;
    @JdbcTypeCode(SqlTypes.ARRAY) @Column(name = "allowed_declaration_types", nullable = false) public String[] allowedDeclarationTypes;
    @Column(name = "acceptance_window_start") public LocalDate acceptanceWindowStart;
    @Column(name = "acceptance_window_end") public LocalDate acceptanceWindowEnd;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
