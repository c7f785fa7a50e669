package uk.npq.registration.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/** A delivery partner works with a lead provider in a cohort. */
@Entity
@Table(name = "delivery_partnership")
public class DeliveryPartnership {
    @Embeddable
    public record Key(@Column(name = "delivery_partner_id") UUID deliveryPartnerId, @Column(name = "lead_provider_id") UUID leadProviderId,
                      @Column(name = "cohort") String cohort) implements Serializable {}

    @EmbeddedId public Key key;
    @Column(name = "created_at", nullable = false) public Instant createdAt;
}
