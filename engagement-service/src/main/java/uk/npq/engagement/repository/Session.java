package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A session a delivery partner runs: face_to_face, webinar or self_directed_study_unit, with a weight. */
@Entity
@Table(name = "session")
public class Session {
    @Id public UUID id;
    @Column(name = "lead_provider_id", nullable = false) public UUID leadProviderId;
    @Column(name = "delivery_partner_id", nullable = false) public UUID deliveryPartnerId;
    @Column(name = "course_identifier", nullable = false) public String courseIdentifier;
    @Column(nullable = false) public String cohort;
    @Column(nullable = false) public String kind;
    @Column(nullable = false) public String title;
    @Column(name = "scheduled_at", nullable = false) public Instant scheduledAt;
    @Column(nullable = false) public int weight;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
