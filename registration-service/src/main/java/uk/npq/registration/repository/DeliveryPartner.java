package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A delivery partner (admin-managed); its partnerships with lead providers per cohort are rows of delivery_partnership. */
@Entity
@Table(name = "delivery_partner")
public class DeliveryPartner {
    @Id public UUID id;
    @Column(nullable = false) public String name;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
    @Column(name = "updated_at", nullable = false) public Instant updatedAt;
}
