package uk.npq.funding.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The NPQ courses of npq-domain.md f1 as the funding rules name them ({@link RuleSet} holds sets of them): names for
 * rules, not data. A course's data (name, short code, group, funding family) is in funding-service's {@code course}
 * table, the one source, and reaches the engine as {@link CourseFacts}.
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

    /** The course groups of the course table's course_group (leadership, specialist, ehco, support). */
    public enum Group {
        LEADERSHIP, SPECIALIST, EHCO, SUPPORT;

        /** As the course_group column spells it. */
        public static Group of(String courseGroup) {
            return valueOf(courseGroup.toUpperCase(Locale.ROOT));
        }
    }

    public final String identifier;

    Course(String identifier) {
        this.identifier = identifier;
    }

    public static Optional<Course> byIdentifier(String identifier) {
        return Arrays.stream(values()).filter(c -> c.identifier.equals(identifier)).findFirst();
    }
}
