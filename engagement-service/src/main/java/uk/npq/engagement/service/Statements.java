package uk.npq.engagement.service;

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

    @Transactional(Transactional.TxType.MANDATORY)
    public void statement(StatementDefined s) {
        em.createNativeQuery("INSERT INTO statement (id, lead_provider_id, cohort, year, month, deadline_date, payment_date, output_fee, "
                        + "state, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, now()) ON CONFLICT (id) DO UPDATE SET "
                        + "deadline_date = EXCLUDED.deadline_date, payment_date = EXCLUDED.payment_date, output_fee = EXCLUDED.output_fee, "
                        + "state = EXCLUDED.state, updated_at = now()")
                .setParameter(1, UUID.fromString(s.getStatementId())).setParameter(2, UUID.fromString(s.getLeadProviderId()))
                .setParameter(3, s.getCohort()).setParameter(4, s.getYear()).setParameter(5, s.getMonth())
                .setParameter(6, s.getDeadlineDate()).setParameter(7, s.getPaymentDate()).setParameter(8, s.getOutputFee())
                .setParameter(9, s.getState().name()).executeUpdate();
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
