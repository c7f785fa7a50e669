package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A person, anchored by a TRN; {@code id} is the participant_id of the DfE API. */
@Entity
@Table(name = "person")
public class Person {
    @Id public UUID id;
    @Column(columnDefinition = "bpchar(7)") public String trn;
    @Column(name = "trn_verified", nullable = false) public boolean trnVerified;
    @Column(name = "full_name", nullable = false) public String fullName;
    @Column(name = "date_of_birth", nullable = false) public LocalDate dateOfBirth;
    @Column(nullable = false) public String email;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
