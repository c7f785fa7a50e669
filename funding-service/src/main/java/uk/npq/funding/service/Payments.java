package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.platform.problem.Problems;

/**
 * Moving money along (c4): funding-service owns statements and decides when they move; engagement-service owns the
 * declarations and their statement items and moves them when it hears of the statement's new state
 * (StatementDefined). Here: the copy of each declaration's item facts, the nightly open -> payable move, finance's
 * authorisation (payable -> paid), and what finance may still change on an open statement.
 */
@ApplicationScoped
public class Payments {
    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final String PAID = "Adjustments can no longer be made to this statement, as it is marked as paid";

    @Inject EntityManager em;
    @Inject ReferencePublisher publisher;
    @Inject Clock clock;

    /** engagement's DeclarationStateChanged: the declaration's state and the statements of its items. Descriptive facts are kept when an older event lacks them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void declaration(DeclarationStateChanged d) {
        em.createNativeQuery("INSERT INTO declaration_state AS s (declaration_id, application_id, state, participant_id, lead_provider_id, "
                        + "course_identifier, cohort, declaration_type, declaration_date, schedule_identifier, delivery_partner_id, statement_id, "
                        + "clawback_statement_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, now()) "
                        + "ON CONFLICT (declaration_id) DO UPDATE SET state = EXCLUDED.state, "
                        + "participant_id = coalesce(EXCLUDED.participant_id, s.participant_id), "
                        + "lead_provider_id = coalesce(EXCLUDED.lead_provider_id, s.lead_provider_id), "
                        + "course_identifier = coalesce(EXCLUDED.course_identifier, s.course_identifier), cohort = coalesce(EXCLUDED.cohort, s.cohort), "
                        + "declaration_type = coalesce(EXCLUDED.declaration_type, s.declaration_type), "
                        + "declaration_date = coalesce(EXCLUDED.declaration_date, s.declaration_date), "
                        + "schedule_identifier = coalesce(EXCLUDED.schedule_identifier, s.schedule_identifier), "
                        + "delivery_partner_id = coalesce(EXCLUDED.delivery_partner_id, s.delivery_partner_id), "
                        + "statement_id = coalesce(EXCLUDED.statement_id, s.statement_id), "
                        + "clawback_statement_id = coalesce(EXCLUDED.clawback_statement_id, s.clawback_statement_id), "
                        + "created_at = coalesce(s.created_at, EXCLUDED.created_at), updated_at = now()")
                .setParameter(1, UUID.fromString(d.getDeclarationId())).setParameter(2, UUID.fromString(d.getApplicationId()))
                .setParameter(3, d.getState()).setParameter(4, uuid(d.getParticipantId())).setParameter(5, uuid(d.getLeadProviderId()))
                .setParameter(6, d.getCourseIdentifier()).setParameter(7, d.getCohort()).setParameter(8, d.getDeclarationType())
                .setParameter(9, d.getDeclarationDate() == null ? null : Timestamp.from(d.getDeclarationDate()))
                .setParameter(10, d.getScheduleIdentifier()).setParameter(11, uuid(d.getDeliveryPartnerId()))
                .setParameter(12, uuid(d.getStatementId())).setParameter(13, uuid(d.getClawbackStatementId()))
                .setParameter(14, Timestamp.from(d.getChangedAt())).executeUpdate();
    }

    /**
     * c4, every night at 00:00 Europe/London: each open statement whose deadline has passed becomes payable, its
     * contracts are frozen (copied to templates of its own), and StatementDefined tells engagement to move its
     * eligible items. One transaction: a crash moves nothing; replicas running it together move each statement once
     * (the second waits on the rows and then finds them no longer open). Returns the statements it moved.
     */
    @Transactional
    public List<UUID> markPayable() {
        LocalDate today = today();
        @SuppressWarnings("unchecked")
        List<UUID> moved = em.createNativeQuery("UPDATE statement SET state = 'payable', updated_at = now() WHERE state = 'open' "
                + "AND deadline_date < ?1 RETURNING id").setParameter(1, Date.valueOf(today)).getResultList();
        for (UUID id : moved) freezeContracts(id);
        if (!moved.isEmpty()) publisher.publishChanges();
        return moved;
    }

    /** The statement's contract terms become templates of its own, so a later change of the live contract cannot touch it. */
    void freezeContracts(UUID statementId) {
        @SuppressWarnings("unchecked")
        List<String> courses = em.createNativeQuery("SELECT course_identifier FROM statement_terms WHERE statement_id = ?1 "
                + "AND contract_template_id IS NULL").setParameter(1, statementId).getResultList();
        for (String course : courses) newTemplate(statementId, statementId, course, null);
    }

    /** Points {@code target}'s contract for the course at a new template: {@code source}'s terms, with perParticipant if given. */
    private void newTemplate(UUID target, UUID source, String course, BigDecimal perParticipant) {
        UUID template = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO contract_template (id, recruitment_target, per_participant, output_payment_percentage, "
                        + "number_of_payment_periods, service_fee_percentage, service_fee_installments, monthly_service_fee, "
                        + "targeted_delivery_funding_per_participant, special_course, created_at) SELECT ?1, recruitment_target, "
                        + "coalesce(CAST(?4 AS numeric), per_participant), output_payment_percentage, number_of_payment_periods, "
                        + "service_fee_percentage, service_fee_installments, monthly_service_fee, targeted_delivery_funding_per_participant, "
                        + "special_course, now() FROM statement_terms WHERE statement_id = ?2 AND course_identifier = ?3")
                .setParameter(1, template).setParameter(2, source).setParameter(3, course).setParameter(4, perParticipant).executeUpdate();
        em.createNativeQuery("INSERT INTO statement_contract (statement_id, course_identifier, contract_template_id) VALUES (?1, ?2, ?3) "
                        + "ON CONFLICT (statement_id, course_identifier) DO UPDATE SET contract_template_id = EXCLUDED.contract_template_id")
                .setParameter(1, target).setParameter(2, course).setParameter(3, template).executeUpdate();
    }

    /**
     * c4: finance authorises payment of a payable output-fee statement whose deadline has passed, not already marked,
     * with at least one declaration. It is stamped marked_as_paid_at and becomes paid; engagement then makes its payable
     * declarations paid and its awaiting_clawback ones clawed_back. Refused with 422 naming why.
     */
    @Transactional
    public Instant authorisePayment(UUID statementId) {
        Object[] s = lockStatement(statementId);
        boolean outputFee = (Boolean) s[0];
        String state = (String) s[1];
        LocalDate deadline = s[2] instanceof Date d ? d.toLocalDate() : (LocalDate) s[2];
        var errors = Problems.errors();
        if (s[3] != null) errors.add("statement", "The statement is already marked as paid.");
        else if (!"payable".equals(state)) errors.add("statement", "Only a payable statement can be authorised for payment: this one is " + state + ".");
        if (!outputFee) errors.add("statement", "Only an output fee statement can be authorised for payment.");
        if (!deadline.isBefore(today())) errors.add("statement", "The statement's deadline (" + deadline + ") has not passed.");
        Number declarations = (Number) em.createNativeQuery("SELECT (SELECT count(*) FROM declaration_state WHERE statement_id = ?1) "
                + "+ (SELECT count(*) FROM declaration_state WHERE clawback_statement_id = ?1)").setParameter(1, statementId).getSingleResult();
        if (declarations.longValue() == 0) errors.add("statement", "The statement has no declarations to pay.");
        errors.throwIfAny();
        Instant now = clock.instant();
        em.createNativeQuery("UPDATE statement SET marked_as_paid_at = ?2, state = 'paid', updated_at = now() WHERE id = ?1")
                .setParameter(1, statementId).setParameter(2, Timestamp.from(now)).executeUpdate();
        publisher.publishChanges();
        return now;
    }

    /** Change an open statement's deadline or payment date (the DfE's texts); engagement's copy follows. */
    @Transactional
    public void changeDates(UUID statementId, LocalDate deadline, LocalDate payment) {
        Object[] s = lockStatement(statementId);
        requireOpen((String) s[1]);
        var errors = Problems.errors();
        if (deadline == null) errors.add("deadline_date", "Declaration deadline can't be blank");
        if (payment == null) errors.add("payment_date", "Output payment date can't be blank");
        if (deadline != null && payment != null && deadline.isAfter(payment)) {
            errors.add("deadline_date", "Declaration deadline cannot be after the Output payment date");
            errors.add("payment_date", "Output payment date cannot be before the Declaration deadline");
        }
        errors.throwIfAny();
        em.createNativeQuery("UPDATE statement SET deadline_date = ?2, payment_date = ?3, updated_at = now() WHERE id = ?1")
                .setParameter(1, statementId).setParameter(2, Date.valueOf(deadline)).setParameter(3, Date.valueOf(payment)).executeUpdate();
        publisher.publishChanges();
    }

    /**
     * Change a contract's per_participant from this statement on (docs/npq_contracts.md, copy on write): this open
     * statement and every later open one of the provider and cohort get a new template with the price (2 dp); earlier
     * open statements keep the price they had, payable and paid ones their frozen templates. Returns how many statements.
     */
    @Transactional
    public int changePerParticipant(UUID statementId, String course, BigDecimal perParticipant) {
        Object[] s = lockStatement(statementId);
        requireOpen((String) s[1]);
        if (perParticipant == null || perParticipant.signum() <= 0)
            throw Problems.unprocessable("per_participant", "per_participant must be an amount in pounds above 0");
        BigDecimal price = perParticipant.setScale(2, RoundingMode.HALF_UP);
        if (price.signum() <= 0) throw Problems.unprocessable("per_participant", "per_participant must be an amount in pounds above 0");
        Number has = (Number) em.createNativeQuery("SELECT count(*) FROM statement_terms WHERE statement_id = ?1 AND course_identifier = ?2")
                .setParameter(1, statementId).setParameter(2, course).getSingleResult();
        if (has.intValue() == 0) throw Problems.unprocessable("course_identifier", "The statement has no contract for " + course + ".");
        @SuppressWarnings("unchecked")
        List<Object[]> statements = em.createNativeQuery("SELECT o.id, (o.year, o.month) >= (s.year, s.month) FROM statement s "
                + "JOIN statement o ON o.lead_provider_id = s.lead_provider_id AND o.cohort = s.cohort WHERE s.id = ?1 AND o.state = 'open' "
                + "ORDER BY o.id FOR UPDATE OF o").setParameter(1, statementId).getResultList();
        int changed = 0;
        for (Object[] o : statements) {
            UUID id = (UUID) o[0];
            if ((Boolean) o[1]) {
                newTemplate(id, id, course, price);
                changed++;
            } else if (em.createNativeQuery("SELECT 1 FROM statement_contract WHERE statement_id = ?1 AND course_identifier = ?2")
                    .setParameter(1, id).setParameter(2, course).getResultList().isEmpty()) {
                newTemplate(id, id, course, null); // keeps the price it had before the live contract changes
            }
        }
        // statements created later (imports) follow the live contract, which now has the new price
        em.createNativeQuery("UPDATE contract c SET per_participant = ?3, updated_at = now() FROM statement s WHERE s.id = ?1 "
                + "AND c.lead_provider_id = s.lead_provider_id AND c.cohort = s.cohort AND c.course_identifier = ?2")
                .setParameter(1, statementId).setParameter(2, course).setParameter(3, price).executeUpdate();
        return changed;
    }

    // ------------------------------------------------------------------------------------------------ adjustments
    /** Adds an adjustment (description, non-zero amount) to an unpaid statement; returns its id. */
    @Transactional
    public UUID addAdjustment(UUID statementId, String description, String amount) {
        Object[] s = lockStatement(statementId);
        if ("paid".equals(s[1])) throw Problems.unprocessable("statement", PAID);
        BigDecimal value = adjustment(description, amount);
        UUID id = UUID.randomUUID();
        em.createNativeQuery("INSERT INTO adjustment (id, statement_id, description, amount, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, now(), now())")
                .setParameter(1, id).setParameter(2, statementId).setParameter(3, description.strip()).setParameter(4, value).executeUpdate();
        return id;
    }

    @Transactional
    public void changeAdjustment(UUID statementId, UUID adjustmentId, String description, String amount) {
        Object[] s = lockStatement(statementId);
        requireAdjustment(statementId, adjustmentId);
        if ("paid".equals(s[1])) throw Problems.unprocessable("statement", PAID);
        BigDecimal value = adjustment(description, amount);
        em.createNativeQuery("UPDATE adjustment SET description = ?2, amount = ?3, updated_at = now() WHERE id = ?1")
                .setParameter(1, adjustmentId).setParameter(2, description.strip()).setParameter(3, value).executeUpdate();
    }

    @Transactional
    public void removeAdjustment(UUID statementId, UUID adjustmentId) {
        Object[] s = lockStatement(statementId);
        requireAdjustment(statementId, adjustmentId);
        if ("paid".equals(s[1])) throw Problems.unprocessable("statement", PAID);
        em.createNativeQuery("DELETE FROM adjustment WHERE id = ?1").setParameter(1, adjustmentId).executeUpdate();
    }

    /** The DfE's adjustment rules and texts: a description, and an amount that is a number of pounds, not zero. */
    static BigDecimal adjustment(String description, String amount) {
        var errors = Problems.errors();
        if (description == null || description.isBlank()) errors.add("description", "You must enter a description for the adjustment");
        else if (description.strip().length() > 500) errors.add("description", "The description can be at most 500 characters");
        BigDecimal value = null;
        if (amount == null || amount.isBlank()) {
            errors.add("amount", "You must enter an adjustment amount");
        } else if (!amount.strip().matches("-?\\d{1,10}(\\.\\d{1,2})?")) {
            errors.add("amount", "You can only enter numeric values in the adjustment amount field");
        } else {
            value = new BigDecimal(amount.strip());
            if (value.signum() == 0) errors.add("amount", "The adjustment amount cannot be zero");
        }
        errors.throwIfAny();
        return value;
    }

    private void requireAdjustment(UUID statementId, UUID adjustmentId) {
        if (em.createNativeQuery("SELECT 1 FROM adjustment WHERE id = ?1 AND statement_id = ?2").setParameter(1, adjustmentId)
                .setParameter(2, statementId).getResultList().isEmpty()) throw Problems.notFound();
    }

    // ------------------------------------------------------------------------------------------------
    /** {output_fee, state, deadline_date, marked_as_paid_at} of the statement, locked for this change; 404 when there is none. */
    private Object[] lockStatement(UUID statementId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT output_fee, state, deadline_date, marked_as_paid_at FROM statement WHERE id = ?1 FOR UPDATE")
                .setParameter(1, statementId).getResultList();
        if (rows.isEmpty()) throw Problems.notFound();
        return rows.get(0);
    }

    private static void requireOpen(String state) {
        if ("payable".equals(state)) throw Problems.unprocessable("statement", "Statement cannot be changed once it is payable");
        if ("paid".equals(state)) throw Problems.unprocessable("statement", "Statement cannot be changed once it is paid");
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(LONDON));
    }

    static Instant instant(Object o) {
        if (o == null) return null;
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        return ((Timestamp) o).toInstant();
    }

    private static UUID uuid(String s) {
        return s == null ? null : UUID.fromString(s);
    }
}
