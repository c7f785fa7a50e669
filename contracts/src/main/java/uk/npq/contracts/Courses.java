package uk.npq.contracts;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The courses of npq-domain.md f1 as every service names them (the course_identifier of the API and the
 * events): each course's name, short code, group, and its family (EHCO and ASO are one family). The one Java source of
 * the course data: funding-service's {@code domain.Course} takes its data from here, its course table is checked
 * against it, and it publishes each course as {@code CourseDefined} on funding.reference.v1.
 */
public final class Courses {
    private static final Map<String, String> GROUP = Map.ofEntries(
            Map.entry("npq-early-years-leadership", "leadership"), Map.entry("npq-executive-leadership", "leadership"),
            Map.entry("npq-headship", "leadership"), Map.entry("npq-senior-leadership", "leadership"),
            Map.entry("npq-senco", "leadership"), Map.entry("npq-leading-behaviour-culture", "specialist"),
            Map.entry("npq-leading-literacy", "specialist"), Map.entry("npq-leading-primary-mathematics", "specialist"),
            Map.entry("npq-leading-teaching", "specialist"), Map.entry("npq-leading-teaching-development", "specialist"),
            Map.entry("npq-early-headship-coaching-offer", "ehco"), Map.entry("npq-additional-support-offer", "support"));
    private static final Map<String, String> SHORT_CODE = Map.ofEntries(
            Map.entry("npq-early-years-leadership", "NPQEYL"), Map.entry("npq-executive-leadership", "NPQEL"),
            Map.entry("npq-headship", "NPQH"), Map.entry("npq-senior-leadership", "NPQSL"), Map.entry("npq-senco", "NPQSENCO"),
            Map.entry("npq-leading-behaviour-culture", "NPQLBC"), Map.entry("npq-leading-literacy", "NPQLL"),
            Map.entry("npq-leading-primary-mathematics", "NPQLPM"), Map.entry("npq-leading-teaching", "NPQLT"),
            Map.entry("npq-leading-teaching-development", "NPQLTD"), Map.entry("npq-early-headship-coaching-offer", "EHCO"),
            Map.entry("npq-additional-support-offer", "ASO"));
    private static final Map<String, String> NAME = Map.ofEntries(
            Map.entry("npq-early-years-leadership", "Early years leadership"), Map.entry("npq-executive-leadership", "Executive leadership"),
            Map.entry("npq-headship", "Headship"), Map.entry("npq-senior-leadership", "Senior leadership"),
            Map.entry("npq-senco", "Special educational needs co-ordinator"),
            Map.entry("npq-leading-behaviour-culture", "Leading behaviour and culture"), Map.entry("npq-leading-literacy", "Leading literacy"),
            Map.entry("npq-leading-primary-mathematics", "Leading primary mathematics"), Map.entry("npq-leading-teaching", "Leading teaching"),
            Map.entry("npq-leading-teaching-development", "Leading teacher development"),
            Map.entry("npq-early-headship-coaching-offer", "Early headship coaching offer"),
            Map.entry("npq-additional-support-offer", "Additional support offer"));
    private static final Set<String> EHCO_FAMILY = Set.of("npq-early-headship-coaching-offer", "npq-additional-support-offer");

    private Courses() {}

    public static Set<String> identifiers() {
        return GROUP.keySet();
    }

    public static boolean exists(String identifier) {
        return identifier != null && GROUP.containsKey(identifier);
    }

    /** leadership, specialist, ehco or support. */
    public static Optional<String> group(String identifier) {
        return Optional.ofNullable(identifier == null ? null : GROUP.get(identifier));
    }

    /** The courses of the same family: the course itself, or both EHCO and ASO. */
    public static Set<String> family(String identifier) {
        return EHCO_FAMILY.contains(identifier) ? EHCO_FAMILY : Set.of(identifier);
    }

    public static boolean sameFamily(String a, String b) {
        return family(a).contains(b);
    }

    /** Outcomes and has_passed apply to leadership and specialist courses only (f1). */
    public static boolean hasOutcomes(String identifier) {
        return group(identifier).filter(g -> g.equals("leadership") || g.equals("specialist")).isPresent();
    }

    /** The course's name (f1), e.g. Headship. */
    public static Optional<String> name(String identifier) {
        return Optional.ofNullable(identifier == null ? null : NAME.get(identifier));
    }

    /**
     * The funding family's key, as funding-service stores it (a scholarship is once per family, d3): the identifier,
     * or {@code ehco} for EHCO and ASO.
     */
    public static String familyKey(String identifier) {
        return EHCO_FAMILY.contains(identifier) ? "ehco" : identifier;
    }

    /** The short code qualifications are reported by (f1), e.g. NPQH. */
    public static Optional<String> shortCode(String identifier) {
        return Optional.ofNullable(identifier == null ? null : SHORT_CODE.get(identifier));
    }
}
