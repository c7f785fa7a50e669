package uk.npq.engagement.service;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import uk.npq.contracts.assessment.ResultFinalised;
import uk.npq.engagement.domain.Engagement;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EnrolmentHub;
import uk.npq.platform.problem.ApiError;

/**
 * Declarations derived from evidence, for the lead providers that turned them on: started at the first attended
 * session, retained-1 and retained-2 once the schedule's milestone date has passed with engagement on track, completed
 * when a marking outcome arrives and engagement meets the threshold. Each derivation is claimed once per application
 * and milestone in the transaction that saw the evidence (table derived_declaration, status pending), then submitted
 * through {@link DeclarationService#submit} with derived = true in a transaction of its own, so the same rules apply
 * and a refusal is recorded with the rules' reasons instead of failing whatever brought the evidence.
 */
@ApplicationScoped
public class DerivedDeclarations {
    private static final Logger LOG = Logger.getLogger(DerivedDeclarations.class);
    static final int BATCH = 500;

    @Inject EntityManager em;
    @Inject DeclarationService declarations;
    @Inject Engagements engagements;
    @Inject Clock clock;

    /** Whether the lead provider derives declarations (off unless an admin turned it on). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enabled(UUID leadProvider) {
        return !em.createNativeQuery("SELECT 1 FROM derived_declaration_setting WHERE lead_provider_id = ?1 AND enabled")
                .setParameter(1, leadProvider).getResultList().isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ evidence
    /**
     * started: after an upload, each of these applications of a deriving provider that now has an attended session
     * and no started derivation yet is claimed, dated its earliest attended session (never in the future).
     *
     * @return the applications claimed, to submit once the upload has committed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<UUID> attendanceRecorded(Collection<UUID> applications) {
        if (applications.isEmpty()) return List.of();
        @SuppressWarnings("unchecked")
        List<Object[]> first = em.createNativeQuery("SELECT a.application_id, min(s.scheduled_at) FROM attendance a "
                        + "JOIN session s ON s.id = a.session_id JOIN enrolment e ON e.application_id = a.application_id "
                        + "JOIN derived_declaration_setting ds ON ds.lead_provider_id = e.lead_provider_id AND ds.enabled "
                        + "WHERE a.attended AND a.application_id = ANY(string_to_array(?1, ',')::uuid[]) AND NOT EXISTS ("
                        + "SELECT 1 FROM derived_declaration d WHERE d.application_id = a.application_id AND d.declaration_type = 'started') "
                        + "GROUP BY a.application_id ORDER BY a.application_id")
                .setParameter(1, applications.stream().map(UUID::toString).collect(Collectors.joining(","))).getResultList();
        Instant now = clock.instant();
        List<UUID> claimed = new ArrayList<>();
        for (Object[] r : first) {
            Instant earliest = Engagements.instant(r[1]);
            Enrolment en = em.find(Enrolment.class, r[0]);
            if (claim(en, "started", "attendance", earliest.isAfter(now) ? now : earliest, null)) claimed.add(en.applicationId);
        }
        return claimed;
    }

    /**
     * retained-1 and retained-2: active enrolments of deriving providers whose schedule allows the type and whose
     * milestone date (table milestone) is before today (London), with a hub of record, not yet derived, and engagement
     * on track: not at risk and the to-date percentage at least the threshold. Dated the milestone date (start of day,
     * London). Enrolments not on track are looked at again on the next run.
     */
    @Transactional
    public int claimMilestones() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, DeclarationService.LONDON);
        @SuppressWarnings("unchecked")
        List<Object[]> due = em.createNativeQuery("SELECT e.application_id, m.declaration_type, m.milestone_date FROM enrolment e "
                        + "JOIN derived_declaration_setting ds ON ds.lead_provider_id = e.lead_provider_id AND ds.enabled "
                        + "JOIN enrolment_hub h ON h.application_id = e.application_id "
                        + "JOIN schedule sc ON sc.cohort = e.cohort AND sc.identifier = e.schedule_identifier "
                        + "JOIN milestone m ON m.cohort = e.cohort AND m.schedule_identifier = e.schedule_identifier "
                        + "AND m.declaration_type IN ('retained-1', 'retained-2') AND m.declaration_type = ANY(sc.allowed_declaration_types) "
                        + "WHERE e.status = 'accepted' AND e.training_status = 'active' AND m.milestone_date < ?1 AND NOT EXISTS ("
                        + "SELECT 1 FROM derived_declaration d WHERE d.application_id = e.application_id AND d.declaration_type = m.declaration_type) "
                        + "ORDER BY e.application_id, m.declaration_type")
                .setParameter(1, today).getResultList();
        int claimed = 0;
        for (Object[] r : due) {
            Enrolment en = em.find(Enrolment.class, r[0]);
            if (!onTrack(engagements.calculate(en, now).engagement())) continue;
            LocalDate milestone = Engagements.localDate(r[2]);
            if (claim(en, (String) r[1], "milestone", milestone.atStartOfDay(DeclarationService.LONDON).toInstant(), null)) claimed++;
        }
        return claimed;
    }

    /**
     * completed: an assessment result became final (assessment-service's ResultFinalised: marking, moderation or an
     * upheld appeal) for an enrolment of a deriving provider whose engagement meets the threshold; has_passed from
     * the result, dated the completion date (start of day, London). A final result exists before any completed
     * declaration (the outcome it makes waits for one), and nothing a declaration causes finalises a result again,
     * so a derived declaration never derives another; one completed derivation per application, ever.
     *
     * @return whether a completed derivation was claimed
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean resultFinalised(ResultFinalised o) {
        if (!List.of("pass", "fail").contains(o.getFinalResult())) return false;
        Enrolment en = em.find(Enrolment.class, UUID.fromString(o.getApplicationId()));
        if (en == null || !"accepted".equals(en.status) || en.leadProviderId == null || !enabled(en.leadProviderId)) return false;
        if (!engagements.calculate(en, clock.instant()).engagement().meetsThreshold()) {
            LOG.infof("completed not derived for application %s: engagement below the threshold", en.applicationId);
            return false;
        }
        return claim(en, "completed", "outcome", o.getCompletionDate().atStartOfDay(DeclarationService.LONDON).toInstant(),
                "pass".equals(o.getFinalResult()));
    }

    /** On track for a retention milestone: not at risk, and attended to date at least the threshold. */
    static boolean onTrack(Engagement e) {
        BigDecimal toDate = e.percentToDate();
        return !e.atRisk() && toDate != null && toDate.compareTo(e.threshold()) >= 0;
    }

    /** Claims the derivation unless one was ever claimed for the application and type; the hub of record as partner where f5 needs one. */
    private boolean claim(Enrolment en, String type, String evidence, Instant date, Boolean hasPassed) {
        EnrolmentHub hub = em.find(EnrolmentHub.class, en.applicationId);
        UUID dp = hub != null && DeclarationService.deliveryPartnerRequired(en) ? hub.deliveryPartnerId : null;
        return em.createNativeQuery("INSERT INTO derived_declaration (application_id, declaration_type, lead_provider_id, evidence, "
                        + "declaration_date, has_passed, delivery_partner_id, status, claimed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8) "
                        + "ON CONFLICT (application_id, declaration_type) DO NOTHING")
                .setParameter(1, en.applicationId).setParameter(2, type).setParameter(3, en.leadProviderId).setParameter(4, evidence)
                .setParameter(5, date).setParameter(6, hasPassed).setParameter(7, dp).setParameter(8, clock.instant())
                .executeUpdate() > 0;
    }

    // ------------------------------------------------------------------------------------------------ submitting
    /**
     * Submits the pending derivations of these applications (of any, when null), each in a transaction of its own.
     * Never throws: what fails for another reason than the rules stays pending for the job's next run.
     *
     * @return how many were derived or refused
     */
    public int process(Collection<UUID> applications) {
        if (applications != null && applications.isEmpty()) return 0;
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> pending = QuarkusTransaction.requiringNew().call(() -> {
                var q = em.createNativeQuery("SELECT application_id, declaration_type FROM derived_declaration WHERE status = 'pending' "
                        + (applications == null ? "" : "AND application_id = ANY(string_to_array(?1, ',')::uuid[]) ")
                        + "ORDER BY claimed_at LIMIT " + BATCH);
                if (applications != null) q.setParameter(1, applications.stream().map(UUID::toString).collect(Collectors.joining(",")));
                return q.getResultList();
            });
            int done = 0;
            for (Object[] p : pending) {
                if (processOne((UUID) p[0], (String) p[1])) done++;
            }
            return done;
        } catch (RuntimeException e) {
            LOG.warnf("derived declarations left pending for the next run: %s", e.getClass().getSimpleName());
            return 0;
        }
    }

    private boolean processOne(UUID application, String type) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("SELECT lead_provider_id, declaration_date, has_passed, delivery_partner_id "
                            + "FROM derived_declaration WHERE application_id = ?1 AND declaration_type = ?2 AND status = 'pending' "
                            + "FOR UPDATE SKIP LOCKED").setParameter(1, application).setParameter(2, type).getResultList();
            if (rows.isEmpty()) return false; // done meanwhile, or being done by another run
            Object[] r = rows.get(0);
            Enrolment en = em.find(Enrolment.class, application);
            var submission = new uk.npq.engagement.domain.DeclarationRequest(en.participantId.toString(), type,
                    DateTimeFormatter.ISO_INSTANT.format(Engagements.instant(r[1]).truncatedTo(ChronoUnit.SECONDS)),
                    en.courseIdentifier, r[2], r[3] == null ? null : r[3].toString(), null);
            UUID declaration = null;
            String reason = null;
            try {
                declaration = QuarkusTransaction.requiringNew().call(() -> declarations.submit((UUID) r[0], submission, null, true)
                        .declaration().id);
            } catch (HttpProblem refused) {
                reason = reasons(refused);
            }
            em.createNativeQuery("UPDATE derived_declaration SET status = ?3, declaration_id = ?4, reason = ?5, processed_at = ?6 "
                            + "WHERE application_id = ?1 AND declaration_type = ?2")
                    .setParameter(1, application).setParameter(2, type).setParameter(3, declaration != null ? "derived" : "refused")
                    .setParameter(4, declaration).setParameter(5, reason).setParameter(6, clock.instant()).executeUpdate();
            LOG.infof("%s for application %s %s", type, application, declaration != null ? "derived" : "refused by the declaration rules");
            return true;
        });
    }

    /** The rules' errors as "attribute: text" pairs (DfE texts and ids only). */
    static String reasons(HttpProblem p) {
        if (p.getParameters().get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            return errors.stream().map(e -> e instanceof ApiError a ? a.title() + ": " + a.detail() : String.valueOf(e))
                    .collect(Collectors.joining("; "));
        }
        return p.getStatusCode() + " " + p.getTitle();
    }
}
