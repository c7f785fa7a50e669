package uk.npq.engagement.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link SessionSql}'s one job before JDBC: named parameters to {@code ?}, in order, leaving literals and casts alone. */
class SessionSqlTest {
    @Test
    void namedParametersBecomePositionalInTheOrderTheyAppearAndMayRepeat() {
        SessionSql s = new SessionSql("SELECT a FROM t WHERE x = CAST(:lp AS uuid) AND y = :type OR z = CAST(:lp AS uuid)");
        assertThat(s.sql).isEqualTo("SELECT a FROM t WHERE x = CAST(? AS uuid) AND y = ? OR z = CAST(? AS uuid)");
        assertThat(s.parameters()).containsExactly("lp", "type", "lp");
    }

    @Test
    void colonsInLiteralsAndPostgresCastsAreNotParameters() {
        SessionSql s = new SessionSql("SELECT 'milestone:' || :key || ':' || :type, x::text, 'a:b' FROM t WHERE d >= :today");
        assertThat(s.sql).isEqualTo("SELECT 'milestone:' || ? || ':' || ?, x::text, 'a:b' FROM t WHERE d >= ?");
        assertThat(s.parameters()).containsExactly("key", "type", "today");
    }

    @Test
    void theDeclarationStatementsNameEveryParameterTheyBind() {
        assertThat(DeclarationFactsResolver.FACTS_SQL.parameters()).containsExactlyElementsOf(List.of("lookup", "participant", "lp",
                "family", "lp", "today", "requestKey", "milestone", "familyKey", "type", "participant", "participant", "lp", "lp", "dp", "dp",
                "lp", "secondary", "secondary", "lp", "lp"));
        assertThat(DeclarationFactsResolver.FACTS_SQL.sql).doesNotContain(":lp", ":family").contains("ANY(CAST(? AS varchar[]))");
        assertThat(DeclarationFactsResolver.CHECKS_SQL.parameters()).containsExactly("lp", "digest", "application", "type", "trn",
                "participant", "type", "family", "statement");
        assertThat(StatementItems.INSERT_WITH_BILLING_ITEM.parameters()).hasSize(20).endsWith("at", "at", "item");
    }
}
