package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.UUID;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/**
 * Who may ask the preview about a TRN. "Previously funded" (d3) says whether a TRN had a funded place, so a preview
 * with a {@code trn} is answered only for an admin, or for a participant whose own TRN it is, as funding knows it
 * verified by the Teacher Record System (application_funding). Anyone else is refused with 403 naming the field,
 * before anything is resolved; a preview without a TRN is for every authenticated caller.
 */
@ApplicationScoped
public class PreviewTrnAccess {
    static final String NOT_ALLOWED = "Only an admin, or a participant for their own verified TRN, may preview with a '#/trn'; "
            + "leave it out to preview without the previously-funded check.";
    static final String NOT_VERIFIED = "Your TRN is not verified yet, so a preview cannot use a '#/trn'; leave it out.";
    static final String NOT_YOURS = "A participant may preview only with their own verified '#/trn'.";

    @Inject EntityManager em;
    @Inject Caller caller;

    /** Refuses (403, title "trn") a preview with a TRN the caller may not ask about; a null TRN is always allowed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void check(String trn) {
        if (trn == null || caller.hasRole(Roles.ADMIN)) return;
        UUID participant = caller.hasRole(Roles.PARTICIPANT) ? caller.participantId().orElse(null) : null;
        if (participant == null) throw forbidden(NOT_ALLOWED);
        @SuppressWarnings("unchecked")
        var verified = (java.util.List<String>) em.createNativeQuery("SELECT DISTINCT trn::text FROM application_funding "
                + "WHERE participant_id = ?1 AND trn_verified AND trn IS NOT NULL").setParameter(1, participant).getResultList();
        if (verified.isEmpty()) throw forbidden(NOT_VERIFIED);
        String asked = trn.strip();
        if (verified.stream().noneMatch(v -> v.strip().equals(asked))) throw forbidden(NOT_YOURS);
    }

    private static RuntimeException forbidden(String detail) {
        return Problems.of(403, "Forbidden", java.util.List.of(new ApiError("trn", detail)));
    }
}
