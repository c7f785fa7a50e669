package uk.npq.engagement.domain;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rules of a declaration POST (npq-domain.md f5 in the DfE's order, with its texts; c3 for the state on creation), as a
 * pure function of the request, the facts gathered for it ({@link DeclarationFacts}) and the time: no database, no clock.
 * The answer is a replay of the declaration an identical earlier request made, every violation found (attribute and DfE
 * text, in the order the DfE reports them), or the declaration to write.
 */
public final class DeclarationRules {
    public static final List<String> TYPES = List.of("started", "retained-1", "retained-2", "completed");

    private DeclarationRules() {}

    /** What the rules decide. */
    public sealed interface Verdict permits Replay, Refused, Accepted {}

    /** A byte-identical retry: answer with the declaration the first request made. */
    public record Replay(UUID declarationId) implements Verdict {}

    /** Refused (422): every violation, in the DfE's order. */
    public record Refused(List<Violation> violations) implements Verdict {
        public Refused {
            violations = List.copyOf(violations);
        }
    }

    /**
     * The declaration to write for {@code target}: its date, has_passed (completed only), partners, state (c3: eligible when
     * fundable, else submitted; ineligible with reason duplicate, superseded by the original, when another record with the
     * TRN declared the milestone) and the statement of its billing item (none while submitted).
     */
    public record Accepted(DeclarationFacts.Enrolment target, String declarationType, Instant declarationDate, Boolean hasPassed,
                           UUID deliveryPartnerId, UUID secondaryDeliveryPartnerId, String state, String stateReason,
                           UUID supersededById, UUID statementId) implements Verdict {}

    public static Verdict decide(DeclarationRequest s, DeclarationFacts f, Instant now) {
        if (f.identicalDeclaration() != null) return new Replay(f.identicalDeclaration());
        List<Violation> errors = new ArrayList<>();
        UUID participant = uuid(s.participantId());
        if (blank(s.participantId())) {
            errors.add(new Violation("participant_id", DeclarationMessages.PARTICIPANT_BLANK));
        } else if (participant != null && f.replacedBy() != null) {
            errors.add(new Violation("participant_id", DeclarationMessages.PARTICIPANT_REPLACED.formatted(s.participantId(), f.replacedBy())));
        }
        if (errors.isEmpty() && (participant == null || !f.acceptedWithProvider()))
            errors.add(new Violation("participant_id", DeclarationMessages.PARTICIPANT_UNKNOWN));
        DeclarationFacts.Enrolment target = null;
        if (errors.isEmpty()) {
            target = f.courseExists() ? f.target() : null;
            if (target == null) errors.add(new Violation("course_identifier", DeclarationMessages.COURSE_UNKNOWN));
        }
        Instant date = null;
        if (blank(s.declarationDate())) {
            errors.add(new Violation("declaration_date", DeclarationMessages.DATE_BLANK));
        } else {
            date = DeclarationDate.parse(s.declarationDate()).orElse(null);
            if (date == null) errors.add(new Violation("declaration_date", DeclarationMessages.DATE_INVALID));
        }
        // no error so far: there is a target and a date
        if (errors.isEmpty() && target.withdrawnAt() != null && !target.withdrawnAt().isAfter(date)) {
            errors.add(new Violation("participant_id", DeclarationMessages.WITHDRAWN.formatted(
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(target.withdrawnAt().atOffset(ZoneOffset.UTC)))));
        }
        String type = s.declarationType();
        if (blank(type)) errors.add(new Violation("declaration_type", DeclarationMessages.TYPE_BLANK));
        if (type == null || !TYPES.contains(type)) errors.add(new Violation("declaration_type", DeclarationMessages.TYPE_UNKNOWN));
        if (errors.isEmpty()) {
            if (f.schedule() == null) errors.add(new Violation("application", DeclarationMessages.NO_SCHEDULE));
            else if (!f.schedule().allowedTypes().contains(type))
                errors.add(new Violation("declaration_type", DeclarationMessages.TYPE_NOT_IN_SCHEDULE));
        }
        if (errors.isEmpty()) { // f5 rules 7 and 8
            if (!f.contract()) errors.add(new Violation("cohort", DeclarationMessages.NO_CONTRACT));
            else if (target.fundable() && f.nextOutputFeeStatement() == null)
                errors.add(new Violation("cohort", DeclarationMessages.CONTRACT_ENDED.formatted(target.startYear())));
        }
        Boolean hasPassed = bool(s.hasPassed());
        if ("completed".equals(type) && f.courseHasOutcomes() && hasPassed == null)
            errors.add(new Violation("has_passed", DeclarationMessages.HAS_PASSED));
        if (errors.isEmpty() && f.milestoneBillable()) errors.add(new Violation("base", DeclarationMessages.DUPLICATE));
        DeclarationFacts.Partner dp = f.deliveryPartner(), secondary = f.secondaryDeliveryPartner();
        if (!blank(s.deliveryPartnerId()) && (dp == null || !dp.exists()))
            errors.add(new Violation("delivery_partner_id", DeclarationMessages.DP_NOT_FOUND));
        if (!blank(s.secondaryDeliveryPartnerId()) && (secondary == null || !secondary.exists()))
            errors.add(new Violation("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_DP_NOT_FOUND));
        UUID dpId = blank(s.deliveryPartnerId()) || dp == null ? null : dp.id();
        UUID secondaryId = blank(s.secondaryDeliveryPartnerId()) || secondary == null ? null : secondary.id();
        if (errors.isEmpty()) {
            // the DfE compares with midnight UTC of applies_from (its dates are UTC), not midnight in London
            if (date.isBefore(f.schedule().appliesFrom().atStartOfDay(ZoneOffset.UTC).toInstant()))
                errors.add(new Violation("declaration_date", DeclarationMessages.DATE_BEFORE_SCHEDULE));
            if (date.isAfter(now)) errors.add(new Violation("declaration_date", DeclarationMessages.DATE_IN_FUTURE));
            errors.addAll(deliveryPartners(target, dpId, dp != null && dp.confirmed(), secondaryId,
                    secondary != null && secondary.confirmed()));
        }
        if (!errors.isEmpty()) return new Refused(errors);

        // c3: the state on creation; leaving submitted puts it on the claimed statement (an unfundable duplicate goes on the
        // next statement if there is one, as in the DfE service, and is not refused when there is none)
        String state, reason = null;
        UUID supersededBy = null;
        if (f.duplicateOf() != null) {
            state = "ineligible";
            reason = "duplicate";
            supersededBy = f.duplicateOf();
        } else {
            state = target.fundable() ? "eligible" : "submitted";
        }
        return new Accepted(target, type, date, "completed".equals(type) ? hasPassed : null, dpId, secondaryId, state, reason,
                supersededBy, "submitted".equals(state) ? null : f.nextOutputFeeStatement());
    }

    /**
     * f5 rule 11 for an application: England from cohort 2024 needs a partner of this provider in the cohort ({@code confirmed});
     * outside England none; a secondary partner needs a primary and must differ from it.
     */
    public static List<Violation> deliveryPartners(DeclarationFacts.Enrolment e, UUID dp, boolean dpConfirmed, UUID secondary,
                                                   boolean secondaryConfirmed) {
        List<Violation> errors = new ArrayList<>();
        boolean england = e.inEngland();
        if (dp == null && e.deliveryPartnerRequired()) errors.add(new Violation("delivery_partner_id", DeclarationMessages.DP_REQUIRED));
        if (dp != null && !england) errors.add(new Violation("delivery_partner_id", DeclarationMessages.DP_OUTSIDE_ENGLAND));
        if (dp != null && england && !dpConfirmed) errors.add(new Violation("delivery_partner_id", DeclarationMessages.DP_NOT_CONFIRMED));
        if (secondary != null) {
            if (dp == null) errors.add(new Violation("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_WITHOUT_PRIMARY));
            if (!england) errors.add(new Violation("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_OUTSIDE_ENGLAND));
            else if (!secondaryConfirmed)
                errors.add(new Violation("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_NOT_CONFIRMED));
            if (secondary.equals(dp)) errors.add(new Violation("secondary_delivery_partner_id", DeclarationMessages.SECONDARY_SAME));
        }
        return errors;
    }

    /** has_passed as sent: a JSON boolean or the strings "true"/"false"; anything else is no answer. */
    public static Boolean bool(Object value) {
        if (value instanceof Boolean b) return b;
        if ("true".equals(value)) return true;
        if ("false".equals(value)) return false;
        return null;
    }

    /** The UUID a text names (surrounding blanks ignored), or null when it is blank or not a UUID. */
    public static UUID uuid(String s) {
        if (blank(s)) return null;
        try {
            return UUID.fromString(s.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
