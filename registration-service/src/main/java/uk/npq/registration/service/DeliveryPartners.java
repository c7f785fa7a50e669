package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.DeliveryPartnerChanged;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.repository.DeliveryPartner;

/** Delivery partners (admin-managed) and their partnerships with lead providers per cohort. */
@ApplicationScoped
public class DeliveryPartners {
    @Inject EntityManager em;
    @Inject Clock clock;
    @Inject Outbox outbox;

    /** A partnership: this partner works with the lead provider in the cohort. */
    public record Partnership(UUID leadProviderId, String cohort) {}

    /** Creates or renames a partner and replaces its partnerships; names are unique whatever their case. */
    @Transactional
    public DeliveryPartner save(UUID id, String name, List<Partnership> partnerships) {
        var errors = Problems.errors();
        if (name == null || name.isBlank()) errors.add("name", "Enter a '#/name'.");
        else if (name.strip().length() > 200) errors.add("name", "The '#/name' must be 200 characters or fewer.");
        for (Partnership p : partnerships) {
            if (p.leadProviderId() == null) errors.add("partnerships", "Each partnership needs a '#/lead_provider_id'.");
            if (p.cohort() == null || !p.cohort().matches("^20[2-9][0-9][a-z]$"))
                errors.add("partnerships", "Each partnership needs a '#/cohort' identifier such as 2026b.");
        }
        errors.throwIfAny();
        Long clash = em.createQuery("select count(d) from DeliveryPartner d where lower(d.name) = lower(?1) and d.id <> ?2", Long.class)
                .setParameter(1, name.strip()).setParameter(2, id).getSingleResult();
        if (clash > 0) throw Problems.unprocessable("name", "A delivery partner with this '#/name' already exists.");
        Instant now = clock.instant();
        DeliveryPartner dp = em.find(DeliveryPartner.class, id);
        boolean created = dp == null;
        if (created) {
            dp = new DeliveryPartner();
            dp.id = id;
            dp.createdAt = now;
            dp.name = name.strip();
            dp.updatedAt = now;
            em.persist(dp);
            em.flush();
        }
        Set<Partnership> wanted = new java.util.HashSet<>(partnerships);
        Set<Partnership> current = new java.util.HashSet<>(partnerships(id));
        boolean changed = !dp.name.equals(name.strip()) || !wanted.equals(current);
        dp.name = name.strip();
        if (changed) {
            em.createNativeQuery("DELETE FROM delivery_partnership WHERE delivery_partner_id = ?1").setParameter(1, id).executeUpdate();
            for (Partnership p : wanted) {
                em.createNativeQuery("INSERT INTO delivery_partnership (delivery_partner_id, lead_provider_id, cohort, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4)").setParameter(1, id).setParameter(2, p.leadProviderId()).setParameter(3, p.cohort())
                        .setParameter(4, now).executeUpdate();
            }
            dp.updatedAt = now;
        }
        if (changed || created) {
            em.flush();
            var event = DeliveryPartnerChanged.newBuilder().setEventId("").setOccurredAt(now).setAggregateId("")
                    .setDeliveryPartnerId(id.toString()).setName(dp.name).setChangedAt(now)
                    .setPartnerships(partnerships(id).stream().map(p -> uk.npq.contracts.registration.Partnership.newBuilder()
                            .setLeadProviderId(p.leadProviderId().toString()).setCohort(p.cohort()).build()).toList()).build();
            outbox.publish(Topics.DELIVERY_PARTNER, "delivery-partner", id.toString(), event);
        }
        return dp;
    }

    @Transactional
    public boolean exists(UUID id) {
        return em.find(DeliveryPartner.class, id) != null;
    }

    public List<Partnership> partnerships(UUID deliveryPartnerId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT lead_provider_id, cohort FROM delivery_partnership WHERE delivery_partner_id = ?1 "
                + "ORDER BY cohort, lead_provider_id").setParameter(1, deliveryPartnerId).getResultList();
        return rows.stream().map(r -> new Partnership((UUID) r[0], (String) r[1])).toList();
    }

    /** The start years (sorted) in which this partner works with the lead provider. */
    public List<String> cohortYears(UUID deliveryPartnerId, UUID leadProviderId) {
        Set<String> years = new TreeSet<>();
        for (Partnership p : partnerships(deliveryPartnerId)) if (p.leadProviderId().equals(leadProviderId)) years.add(p.cohort().substring(0, 4));
        return List.copyOf(years);
    }

    /**
     * The lead provider's partners, optionally only those partnering in one of the cohort start years, in the
     * DfE sort (name, created_at, updated_at, each with an optional '-'; default name), then id.
     */
    public List<DeliveryPartner> forLeadProvider(UUID leadProviderId, List<String> cohortYears, List<String> sort, int page, int perPage) {
        StringBuilder order = new StringBuilder();
        for (String s : sort) {
            boolean desc = s.startsWith("-");
            String field = desc ? s.substring(1) : s;
            String column = switch (field) { case "created_at" -> "d.createdAt"; case "updated_at" -> "d.updatedAt"; default -> "lower(d.name)"; };
            order.append(column).append(desc ? " desc, " : " asc, ");
        }
        if (order.isEmpty()) order.append("lower(d.name) asc, ");
        String years = cohortYears.isEmpty() ? "" : " and substring(p.key.cohort, 1, 4) in :years";
        var q = em.createQuery("from DeliveryPartner d where d.id in (select p.key.deliveryPartnerId from DeliveryPartnership p "
                + "where p.key.leadProviderId = :lp" + years + ") order by " + order + "d.id", DeliveryPartner.class)
                .setParameter("lp", leadProviderId);
        if (!cohortYears.isEmpty()) q.setParameter("years", cohortYears);
        long first = (page - 1L) * perPage;
        if (first > Integer.MAX_VALUE) return List.of();
        return q.setFirstResult((int) first).setMaxResults(perPage).getResultList();
    }
}
