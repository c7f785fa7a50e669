package uk.npq.engagement.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.engagement.domain.DeclarationMessages.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The declaration rules as a table: each row changes one thing (or a few, for precedence) of a request that is accepted,
 * and names exactly the violations the DfE reports for it, in its order, or the declaration made. Every check of f5 and
 * every state of c3 has a row, so breaking a rule, its text, its attribute or its place in the order fails here.
 */
class DeclarationRulesTest {
    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final UUID PARTICIPANT = UUID.fromString("0b0e0000-0000-4000-8000-000000000001");
    static final UUID APPLICATION = UUID.fromString("0b0e0000-0000-4000-8000-000000000002");
    static final UUID STATEMENT = UUID.fromString("0b0e0000-0000-4000-8000-000000000003");
    static final UUID DP = UUID.fromString("0b0e0000-0000-4000-8000-000000000004");
    static final UUID SECONDARY = UUID.fromString("0b0e0000-0000-4000-8000-000000000005");
    static final UUID ORIGINAL = UUID.fromString("0b0e0000-0000-4000-8000-000000000006");
    static final UUID REPLACEMENT = UUID.fromString("0b0e0000-0000-4000-8000-000000000007");

    /** The request and facts of an accepted declaration, each part changeable by a row. */
    static final class Case {
        String participantId = PARTICIPANT.toString(), type = "started", date = "2026-10-01T10:00:00Z", course = "npq-headship",
                dp = DP.toString(), secondary = null;
        Object hasPassed = null;
        boolean courseExists = true, courseHasOutcomes = true, accepted = true, contract = true, billable = false;
        UUID identical = null, replacedBy = null, statement = STATEMENT, duplicateOf = null;
        String cohort = "2026b", catchment = "england", schoolUrn = "100001", fundingStatus = "funded", trn = "1234567";
        Instant withdrawnAt = null;
        Boolean eligible = true, fundedPlace = true;
        boolean previouslyFunded = false, hasTarget = true, hasSchedule = true;
        LocalDate appliesFrom = LocalDate.parse("2026-08-01");
        List<String> allowed = List.of("started", "retained-1", "retained-2", "completed");
        boolean dpExists = true, dpConfirmed = true, secondaryExists = true, secondaryConfirmed = true;

        DeclarationRules.Verdict decide() {
            var target = hasTarget ? new DeclarationFacts.Enrolment(APPLICATION, PARTICIPANT, "npq-headship", cohort, trn, catchment, schoolUrn,
                    withdrawnAt, "npq-leadership-autumn", eligible, fundingStatus, previouslyFunded, fundedPlace) : null;
            var request = new DeclarationRequest(participantId, type, date, course, hasPassed, dp, secondary);
            var facts = new DeclarationFacts(courseExists, courseHasOutcomes, identical, replacedBy, accepted, target,
                    hasSchedule ? new DeclarationFacts.Schedule(appliesFrom, allowed) : null, contract, statement, billable, duplicateOf,
                    dp == null || dp.isBlank() ? null : new DeclarationFacts.Partner(DeclarationRules.uuid(dp), dpExists, dpConfirmed, "Hub"),
                    secondary == null || secondary.isBlank() ? null
                            : new DeclarationFacts.Partner(DeclarationRules.uuid(secondary), secondaryExists, secondaryConfirmed, "Hub 2"));
            return DeclarationRules.decide(request, facts, NOW);
        }
    }

    static Arguments row(String name, Consumer<Case> change, String... expected) {
        return Arguments.of(name, change, List.of(expected));
    }

    static String v(String attribute, String text) {
        return attribute + ": " + text;
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                // participant_id
                row("participant blank", c -> c.participantId = " ", v("participant_id", PARTICIPANT_BLANK)),
                row("participant missing", c -> c.participantId = null, v("participant_id", PARTICIPANT_BLANK)),
                row("participant retired by a merge", c -> c.replacedBy = REPLACEMENT,
                        v("participant_id", PARTICIPANT_REPLACED.formatted(PARTICIPANT, REPLACEMENT))),
                row("participant not a UUID", c -> c.participantId = "nope", v("participant_id", PARTICIPANT_UNKNOWN)),
                row("no accepted application with the provider", c -> c.accepted = false, v("participant_id", PARTICIPANT_UNKNOWN)),
                // course_identifier
                row("course unknown", c -> c.courseExists = false, v("course_identifier", COURSE_UNKNOWN)),
                row("no accepted application in the course's family", c -> c.hasTarget = false, v("course_identifier", COURSE_UNKNOWN)),
                // declaration_date (form)
                row("date blank", c -> c.date = "", v("declaration_date", DATE_BLANK)),
                row("date missing", c -> c.date = null, v("declaration_date", DATE_BLANK)),
                row("date a bare date", c -> c.date = "2026-10-01", v("declaration_date", DATE_INVALID)),
                row("date without offset", c -> c.date = "2026-10-01T10:00:00", v("declaration_date", DATE_INVALID)),
                row("date month 13", c -> c.date = "2026-13-01T10:00:00Z", v("declaration_date", DATE_INVALID)),
                // withdrawal
                row("dated at the withdrawal", c -> c.withdrawnAt = Instant.parse("2026-10-01T10:00:00Z"),
                        v("participant_id", WITHDRAWN.formatted("2026-10-01T10:00:00Z"))),
                row("dated after the withdrawal", c -> c.withdrawnAt = Instant.parse("2026-09-30T08:15:30Z"),
                        v("participant_id", WITHDRAWN.formatted("2026-09-30T08:15:30Z"))),
                // declaration_type
                row("type blank", c -> c.type = "", v("declaration_type", TYPE_BLANK), v("declaration_type", TYPE_UNKNOWN)),
                row("type null", c -> c.type = null, v("declaration_type", TYPE_BLANK), v("declaration_type", TYPE_UNKNOWN)),
                row("type unknown", c -> c.type = "finished", v("declaration_type", TYPE_UNKNOWN)),
                // schedule
                row("no schedule", c -> c.hasSchedule = false, v("application", NO_SCHEDULE)),
                row("type not in the schedule", c -> { c.type = "retained-2"; c.allowed = List.of("started", "retained-1", "completed"); },
                        v("declaration_type", TYPE_NOT_IN_SCHEDULE)),
                // f5 rules 7 and 8
                row("no contract", c -> c.contract = false, v("cohort", NO_CONTRACT)),
                row("fundable without an output-fee statement", c -> c.statement = null, v("cohort", CONTRACT_ENDED.formatted(2026))),
                // has_passed
                row("completed without has_passed", c -> c.type = "completed", v("has_passed", HAS_PASSED)),
                row("completed with has_passed maybe", c -> { c.type = "completed"; c.hasPassed = "maybe"; }, v("has_passed", HAS_PASSED)),
                row("completed with has_passed 1", c -> { c.type = "completed"; c.hasPassed = 1; }, v("has_passed", HAS_PASSED)),
                // the milestone already declared
                row("milestone already billable", c -> c.billable = true, v("base", DUPLICATE)),
                // partners exist
                row("partner unknown", c -> c.dpExists = false, v("delivery_partner_id", DP_NOT_FOUND)),
                row("partner not a UUID", c -> { c.dp = "hub-1"; c.dpExists = false; }, v("delivery_partner_id", DP_NOT_FOUND)),
                row("secondary unknown", c -> { c.secondary = SECONDARY.toString(); c.secondaryExists = false; },
                        v("secondary_delivery_partner_id", SECONDARY_DP_NOT_FOUND)),
                // dates against the schedule and now
                row("before the schedule (London midnight)", c -> c.date = "2026-07-31T23:59:59+01:00",
                        v("declaration_date", DATE_BEFORE_SCHEDULE)),
                row("before the schedule (UTC compare)", c -> c.date = "2026-07-31T23:00:00Z", v("declaration_date", DATE_BEFORE_SCHEDULE)),
                row("in the future", c -> c.date = "2026-12-01T12:00:01Z", v("declaration_date", DATE_IN_FUTURE)),
                // f5 rule 11
                row("England 2024 on without a partner", c -> c.dp = null, v("delivery_partner_id", DP_REQUIRED)),
                row("partner outside England", c -> c.catchment = "another", v("delivery_partner_id", DP_OUTSIDE_ENGLAND)),
                row("partner not the provider's in the cohort", c -> c.dpConfirmed = false, v("delivery_partner_id", DP_NOT_CONFIRMED)),
                row("secondary without a primary", c -> { c.dp = null; c.secondary = SECONDARY.toString(); },
                        v("delivery_partner_id", DP_REQUIRED), v("secondary_delivery_partner_id", SECONDARY_WITHOUT_PRIMARY)),
                row("secondary outside England", c -> { c.catchment = "another"; c.secondary = SECONDARY.toString(); },
                        v("delivery_partner_id", DP_OUTSIDE_ENGLAND), v("secondary_delivery_partner_id", SECONDARY_OUTSIDE_ENGLAND)),
                row("secondary not the provider's", c -> { c.secondary = SECONDARY.toString(); c.secondaryConfirmed = false; },
                        v("secondary_delivery_partner_id", SECONDARY_NOT_CONFIRMED)),
                row("secondary the same as the primary", c -> c.secondary = DP.toString(),
                        v("secondary_delivery_partner_id", SECONDARY_SAME)),
                row("before 2024 a school URN 1... is England: a partner not the provider's", c -> {
                    c.cohort = "2023a"; c.catchment = "another"; c.date = "2026-10-01T10:00:00Z"; c.dpConfirmed = false; },
                        v("delivery_partner_id", DP_NOT_CONFIRMED)),
                row("before 2024 another URN is outside England", c -> { c.cohort = "2023a"; c.catchment = "another"; c.schoolUrn = "200001"; },
                        v("delivery_partner_id", DP_OUTSIDE_ENGLAND)),

                // precedence: what is reported together, and what an earlier error leaves unchecked
                row("blank participant, date and type, unknown partner: all four parts at once", c -> {
                    c.participantId = ""; c.date = ""; c.type = ""; c.dpExists = false; },
                        v("participant_id", PARTICIPANT_BLANK), v("declaration_date", DATE_BLANK), v("declaration_type", TYPE_BLANK),
                        v("declaration_type", TYPE_UNKNOWN), v("delivery_partner_id", DP_NOT_FOUND)),
                row("a retired participant is not also unknown", c -> { c.replacedBy = REPLACEMENT; c.accepted = false; },
                        v("participant_id", PARTICIPANT_REPLACED.formatted(PARTICIPANT, REPLACEMENT))),
                row("unknown participant: the course is not looked at", c -> { c.accepted = false; c.courseExists = false; },
                        v("participant_id", PARTICIPANT_UNKNOWN)),
                row("unknown course and a bad date", c -> { c.courseExists = false; c.date = "yesterday"; },
                        v("course_identifier", COURSE_UNKNOWN), v("declaration_date", DATE_INVALID)),
                row("bad date: the withdrawal is not checked", c -> { c.date = "x"; c.withdrawnAt = Instant.parse("2026-01-01T00:00:00Z"); },
                        v("declaration_date", DATE_INVALID)),
                row("withdrawn: the schedule is not checked", c -> {
                    c.withdrawnAt = Instant.parse("2026-09-01T00:00:00Z"); c.hasSchedule = false; },
                        v("participant_id", WITHDRAWN.formatted("2026-09-01T00:00:00Z"))),
                row("unknown type: the schedule is not checked", c -> { c.type = "finished"; c.hasSchedule = false; },
                        v("declaration_type", TYPE_UNKNOWN)),
                row("no schedule: no contract is not checked", c -> { c.hasSchedule = false; c.contract = false; },
                        v("application", NO_SCHEDULE)),
                row("no contract comes before has_passed", c -> { c.contract = false; c.type = "completed"; },
                        v("cohort", NO_CONTRACT), v("has_passed", HAS_PASSED)),
                row("no contract: the milestone is not checked", c -> { c.contract = false; c.billable = true; },
                        v("cohort", NO_CONTRACT)),
                row("has_passed missing: the milestone is not checked", c -> { c.type = "completed"; c.billable = true; },
                        v("has_passed", HAS_PASSED)),
                row("milestone declared and an unknown partner", c -> { c.billable = true; c.dpExists = false; },
                        v("base", DUPLICATE), v("delivery_partner_id", DP_NOT_FOUND)),
                row("an unknown partner: dates and rule 11 are not checked", c -> {
                    c.secondary = SECONDARY.toString(); c.secondaryExists = false; c.date = "2027-01-01T00:00:00Z"; },
                        v("secondary_delivery_partner_id", SECONDARY_DP_NOT_FOUND)),
                row("before the schedule and no partner", c -> { c.date = "2026-07-01T00:00:00Z"; c.dp = null; },
                        v("declaration_date", DATE_BEFORE_SCHEDULE), v("delivery_partner_id", DP_REQUIRED)),
                row("in the future and the partner not the provider's", c -> { c.date = "2027-01-01T00:00:00Z"; c.dpConfirmed = false; },
                        v("declaration_date", DATE_IN_FUTURE), v("delivery_partner_id", DP_NOT_CONFIRMED)),
                row("a blank primary is no primary", c -> { c.dp = " "; c.secondary = SECONDARY.toString(); },
                        v("delivery_partner_id", DP_REQUIRED), v("secondary_delivery_partner_id", SECONDARY_WITHOUT_PRIMARY)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refused(String name, Consumer<Case> change, List<String> expected) {
        Case c = new Case();
        change.accept(c);
        var verdict = c.decide();
        assertThat(verdict).isInstanceOf(DeclarationRules.Refused.class);
        assertThat(((DeclarationRules.Refused) verdict).violations()).extracting(x -> x.attribute() + ": " + x.detail())
                .containsExactlyElementsOf(expected);
    }

    static Arguments made(String name, Consumer<Case> change, String state, String reason, UUID supersededBy, UUID statement) {
        return Arguments.of(name, change, state, reason, supersededBy, statement);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                made("fundable: eligible on the claimed statement", c -> {}, "eligible", null, null, STATEMENT),
                made("not eligible for funding: submitted, on no statement", c -> c.eligible = false, "submitted", null, null, null),
                made("no funding verdict yet: submitted", c -> c.eligible = null, "submitted", null, null, null),
                made("no funded place: submitted", c -> c.fundedPlace = false, "submitted", null, null, null),
                made("funded place not stated: eligible", c -> c.fundedPlace = null, "eligible", null, null, STATEMENT),
                made("previously funded: submitted", c -> c.previouslyFunded = true, "submitted", null, null, null),
                made("previously funded, marked funded by policy: eligible", c -> {
                    c.previouslyFunded = true; c.fundingStatus = "marked_funded_by_policy"; }, "eligible", null, null, STATEMENT),
                made("unfundable needs no statement (rule 8)", c -> { c.eligible = false; c.statement = null; }, "submitted", null, null, null),
                made("another record's declaration of the milestone: ineligible duplicate", c -> c.duplicateOf = ORIGINAL,
                        "ineligible", "duplicate", ORIGINAL, STATEMENT),
                made("an unfundable duplicate goes on the statement if there is one", c -> { c.duplicateOf = ORIGINAL; c.eligible = false; },
                        "ineligible", "duplicate", ORIGINAL, STATEMENT),
                made("an unfundable duplicate is not refused without a statement", c -> {
                    c.duplicateOf = ORIGINAL; c.eligible = false; c.statement = null; }, "ineligible", "duplicate", ORIGINAL, null),
                made("dated at applies_from midnight UTC", c -> c.date = "2026-08-01T00:00:00Z", "eligible", null, null, STATEMENT),
                made("dated now", c -> c.date = "2026-12-01T12:00:00Z", "eligible", null, null, STATEMENT),
                made("dated just before the withdrawal", c -> c.withdrawnAt = Instant.parse("2026-10-01T10:00:01Z"), "eligible", null, null, STATEMENT),
                made("outside England needs no partner", c -> { c.catchment = "another"; c.dp = null; }, "eligible", null, null, STATEMENT),
                made("England before 2024 needs no partner", c -> { c.cohort = "2023a"; c.dp = null; }, "eligible", null, null, STATEMENT),
                made("a confirmed secondary partner", c -> c.secondary = SECONDARY.toString(), "eligible", null, null, STATEMENT),
                made("a course without outcomes completes without has_passed", c -> { c.type = "completed"; c.courseHasOutcomes = false; },
                        "eligible", null, null, STATEMENT),
                made("has_passed as the string true", c -> { c.type = "completed"; c.hasPassed = "true"; }, "eligible", null, null, STATEMENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepted(String name, Consumer<Case> change, String state, String reason, UUID supersededBy, UUID statement) {
        Case c = new Case();
        change.accept(c);
        var verdict = c.decide();
        assertThat(verdict).as(String.valueOf(verdict)).isInstanceOf(DeclarationRules.Accepted.class);
        var a = (DeclarationRules.Accepted) verdict;
        assertThat(a.state()).isEqualTo(state);
        assertThat(a.stateReason()).isEqualTo(reason);
        assertThat(a.supersededById()).isEqualTo(supersededBy);
        assertThat(a.statementId()).isEqualTo(statement);
        assertThat(a.target().applicationId()).isEqualTo(APPLICATION);
        assertThat(a.declarationType()).isEqualTo(c.type);
    }

    @Test
    void theDeclarationCarriesWhatWasSent() {
        Case c = new Case();
        c.type = "completed";
        c.hasPassed = false;
        c.secondary = " " + SECONDARY + " ";
        var a = (DeclarationRules.Accepted) c.decide();
        assertThat(a.declarationDate()).isEqualTo(Instant.parse("2026-10-01T10:00:00Z"));
        assertThat(a.hasPassed()).isFalse();
        assertThat(a.deliveryPartnerId()).isEqualTo(DP);
        assertThat(a.secondaryDeliveryPartnerId()).isEqualTo(SECONDARY);
        // has_passed belongs to completed declarations only
        c.type = "started";
        c.hasPassed = true;
        assertThat(((DeclarationRules.Accepted) c.decide()).hasPassed()).isNull();
    }

    @Test
    void anIdenticalRequestIsAnsweredWithTheOriginalWhateverElseIsTrueNow() {
        Case c = new Case();
        c.identical = ORIGINAL;
        c.billable = true; // its own declaration
        c.accepted = false;
        c.date = "";
        assertThat(c.decide()).isEqualTo(new DeclarationRules.Replay(ORIGINAL));
    }

    @Test
    void everyCheckOfTheDfeHasARow() {
        // each text of a POST's rules is expected by some row above (void's texts are the void's)
        var texts = refusals().flatMap(a -> ((List<?>) a.get()[2]).stream()).map(String::valueOf).toList();
        for (String text : List.of(PARTICIPANT_BLANK, PARTICIPANT_UNKNOWN, COURSE_UNKNOWN, DATE_BLANK, DATE_INVALID, TYPE_BLANK,
                TYPE_UNKNOWN, NO_SCHEDULE, TYPE_NOT_IN_SCHEDULE, NO_CONTRACT, HAS_PASSED, DUPLICATE, DP_NOT_FOUND, SECONDARY_DP_NOT_FOUND,
                DATE_BEFORE_SCHEDULE, DATE_IN_FUTURE, DP_REQUIRED, DP_OUTSIDE_ENGLAND, DP_NOT_CONFIRMED, SECONDARY_WITHOUT_PRIMARY,
                SECONDARY_OUTSIDE_ENGLAND, SECONDARY_NOT_CONFIRMED, SECONDARY_SAME)) {
            assertThat(texts).as(text).anyMatch(t -> t.endsWith(": " + text));
        }
        assertThat(texts).anyMatch(t -> t.contains("has been replaced with")).anyMatch(t -> t.contains("withdrew from this course"))
                .anyMatch(t -> t.contains("cohort. The funding contract"));
    }
}
