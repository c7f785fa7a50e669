package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** Whether an enrolment's participant attended a session, and for how many minutes (live sessions). */
@Entity
@Table(name = "attendance")
public class Attendance {
    @EmbeddedId public Key id;
    @Column(nullable = false) public boolean attended;
    @Column public Integer minutes;
    @Column(name = "upload_id", nullable = false) public UUID uploadId;
    @Column(name = "recorded_at", nullable = false) public Instant recordedAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;

    @Embeddable
    public record Key(@Column(name = "session_id") UUID sessionId, @Column(name = "application_id") UUID applicationId)
            implements Serializable {}
}
