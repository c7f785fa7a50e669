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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.ListIndexBase;

/** A marker's judgement of a submission against the window's criteria (judgement i is criterion i, from 1). */
@Entity
@Table(name = "mark")
public class Mark {
    @Id @Column(name = "submission_id") public UUID submissionId;
    @Column(nullable = false) public String result;
    @Column(nullable = false) public String comments;
    /** In the moderation sample: the result is final only once a moderator has reviewed it. */
    @Column(nullable = false) public boolean sampled;
    @Column(name = "marked_by", nullable = false) public String markedBy;
    @Column(name = "marked_at", nullable = false) public Instant markedAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "mark_criterion", joinColumns = @JoinColumn(name = "submission_id"))
    @OrderColumn(name = "position")
    @ListIndexBase(1)
    public List<Judgement> criteria = new ArrayList<>();

    @Embeddable
    public static class Judgement {
        @Column(nullable = false) public boolean met;
        public String comment;

        public Judgement() {}

        public Judgement(boolean met, String comment) {
            this.met = met;
            this.comment = comment;
        }
    }
}
