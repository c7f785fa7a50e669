package uk.npq.engagement.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** The hub of record of an enrolment: the delivery partner whose sessions count for the participant. */
@Entity
@Table(name = "enrolment_hub")
public class EnrolmentHub {
    @Id @Column(name = "application_id") public UUID applicationId;
    @Column(name = "delivery_partner_id", nullable = false) public UUID deliveryPartnerId;
    @Column(name = "assigned_at", nullable = false) public Instant assignedAt;
}
