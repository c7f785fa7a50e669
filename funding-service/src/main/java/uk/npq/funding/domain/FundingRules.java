package uk.npq.funding.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The funding decision as a pure function (npq-domain.md d2, evaluated top to bottom, first match wins),
 * with the rule set chosen by cohort (d3). This first cut implements rows 1 (unfunded cohort) and 2 (not
 * in England); every application they do not settle goes to an admin as subject_to_review, never to a
 * "funded" it has not earned. The complete table is the funding-engine issue.
 */
public final class FundingRules {
    public static final String FUNDED = "funded";
    public static final String UNFUNDED_COHORT = "unfunded_cohort";
    public static final String NOT_IN_ENGLAND = "not_in_england";
    public static final String SUBJECT_TO_REVIEW = "subject_to_review";

    private FundingRules() {}

    /** What the decision reads: the cohort's funding type (empty when the cohort is unknown) and the answers. */
    public record Inputs(String cohort, Optional<String> cohortFunding, String teacherCatchment, String courseIdentifier) {}

    public record Decision(String code, boolean eligible, boolean reviewRequired, String ruleSet, List<String> trace) {}

    public static Decision decide(Inputs in) {
        String ruleSet = ruleSet(in.cohort());
        List<String> trace = new ArrayList<>();
        trace.add("rule set " + ruleSet + " (cohort " + in.cohort() + ")");
        if (in.cohortFunding().isEmpty()) {
            trace.add("cohort " + in.cohort() + " is not a known cohort: an admin must review -> " + SUBJECT_TO_REVIEW);
            return new Decision(SUBJECT_TO_REVIEW, false, true, ruleSet, trace);
        }
        if ("zero".equals(in.cohortFunding().get())) {
            trace.add("1: cohort funding is zero -> " + UNFUNDED_COHORT);
            return new Decision(UNFUNDED_COHORT, false, false, ruleSet, trace);
        }
        trace.add("1: cohort funding is " + in.cohortFunding().get() + ": not unfunded");
        if (!"england".equals(in.teacherCatchment())) {
            trace.add("2: works outside England (teacher_catchment " + in.teacherCatchment() + ") -> " + NOT_IN_ENGLAND);
            return new Decision(NOT_IN_ENGLAND, false, false, ruleSet, trace);
        }
        trace.add("2: works in England");
        trace.add("rows 3-26 are not yet implemented: an admin must review -> " + SUBJECT_TO_REVIEW);
        return new Decision(SUBJECT_TO_REVIEW, false, true, ruleSet, trace);
    }

    /** The rule set of a cohort (d3): 2021-23, 2024 and spring 2025, autumn 2025, 2026. */
    public static String ruleSet(String cohort) {
        if (cohort == null || cohort.length() < 4) return "unknown";
        int year;
        try {
            year = Integer.parseInt(cohort.substring(0, 4));
        } catch (NumberFormatException e) {
            return "unknown";
        }
        if (year <= 2023) return "2021-2023";
        if (year == 2024) return "2024-spring-2025";
        if (year == 2025) return "autumn-2025";
        return "2026";
    }
}
