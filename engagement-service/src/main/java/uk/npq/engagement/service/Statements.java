package uk.npq.engagement.service;

import uk.npq.platform.persistence.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.contracts.funding.StatementDefined;

/**
 * The copy of funding-service's statements (its contracts are platform's {@code ContractCopies}), and the
 * question the declaration rules ask of it: which is the lead provider's next output-fee statement for the cohort (open, output fee, deadline today or later in Europe/London,
 * earliest deadline first: c3, f5 rule 8).
 */
@ApplicationScoped
public class Statements {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Inject EntityManager em;
    @Inject Clock clock;
    @Inject StatementItems items;

    @Transactional(Transactional.TxType.MANDATORY)
    public void statement(StatementDefined s) {
        em.createNativeQuery("INSERT INTO statement (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, "
                        + "state, marked_as_paid_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, now()) ON CONFLICT (id) DO UPDATE SET "
                        + "deadline_date = EXCLUDED.deadline_date, payment_date = EXCLUDED.payment_date, output_fee = EXCLUDED.output_fee, "
                        + "state = EXCLUDED.state, marked_as_paid_at = EXCLUDED.marked_as_paid_at, updated_at = now()")
                .setParameter(1, UUID.fromString(s.getStatementId())).setParameter(2, UUID.fromString(s.getLeadProviderId()))
                .setParameter(3, s.getCohort()).setParameter(4, s.getYear()).setParameter(5, s.getMonth())
                .setParameter(6, s.getDeadlineDate()).setParameter(7, s.getPaymentDate()).setParameter(8, s.getOutputFee())
                .setParameter(9, s.getState().name())
                .setParameter(10, s.getMarkedAsPaidAt() == null ? null : java.sql.Timestamp.from(s.getMarkedAsPaidAt())).executeUpdate();
        items.statementMoved(UUID.fromString(s.getStatementId()), s.getState().name(), clock.instant());
    }

    /**
     * f5 rule 8 and c3, the one rule for "which statement": the lead provider's next output-fee statement for the cohort,
     * claimed for an item (a shared lock that a statement's move waits for, taken before checking it is still open, so an
     * item never lands on a statement that has moved on). Empty: there is none, and the request is refused.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<UUID> claimNextOutputFee(UUID leadProviderId, String cohort) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<UUID> next = nextOutputFee(leadProviderId, cohort);
            if (next.isEmpty()) return next;
            AdvisoryLocks.shared(em, lockKey(next.get()));
            Number open = (Number) em.createNativeQuery("SELECT count(*) FROM statement WHERE id = ?1 AND state = 'open'")
                    .setParameter(1, next.get()).getSingleResult();
            if (open.intValue() == 1) return next;
        }
        return Optional.empty();
    }

    static String lockKey(UUID statementId) {
        return "statement:" + statementId;
    }

    public Optional<UUID> nextOutputFee(UUID leadProviderId, String cohort) {
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery("SELECT id FROM statement WHERE lead_provider_id = ?1 AND cohort = ?2 AND output_fee "
                        + "AND state = 'open' AND deadline_date >= ?3 ORDER BY deadline_date, year, month LIMIT 1")
                .setParameter(1, leadProviderId).setParameter(2, cohort).setParameter(3, LocalDate.now(clock.withZone(LONDON)))
                .getResultList();
        return ids.stream().findFirst();
    }
}
