package uk.npq.engagement.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** What a session must be: a known course, a cohort, a kind, a title, a time and a weight its kind allows. */
public final class SessionRules {
    /** The NPQ courses (spec f1). */
    public static final Set<String> COURSES = Set.of("npq-early-years-leadership", "npq-executive-leadership", "npq-headship",
            "npq-senior-leadership", "npq-senco", "npq-leading-behaviour-culture", "npq-leading-literacy",
            "npq-leading-primary-mathematics", "npq-leading-teaching", "npq-leading-teaching-development",
            "npq-early-headship-coaching-offer", "npq-additional-support-offer");
    /** A cohort identifier: the start year and an optional intake letter, e.g. 2025 or 2026b. */
    public static final Pattern COHORT = Pattern.compile("20\\d\\d[a-z]?");
    public static final int TITLE_MAX = 200;

    private SessionRules() {}

    public record Input(String courseIdentifier, String cohort, String kind, String title, Instant scheduledAt,
                        Integer weight, UUID deliveryPartnerId) {}

    /** Every violation of the input, in attribute order; empty when it is a valid session. */
    public static List<Violation> check(Input in) {
        List<Violation> out = new ArrayList<>();
        if (blank(in.courseIdentifier())) out.add(new Violation("course_identifier", "Enter a '#/course_identifier' value for this session."));
        else if (!COURSES.contains(in.courseIdentifier())) {
            out.add(new Violation("course_identifier", "The entered '#/course_identifier' is not recognised. Check details and try again."));
        }
        if (blank(in.cohort())) out.add(new Violation("cohort", "Enter a '#/cohort' value for this session."));
        else if (!COHORT.matcher(in.cohort()).matches()) {
            out.add(new Violation("cohort", "The '#/cohort' must be a cohort identifier such as 2026b."));
        }
        var kind = in.kind() == null ? null : SessionKind.of(in.kind()).orElse(null);
        if (blank(in.kind())) out.add(new Violation("kind", "Enter a '#/kind' value for this session."));
        else if (kind == null) out.add(new Violation("kind", "The '#/kind' must be face_to_face, webinar or self_directed_study_unit."));
        if (blank(in.title())) out.add(new Violation("title", "Enter a '#/title' value for this session."));
        else if (in.title().strip().length() > TITLE_MAX) out.add(new Violation("title", "The '#/title' must be at most " + TITLE_MAX + " characters."));
        if (in.scheduledAt() == null) out.add(new Violation("scheduled_at", "Enter a '#/scheduled_at' value (an RFC 3339 date and time)."));
        if (in.weight() == null) out.add(new Violation("weight", "Enter a '#/weight' value: minutes for a live session, units for a self-directed study unit."));
        else if (in.weight() < 1) out.add(new Violation("weight", "The '#/weight' must be at least 1."));
        else if (kind != null && in.weight() > kind.maxWeight()) {
            out.add(new Violation("weight", "The '#/weight' of a " + kind.code() + " must be at most " + kind.maxWeight()
                    + (kind.countsUnits() ? " units." : " minutes.")));
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
