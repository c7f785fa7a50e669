package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A TRN requested from the Teacher Record System for a person who had none (e2). */
@Entity
@Table(name = "trn_request")
public class TrnRequest {
    @Id @Column(name = "request_id") public String requestId;
    @Column(name = "person_id", nullable = false) public UUID personId;
    /** pending, completed, failed */
    @Column(nullable = false) public String status;
    @Column(columnDefinition = "bpchar(7)") public String trn;
    @Column(name = "requested_at", nullable = false) public Instant requestedAt;
    @Column(name = "checked_at") public Instant checkedAt;
    @Column(name = "completed_at") public Instant completedAt;
}
