package uk.npq.engagement.service;

import uk.npq.platform.persistence.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;
import uk.npq.engagement.repository.Declaration;

/**
 * Statement items (c3, c4): a declaration that leaves {@code submitted} is put on a statement (its billing
 * item), a paid one that is voided gets a refund item on the next statement, and the items and their
 * declarations move along with the statement: {@code open -> payable} makes eligible ones payable,
 * {@code payable -> paid} makes payable ones paid and awaiting_clawback ones clawed_back.
 *
 * <p>Races: a declaration is attached, or a refund added, under a shared lock on the statement, after checking
 * it is still open; a move holds the exclusive lock, so no item lands on a statement while it moves. A void
 * and a move of the same declaration meet on the declaration's row: the move changes only rows still in the
 * state it moves from, so a declaration voided first is not paid, and one paid first is clawed back.
 */
@ApplicationScoped
public class StatementItems {
    @Inject EntityManager em;
    @Inject DeclarationEvents events;
    @Inject Event<Moved> moved;

    /** Fired inside the move's transaction after each step, with how many declarations the step moved. */
    public record Moved(UUID statementId, String toState, int declarations) {}

    /**
     * A new declaration and, when it has a statement ({@code statementId}, already claimed open: it was made eligible or
     * ineligible), its billing item, in one statement. The partial unique index {@code declaration_one_billable} refuses a
     * second billable declaration of the milestone here.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insertWithBillingItem(Declaration d) {
        // a JDBC statement through the session's preparer (SessionSql: traced like the rest, without Hibernate's native-query work)
        Map<String, Object> v = new HashMap<>();
        v.put("id", d.id);
        v.put("application", d.applicationId);
        v.put("participant", d.participantId);
        v.put("lp", d.leadProviderId);
        v.put("course", d.courseIdentifier);
        v.put("cohort", d.cohort);
        v.put("type", d.declarationType);
        v.put("date", utc(d.declarationDate));
        v.put("state", d.state);
        v.put("reason", d.stateReason);
        v.put("supersededBy", d.supersededById);
        v.put("dp", d.deliveryPartnerId);
        v.put("secondary", d.secondaryDeliveryPartnerId);
        v.put("hasPassed", d.hasPassed);
        v.put("statement", d.statementId);
        v.put("digest", d.requestDigest);
        v.put("derived", d.derived);
        v.put("at", utc(d.createdAt));
        v.put("item", UUID.randomUUID());
        INSERT_WITH_BILLING_ITEM.update(em, v);
    }

    static final SessionSql INSERT_WITH_BILLING_ITEM = new SessionSql("WITH made AS (INSERT INTO declaration (id, application_id, "
            + "participant_id, lead_provider_id, course_identifier, cohort, declaration_type, declaration_date, state, state_reason, "
            + "superseded_by_id, delivery_partner_id, secondary_delivery_partner_id, has_passed, statement_id, request_digest, derived, "
            + "created_at, updated_at) VALUES (:id, :application, :participant, :lp, :course, :cohort, :type, :date, :state, :reason, "
            + ":supersededBy, :dp, :secondary, :hasPassed, :statement, :digest, :derived, :at, :at) "
            + "RETURNING id, statement_id, state, created_at) "
            + "INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) "
            + "SELECT :item, id, statement_id, 'billing', state, created_at, created_at FROM made WHERE statement_id IS NOT NULL");

    private static OffsetDateTime utc(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    /** c3 clawback: the refund item of a paid declaration, on a statement already claimed open. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refund(Declaration d, UUID statementId) {
        insert(d.id, statementId, "refund", "awaiting_clawback", d.updatedAt);
        d.clawbackStatementId = statementId;
    }

    /** c3 void: the billing item (eligible, ineligible or payable) is voided with its declaration. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void voidBilling(Declaration d) {
        em.createNativeQuery("UPDATE statement_item SET state = 'voided', updated_at = ?2 WHERE declaration_id = ?1 AND kind = 'billing' "
                + "AND state IN ('eligible', 'ineligible', 'payable')").setParameter(1, d.id).setParameter(2, ts(d.updatedAt)).executeUpdate();
    }

    /**
     * c4: the statement (copy) is now {@code state}; moves its items and their declarations. Safe to repeat: each step
     * changes only rows still in the state it moves from.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void statementMoved(UUID statementId, String state, Instant now) {
        if ("open".equals(state)) return;
        AdvisoryLocks.exclusive(em, Statements.lockKey(statementId));
        move(statementId, "billing", "eligible", "payable", now);
        if ("paid".equals(state)) {
            move(statementId, "billing", "payable", "paid", now);
            move(statementId, "refund", "awaiting_clawback", "clawed_back", now);
        }
    }

    private void move(UUID statementId, String kind, String from, String to, Instant now) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("WITH moved AS (UPDATE declaration d SET state = ?4, updated_at = ?5 FROM statement_item i "
                        + "WHERE i.declaration_id = d.id AND i.statement_id = ?1 AND i.kind = ?2 AND i.state = ?3 AND d.state = ?3 "
                        + "RETURNING d.id, d.application_id, d.participant_id, d.lead_provider_id, d.course_identifier, d.cohort, "
                        + "d.declaration_type, d.declaration_date, d.statement_id, d.clawback_statement_id, d.delivery_partner_id), "
                        + "items AS (UPDATE statement_item SET state = ?4, updated_at = ?5 WHERE kind = ?2 AND state = ?3 "
                        + "AND declaration_id IN (SELECT id FROM moved)) "
                        + "SELECT m.*, e.schedule_identifier FROM moved m LEFT JOIN enrolment e ON e.application_id = m.application_id")
                .setParameter(1, statementId).setParameter(2, kind).setParameter(3, from).setParameter(4, to).setParameter(5, ts(now))
                .getResultList();
        for (Object[] r : rows) {
            events.stateChanged(new DeclarationEvents.Row((UUID) r[0], (UUID) r[1], (UUID) r[2], (UUID) r[3], (String) r[4], (String) r[5],
                    (String) r[6], instant(r[7]), to, (UUID) r[8], (UUID) r[9], (UUID) r[10], (String) r[11]), from, now);
        }
        moved.fire(new Moved(statementId, to, rows.size()));
    }

    private void insert(UUID declarationId, UUID statementId, String kind, String state, Instant now) {
        em.createNativeQuery("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)")
                .setParameter(1, UUID.randomUUID()).setParameter(2, declarationId).setParameter(3, statementId).setParameter(4, kind)
                .setParameter(5, state).setParameter(6, ts(now)).executeUpdate();
    }

    static Timestamp ts(Instant i) {
        return Timestamp.from(i);
    }

    static Instant instant(Object o) {
        if (o instanceof Instant i) return i;
        if (o instanceof OffsetDateTime t) return t.toInstant();
        return ((Timestamp) o).toInstant();
    }
}
