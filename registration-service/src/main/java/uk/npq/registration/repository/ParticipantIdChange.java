package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A participant id retired by a merge: {@code from} answers 410 Gone and names {@code to}. */
@Entity
@Table(name = "participant_id_change")
public class ParticipantIdChange {
    @Id public UUID id;
    @Column(name = "person_id", nullable = false) public UUID personId;
    @Column(name = "from_participant_id", nullable = false) public UUID fromParticipantId;
    @Column(name = "to_participant_id", nullable = false) public UUID toParticipantId;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
}
