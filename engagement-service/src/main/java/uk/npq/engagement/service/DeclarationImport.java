package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hibernate.Session;
import org.jboss.logging.Logger;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.engagement.domain.DeclarationImportRules;
import uk.npq.engagement.domain.DeclarationImportRules.Checked;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.persistence.AdvisoryLocks;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.rest.InvalidRows;

/**
 * The admin's import of historic declarations (a migration of the DfE's records), beside the lead providers' POST path
 * and independent of it: the DfE's decisions on these declarations were made already, so the f5 rules of a new
 * declaration are not applied again. What is checked: every field ({@link DeclarationImportRules}); the application is
 * an accepted enrolment here, which registration's events create (so a declaration of a participant this service does
 * not know yet is refused, clearly, and the import can be sent again once the copies have arrived); a participant_id
 * sent is the enrolment's; the statements are the enrolment's lead provider's and cohort's (funding's copy); at most one
 * billable declaration per application and type. All or nothing (a refused row refuses the batch, nothing written);
 * a declaration id already here for the same application is unchanged, so re-sending a batch changes nothing.
 *
 * <p>Set-based: one query per lookup per batch; declarations and statement items go in as JDBC batches. Each imported
 * declaration publishes what the POST path publishes, in the same transaction: DeclarationSubmitted and
 * DeclarationStateChanged (with its statements), so funding's payments copy and registration's guards follow.
 */
@ApplicationScoped
public class DeclarationImport {
    private static final Logger LOG = Logger.getLogger(DeclarationImport.class);
    public static final int MAX_ROWS = 5000;

    @Inject EntityManager em;
    @Inject Outbox outbox;
    @Inject DeclarationEvents events;
    @Inject Clock clock;

    public record Sent(String label, DeclarationImportRules.Row row, String unreadable) {}

    public record Outcome(int rowsRead, int imported, int unchanged) {}

    private record Enrolment(UUID participantId, UUID leadProviderId, String courseIdentifier, String cohort, String status,
                             String scheduleIdentifier) {}

    private record Statement(UUID leadProviderId, String cohort) {}

    @Transactional
    public Outcome importRows(List<Sent> sent) {
        AdvisoryLocks.exclusive(em, "declaration-import");
        List<ApiError> refused = new ArrayList<>();
        List<Checked> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Sent s : sent) {
            if (s.unreadable() != null) {
                refused.add(new ApiError(s.label(), s.unreadable()));
                continue;
            }
            var result = DeclarationImportRules.check(s.row());
            if (!result.ok()) refused.add(new ApiError(s.label(), String.join("; ", result.problems())));
            else {
                rows.add(result.row());
                labels.add(s.label());
            }
        }
        Map<UUID, Enrolment> enrolments = enrolments(rows.stream().map(Checked::applicationId).distinct().toList());
        Map<UUID, UUID> held = declarationApplications(rows.stream().map(Checked::declarationId).toList());
        Set<String> billable = billable(rows.stream().filter(r -> DeclarationImportRules.BILLABLE.contains(r.state()))
                .map(Checked::applicationId).distinct().toList());
        List<UUID> statementIds = new ArrayList<>();
        for (Checked r : rows) {
            if (r.statementId() != null) statementIds.add(r.statementId());
            if (r.clawbackStatementId() != null) statementIds.add(r.clawbackStatementId());
        }
        Map<UUID, Statement> statements = statements(statementIds.stream().distinct().toList());

        Set<UUID> batchIds = new HashSet<>();
        List<Checked> toInsert = new ArrayList<>();
        int unchanged = 0;
        for (int i = 0; i < rows.size(); i++) {
            Checked r = rows.get(i);
            List<String> p = new ArrayList<>();
            Enrolment e = enrolments.get(r.applicationId());
            if (e == null) p.add("application_id: no enrolment here for this application yet: import the application at registration-service "
                    + "first and send this batch again once its events have arrived");
            else if (!"accepted".equals(e.status())) p.add("application_id: the application is not accepted");
            else {
                if (r.participantId() != null && !r.participantId().equals(e.participantId()))
                    p.add("participant_id: is not the application's participant");
                statement(p, "statement_id", r.statementId(), statements, e);
                statement(p, "clawback_statement_id", r.clawbackStatementId(), statements, e);
            }
            if (!batchIds.add(r.declarationId())) p.add("declaration_id: appears twice in the batch");
            UUID owner = held.get(r.declarationId());
            if (owner != null && !owner.equals(r.applicationId())) p.add("declaration_id: is a declaration of another application");
            if (owner == null && DeclarationImportRules.BILLABLE.contains(r.state())
                    && !billable.add(r.applicationId() + "/" + r.declarationType()))
                p.add("declaration_type: the application already has a " + r.declarationType() + " declaration that is submitted, eligible, payable or paid");
            if (!p.isEmpty()) {
                refused.add(new ApiError(labels.get(i), String.join("; ", p)));
                continue;
            }
            if (owner != null) unchanged++;
            else toInsert.add(r);
        }
        InvalidRows.refuseUnlessSkipping(false, refused, new ApiError("rows", refused.size() + " of " + sent.size()
                + " rows refused; nothing was imported. Correct them and send the batch again."));

        Instant now = clock.instant();
        insert(toInsert, enrolments, now);
        for (Checked r : toInsert) publish(r, enrolments.get(r.applicationId()), now);
        LOG.infof("Imported %d declarations; %d unchanged", toInsert.size(), unchanged);
        return new Outcome(sent.size(), toInsert.size(), unchanged);
    }

    private static void statement(List<String> p, String field, UUID id, Map<UUID, Statement> statements, Enrolment e) {
        if (id == null) return;
        Statement s = statements.get(id);
        if (s == null || !s.leadProviderId().equals(e.leadProviderId()) || !s.cohort().equals(e.cohort()))
            p.add(field + ": is not a statement of the application's lead provider and cohort");
    }

    // ------------------------------------------------------------------------------------------------ lookups
    private Map<UUID, Enrolment> enrolments(List<UUID> ids) {
        Map<UUID, Enrolment> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT application_id, participant_id, lead_provider_id, course_identifier, cohort, "
                + "status, schedule_identifier FROM enrolment WHERE application_id = ANY(:ids)").setParameter("ids", ids.toArray(UUID[]::new))
                .getResultList()))
            out.put((UUID) r[0], new Enrolment((UUID) r[1], (UUID) r[2], (String) r[3], (String) r[4], (String) r[5], (String) r[6]));
        return out;
    }

    private Map<UUID, UUID> declarationApplications(List<UUID> ids) {
        Map<UUID, UUID> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT id, application_id FROM declaration WHERE id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()))
            out.put((UUID) r[0], (UUID) r[1]);
        return out;
    }

    /** "application/type" of every billable declaration the applications already have. */
    private Set<String> billable(List<UUID> applications) {
        Set<String> out = new HashSet<>();
        if (applications.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT application_id, declaration_type FROM declaration WHERE application_id = ANY(:ids) "
                + "AND state IN ('submitted', 'eligible', 'payable', 'paid')").setParameter("ids", applications.toArray(UUID[]::new)).getResultList()))
            out.add(r[0] + "/" + r[1]);
        return out;
    }

    private Map<UUID, Statement> statements(List<UUID> ids) {
        Map<UUID, Statement> out = new HashMap<>();
        if (ids.isEmpty()) return out;
        for (Object[] r : rows(em.createNativeQuery("SELECT id, lead_provider_id, cohort FROM statement WHERE id = ANY(:ids)")
                .setParameter("ids", ids.toArray(UUID[]::new)).getResultList()))
            out.put((UUID) r[0], new Statement((UUID) r[1], (String) r[2]));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(List<?> result) {
        return (List<Object[]>) result;
    }

    // ------------------------------------------------------------------------------------------------ writes
    private void insert(List<Checked> rows, Map<UUID, Enrolment> enrolments, Instant now) {
        if (rows.isEmpty()) return;
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement d = c.prepareStatement("INSERT INTO declaration (id, application_id, participant_id, lead_provider_id, "
                    + "course_identifier, cohort, declaration_type, declaration_date, state, delivery_partner_id, secondary_delivery_partner_id, "
                    + "has_passed, statement_id, clawback_statement_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                 PreparedStatement item = c.prepareStatement("INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, "
                    + "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                Timestamp t = Timestamp.from(now);
                for (Checked r : rows) {
                    Enrolment e = enrolments.get(r.applicationId());
                    d.setObject(1, r.declarationId());
                    d.setObject(2, r.applicationId());
                    d.setObject(3, e.participantId());
                    d.setObject(4, e.leadProviderId());
                    d.setString(5, e.courseIdentifier());
                    d.setString(6, e.cohort());
                    d.setString(7, r.declarationType());
                    d.setTimestamp(8, Timestamp.from(r.declarationDate()));
                    d.setString(9, r.state());
                    d.setObject(10, r.deliveryPartnerId());
                    d.setObject(11, r.secondaryDeliveryPartnerId());
                    if (r.hasPassed() == null) d.setNull(12, Types.BOOLEAN); else d.setBoolean(12, r.hasPassed());
                    d.setObject(13, r.statementId());
                    d.setObject(14, r.clawbackStatementId());
                    d.setTimestamp(15, Timestamp.from(r.createdAt()));
                    d.setTimestamp(16, t);
                    d.addBatch();
                    if (r.statementId() != null) {
                        // the billing item: in the declaration's state, or paid when the refund item carries the clawback
                        item(item, r.declarationId(), r.statementId(), "billing",
                                DeclarationImportRules.REFUNDED.contains(r.state()) ? "paid" : r.state(), t);
                    }
                    if (r.clawbackStatementId() != null) item(item, r.declarationId(), r.clawbackStatementId(), "refund", r.state(), t);
                }
                d.executeBatch();
                item.executeBatch();
            }
        });
    }

    private static void item(PreparedStatement ps, UUID declaration, UUID statement, String kind, String state, Timestamp t)
            throws java.sql.SQLException {
        ps.setObject(1, UUID.randomUUID());
        ps.setObject(2, declaration);
        ps.setObject(3, statement);
        ps.setString(4, kind);
        ps.setString(5, state);
        ps.setTimestamp(6, t);
        ps.setTimestamp(7, t);
        ps.addBatch();
    }

    private void publish(Checked r, Enrolment e, Instant now) {
        String id = r.declarationId().toString();
        outbox.publish(Topics.DECLARATION, "declaration", id, DeclarationSubmitted.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setDeclarationId(id).setApplicationId(r.applicationId().toString())
                .setParticipantId(e.participantId().toString()).setLeadProviderId(e.leadProviderId().toString())
                .setCourseIdentifier(e.courseIdentifier()).setCohort(e.cohort()).setDeclarationType(r.declarationType())
                .setDeclarationDate(r.declarationDate()).setState(r.state()).setStateReason(null).setSupersededById(null)
                .setDeliveryPartnerId(string(r.deliveryPartnerId())).setSecondaryDeliveryPartnerId(string(r.secondaryDeliveryPartnerId()))
                .setHasPassed(r.hasPassed()).setDerived(false).setSubmittedAt(r.createdAt()).build());
        events.stateChanged(new DeclarationEvents.Row(r.declarationId(), r.applicationId(), e.participantId(), e.leadProviderId(),
                e.courseIdentifier(), e.cohort(), r.declarationType(), r.declarationDate(), r.state(), r.statementId(),
                r.clawbackStatementId(), r.deliveryPartnerId(), e.scheduleIdentifier()), null, now);
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
    }
}
