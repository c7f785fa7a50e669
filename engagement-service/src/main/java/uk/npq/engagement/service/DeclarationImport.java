package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.engagement.domain.DeclarationImportRules;
import uk.npq.engagement.domain.DeclarationImportRules.Checked;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.persistence.ColumnArrays;
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
 * <p>Set-based: one query per lookup per batch; declarations and statement items go in as one INSERT each per batch (a
 * chunk of a streamed file), whatever its size. Each imported declaration publishes what the POST path publishes, in the
 * same transaction: DeclarationSubmitted and DeclarationStateChanged (with its statements), so funding's payments copy
 * and registration's guards follow.
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
    // A chunk's declarations and statement items are one INSERT each whatever the chunk's size (platform ColumnArrays).

    static final String INSERT_DECLARATIONS = "INSERT INTO declaration (id, application_id, participant_id, lead_provider_id, "
            + "course_identifier, cohort, declaration_type, declaration_date, state, delivery_partner_id, secondary_delivery_partner_id, "
            + "has_passed, statement_id, clawback_statement_id, created_at, updated_at) "
            + "SELECT CAST(r.id AS uuid), CAST(r.application_id AS uuid), CAST(r.participant_id AS uuid), CAST(r.lead_provider_id AS uuid), "
            + "r.course_identifier, r.cohort, r.declaration_type, CAST(r.declaration_date AS timestamptz), r.state, "
            + "CAST(r.delivery_partner_id AS uuid), CAST(r.secondary_delivery_partner_id AS uuid), CAST(r.has_passed AS boolean), "
            + "CAST(r.statement_id AS uuid), CAST(r.clawback_statement_id AS uuid), CAST(r.created_at AS timestamptz), "
            + "CAST(r.now AS timestamptz) FROM unnest(" + String.join(", ", java.util.Collections.nCopies(16, "CAST(? AS text[])")) + ") "
            + "AS r(id, application_id, participant_id, lead_provider_id, course_identifier, cohort, declaration_type, declaration_date, "
            + "state, delivery_partner_id, secondary_delivery_partner_id, has_passed, statement_id, clawback_statement_id, created_at, now)";

    static final String INSERT_ITEMS = "INSERT INTO statement_item (id, declaration_id, statement_id, kind, state, created_at, updated_at) "
            + "SELECT CAST(r.id AS uuid), CAST(r.declaration_id AS uuid), CAST(r.statement_id AS uuid), r.kind, r.state, "
            + "CAST(r.now AS timestamptz), CAST(r.now AS timestamptz) FROM unnest(CAST(? AS text[]), CAST(? AS text[]), "
            + "CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) AS r(id, declaration_id, statement_id, kind, state, now)";

    /** A statement item of an imported declaration. */
    private record Item(UUID declarationId, UUID statementId, String kind, String state) {}

    private void insert(List<Checked> rows, Map<UUID, Enrolment> enrolments, Instant now) {
        if (rows.isEmpty()) return;
        Function<Function<Enrolment, Object>, String[]> enrolment = f -> ColumnArrays.column(rows, r -> f.apply(enrolments.get(r.applicationId())));
        ColumnArrays.execute(em, INSERT_DECLARATIONS, ColumnArrays.column(rows, Checked::declarationId),
                ColumnArrays.column(rows, Checked::applicationId), enrolment.apply(Enrolment::participantId),
                enrolment.apply(Enrolment::leadProviderId), enrolment.apply(Enrolment::courseIdentifier), enrolment.apply(Enrolment::cohort),
                ColumnArrays.column(rows, Checked::declarationType), ColumnArrays.column(rows, Checked::declarationDate),
                ColumnArrays.column(rows, Checked::state), ColumnArrays.column(rows, Checked::deliveryPartnerId),
                ColumnArrays.column(rows, Checked::secondaryDeliveryPartnerId), ColumnArrays.column(rows, Checked::hasPassed),
                ColumnArrays.column(rows, Checked::statementId), ColumnArrays.column(rows, Checked::clawbackStatementId),
                ColumnArrays.column(rows, Checked::createdAt), ColumnArrays.column(rows, r -> now));
        List<Item> items = new ArrayList<>();
        for (Checked r : rows) {
            // the billing item: in the declaration's state, or paid when the refund item carries the clawback
            if (r.statementId() != null) items.add(new Item(r.declarationId(), r.statementId(), "billing",
                    DeclarationImportRules.REFUNDED.contains(r.state()) ? "paid" : r.state()));
            if (r.clawbackStatementId() != null) items.add(new Item(r.declarationId(), r.clawbackStatementId(), "refund", r.state()));
        }
        if (items.isEmpty()) return;
        ColumnArrays.execute(em, INSERT_ITEMS, ColumnArrays.column(items, i -> UUID.randomUUID()), ColumnArrays.column(items, Item::declarationId),
                ColumnArrays.column(items, Item::statementId), ColumnArrays.column(items, Item::kind), ColumnArrays.column(items, Item::state),
                ColumnArrays.column(items, i -> now));
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
