package uk.npq.funding.domain;

import java.util.Set;

/**
 * A course as funding-service's {@code course} table holds it (npq-domain.md f1), read by the caller and handed to the
 * engine, which does no I/O.
 *
 * @param identifier the course_identifier, e.g. npq-headship
 * @param shortCode  e.g. NPQH
 * @param group      picks the schedules, the contract defaults and the EHCO rule
 * @param family     the funding family (a scholarship is once per family, d3): the identifier, or ehco for EHCO and ASO
 */
public record CourseFacts(String identifier, String shortCode, Course.Group group, String family) {

    /** From the table's values; {@code group} as the course_group column spells it. */
    public static CourseFacts of(String identifier, String shortCode, String group, String family) {
        return new CourseFacts(identifier, shortCode, Course.Group.of(group), family);
    }

    /** This is the course a rule names. */
    public boolean is(Course course) {
        return course.identifier.equals(identifier);
    }

    /** This course is one of those a rule set names. */
    public boolean in(Set<Course> courses) {
        return courses.stream().anyMatch(this::is);
    }
}
