package uk.npq.assessment.repository;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ListIndexBase;
import uk.npq.assessment.domain.Window;

/** An 8-calendar-day assessment window a lead provider publishes for a course and cohort, with its marking criteria. */
@Entity
@Table(name = "assessment_window")
public class AssessmentWindow {
    @Id public UUID id;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(name = "first_day", nullable = false) public LocalDate firstDay;
    @Column(name = "word_limit", nullable = false) public int wordLimit;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "created_by") public String createdBy;

    /** Numbered from 1 in the order the lead provider gave them. */
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "assessment_criterion", joinColumns = @JoinColumn(name = "window_id"))
    @OrderColumn(name = "position")
    @ListIndexBase(1)
    public List<Criterion> criteria = new ArrayList<>();

    @Embeddable
    public static class Criterion {
        @Column(nullable = false) public String kind;
        @Column(nullable = false) public String statement;

        public Criterion() {}

        public Criterion(String kind, String statement) {
            this.kind = kind;
            this.statement = statement;
        }
    }

    public Window window() {
        return new Window(firstDay);
    }
}
