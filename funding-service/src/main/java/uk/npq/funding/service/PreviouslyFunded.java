package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;

/**
 * funding's copy of "previously funded" (d3). registration-service judges it (it holds acceptances, funded places, people
 * and their verified TRNs, under its per-person lock) and sends it with ApplicationSubmitted (the engine's input),
 * ApplicationAccepted and PreviouslyFundedChanged; funding keeps it per application for the decision it shows. A preview
 * has no application: it asks whether a verified holder of the TRN has a funded place in the family.
 */
@ApplicationScoped
public class PreviouslyFunded {
    @Inject EntityManager em;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(UUID application, boolean previouslyFunded) {
        em.createNativeQuery("UPDATE application_funding SET previously_funded = :pf, updated_at = now() WHERE application_id = :id")
                .setParameter("pf", previouslyFunded).setParameter("id", application).executeUpdate();
    }

    /** The judgement of an application as last heard (false for one funding has not heard of). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean stored(UUID application) {
        List<?> rows = em.createNativeQuery("SELECT previously_funded FROM application_funding WHERE application_id = :id")
                .setParameter("id", application).getResultList();
        return !rows.isEmpty() && Boolean.TRUE.equals(rows.get(0));
    }

    /** Of these applications, the ones judged previously funded, in one query (for lists). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Set<UUID> storedOf(List<UUID> applications) {
        if (applications.isEmpty()) return java.util.Set.of();
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT application_id FROM application_funding WHERE application_id IN (:ids) AND previously_funded")
                .setParameter("ids", applications).getResultList();
        return rows.stream().map(r -> (UUID) r).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * For a preview (no application yet): another application in the family, accepted, eligible, funded_place null or
     * true, held by a verified holder of this TRN. A typed TRN nobody verified matches nothing.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean ofVerifiedTrn(String trn, String courseFamily) {
        if (trn == null || trn.isBlank()) return false;
        return !em.createNativeQuery("SELECT 1 FROM application_funding o WHERE o.trn = :trn AND o.trn_verified AND o.course_family = :family "
                        + "AND o.accepted AND o.eligible_for_funding AND coalesce(o.funded_place, true) LIMIT 1")
                .setParameter("trn", trn.trim()).setParameter("family", courseFamily).getResultList().isEmpty();
    }
}
