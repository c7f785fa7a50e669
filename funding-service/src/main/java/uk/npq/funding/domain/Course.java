package uk.npq.funding.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import uk.npq.contracts.Courses;

/**
 * The NPQ courses of npq-domain.md f1 as the funding rules name them ({@link RuleSet} holds sets of them). Their data
 * (short code, group, funding family) is not repeated here: it is read from {@link Courses}, the one Java source, so
 * the two cannot disagree; a constant without a course there fails at class initialisation.
 */
public enum Course {
    EARLY_YEARS_LEADERSHIP("npq-early-years-leadership"),
    EXECUTIVE_LEADERSHIP("npq-executive-leadership"),
    HEADSHIP("npq-headship"),
    SENIOR_LEADERSHIP("npq-senior-leadership"),
    SENCO("npq-senco"),
    LEADING_BEHAVIOUR_CULTURE("npq-leading-behaviour-culture"),
    LEADING_LITERACY("npq-leading-literacy"),
    LEADING_PRIMARY_MATHEMATICS("npq-leading-primary-mathematics"),
    LEADING_TEACHING("npq-leading-teaching"),
    LEADING_TEACHING_DEVELOPMENT("npq-leading-teaching-development"),
    EARLY_HEADSHIP_COACHING_OFFER("npq-early-headship-coaching-offer"),
    ADDITIONAL_SUPPORT_OFFER("npq-additional-support-offer");

    public enum Group { LEADERSHIP, SPECIALIST, EHCO, SUPPORT }

    public final String identifier;
    public final String shortCode;
    public final Group group;

    Course(String identifier) {
        this.identifier = identifier;
        this.shortCode = Courses.shortCode(identifier).orElseThrow(() -> new IllegalStateException(identifier + " is not in Courses"));
        this.group = Group.valueOf(Courses.group(identifier).orElseThrow().toUpperCase(Locale.ROOT));
    }

    /** The funding family: a scholarship is once per family; EHCO and ASO are one family. */
    public String family() {
        return Courses.familyKey(identifier);
    }

    public static Optional<Course> byIdentifier(String identifier) {
        return Arrays.stream(values()).filter(c -> c.identifier.equals(identifier)).findFirst();
    }
}
