package uk.npq.engagement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One imported declaration, checked without the database: the state's statements, the type's has_passed, the ids. */
class DeclarationImportRulesTest {
    static final String S = UUID.randomUUID().toString(), C = UUID.randomUUID().toString();

    static DeclarationImportRules.Row row(String type, String state, String statement, String clawback, Boolean hasPassed) {
        return new DeclarationImportRules.Row(UUID.randomUUID().toString(), UUID.randomUUID().toString(), null, type,
                "2026-10-01T10:00:00Z", state, statement, clawback, null, null, hasPassed, null);
    }

    @Test
    void theDfesDasherisedStatesAreReadAsOurs() {
        var r = DeclarationImportRules.check(row("started", "awaiting-clawback", S, C, null));
        assertThat(r.problems()).isEmpty();
        assertThat(r.row().state()).isEqualTo("awaiting_clawback");
        assertThat(r.row().createdAt()).isEqualTo(Instant.parse("2026-10-01T10:00:00Z")); // created_at defaults to the date
    }

    @ParameterizedTest(name = "{0} {1} statement={2} clawback={3} -> {4}")
    @CsvSource(nullValues = "NULL", delimiter = '|', value = {
        "started | submitted | NULL | NULL | NULL",
        "started | eligible | S | NULL | NULL",
        "started | voided | NULL | NULL | NULL",
        "started | eligible | NULL | NULL | statement_id: is required for a declaration in state eligible",
        "started | paid | NULL | NULL | statement_id: is required for a declaration in state paid",
        "started | submitted | S | NULL | statement_id: a submitted declaration is on no statement",
        "started | clawed-back | S | NULL | clawback_statement_id: is required for a declaration in state clawed_back",
        "started | paid | S | C | clawback_statement_id: only a clawed back declaration has one",
        "halfway | submitted | NULL | NULL | declaration_type: must be started, retained-1, retained-2 or completed",
        "started | lost | NULL | NULL | 'state: must be a declaration state (submitted, eligible, payable, paid, voided, ineligible, awaiting-clawback, clawed-back)'"})
    void statementsFollowTheState(String type, String state, String statement, String clawback, String problem) {
        var r = DeclarationImportRules.check(row(type, state, "S".equals(statement) ? S : statement, "C".equals(clawback) ? C : clawback, null));
        if (problem == null) assertThat(r.problems()).isEmpty();
        else assertThat(r.problems()).contains(problem);
    }

    @Test
    void onlyACompletedDeclarationHasPassed() {
        assertThat(DeclarationImportRules.check(row("completed", "submitted", null, null, true)).problems()).isEmpty();
        assertThat(DeclarationImportRules.check(row("started", "submitted", null, null, true)).problems())
                .contains("has_passed: only a completed declaration has one");
    }

    @Test
    void idsAndDatesAreChecked() {
        var r = DeclarationImportRules.check(new DeclarationImportRules.Row("x", null, "y", "started", "yesterday", "submitted", null, null,
                "z", null, null, null));
        assertThat(r.problems()).contains("declaration_id: must be a UUID", "application_id: is required", "participant_id: must be a UUID",
                "declaration_date: must be an RFC 3339 date and time", "delivery_partner_id: must be a UUID");
    }
}
