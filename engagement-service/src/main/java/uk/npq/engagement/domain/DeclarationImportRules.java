package uk.npq.engagement.domain;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import uk.npq.platform.rest.RowFields;

/**
 * One row of the admin's import of historic declarations (a migration of the DfE's records): the declaration keeps the
 * DfE's id as ours. Every field is checked here without the database; the enrolment, statements and ids already held are
 * checked by {@code service.DeclarationImport}. A problem names the field and never echoes a value.
 */
public final class DeclarationImportRules {
    public static final Set<String> TYPES = Set.of("started", "retained-1", "retained-2", "completed");
    /** Our spellings (the DfE's API dasherises awaiting-clawback and clawed-back; both are read). */
    public static final Set<String> STATES = Set.of("submitted", "eligible", "payable", "paid", "voided", "ineligible",
            "awaiting_clawback", "clawed_back");
    /** States that are on a statement through a billing item. */
    public static final Set<String> NEEDS_STATEMENT = Set.of("eligible", "payable", "paid", "awaiting_clawback", "clawed_back");
    /** States that also have a refund item on a clawback statement. */
    public static final Set<String> REFUNDED = Set.of("awaiting_clawback", "clawed_back");
    /** The states the partial unique index declaration_one_billable holds to one per application and type. */
    public static final Set<String> BILLABLE = Set.of("submitted", "eligible", "payable", "paid");

    private DeclarationImportRules() {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Row(String declarationId, String applicationId, String participantId, String declarationType, String declarationDate,
                      String state, String statementId, String clawbackStatementId, String deliveryPartnerId,
                      String secondaryDeliveryPartnerId, Boolean hasPassed, String createdAt) {}

    public record Checked(UUID declarationId, UUID applicationId, UUID participantId, String declarationType, Instant declarationDate,
                          String state, UUID statementId, UUID clawbackStatementId, UUID deliveryPartnerId,
                          UUID secondaryDeliveryPartnerId, Boolean hasPassed, Instant createdAt) {}

    public record Result(Checked row, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public static Result check(Row r) {
        List<String> p = new ArrayList<>();
        UUID id = RowFields.uuid(p, "declaration_id", r.declarationId(), true);
        UUID application = RowFields.uuid(p, "application_id", r.applicationId(), true);
        UUID participant = RowFields.uuid(p, "participant_id", r.participantId(), false);
        String type = r.declarationType() == null ? null : r.declarationType().strip();
        if (type == null || type.isEmpty()) p.add("declaration_type: is required");
        else if (!TYPES.contains(type)) p.add("declaration_type: must be started, retained-1, retained-2 or completed");
        Instant date = RowFields.instant(p, "declaration_date", r.declarationDate(), true);
        Instant created = RowFields.instant(p, "created_at", r.createdAt(), false);
        String state = r.state() == null ? null : r.state().strip().replace('-', '_');
        if (state == null || state.isEmpty()) p.add("state: is required");
        else if (!STATES.contains(state)) p.add("state: must be a declaration state (submitted, eligible, payable, paid, voided, ineligible, "
                + "awaiting-clawback, clawed-back)");
        UUID statement = RowFields.uuid(p, "statement_id", r.statementId(), false);
        UUID clawback = RowFields.uuid(p, "clawback_statement_id", r.clawbackStatementId(), false);
        UUID dp = RowFields.uuid(p, "delivery_partner_id", r.deliveryPartnerId(), false);
        UUID secondary = RowFields.uuid(p, "secondary_delivery_partner_id", r.secondaryDeliveryPartnerId(), false);
        if (state != null && STATES.contains(state)) {
            if (NEEDS_STATEMENT.contains(state) && statement == null && r.statementId() == null)
                p.add("statement_id: is required for a declaration in state " + state);
            if ("submitted".equals(state) && statement != null) p.add("statement_id: a submitted declaration is on no statement");
            if (REFUNDED.contains(state) && clawback == null && r.clawbackStatementId() == null)
                p.add("clawback_statement_id: is required for a declaration in state " + state);
            if (!REFUNDED.contains(state) && clawback != null) p.add("clawback_statement_id: only a clawed back declaration has one");
        }
        if (secondary != null && (dp == null || secondary.equals(dp)))
            p.add("secondary_delivery_partner_id: needs a different delivery_partner_id");
        if (r.hasPassed() != null && type != null && !"completed".equals(type)) p.add("has_passed: only a completed declaration has one");
        if (!p.isEmpty()) return new Result(null, p);
        return new Result(new Checked(id, application, participant, type, date, state, statement, clawback, dp, secondary,
                r.hasPassed(), created == null ? date : created), p);
    }
}
