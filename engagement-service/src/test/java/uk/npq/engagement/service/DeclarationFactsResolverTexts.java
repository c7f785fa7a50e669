package uk.npq.engagement.service;

/** The JDBC texts of the declaration POST's facts and checks (package-private in main), for the statement tests. */
public final class DeclarationFactsResolverTexts {
    private DeclarationFactsResolverTexts() {}

    public static String facts() {
        return DeclarationFactsResolver.FACTS_SQL.sql;
    }

    public static String checks() {
        return DeclarationFactsResolver.CHECKS_SQL.sql;
    }
}
