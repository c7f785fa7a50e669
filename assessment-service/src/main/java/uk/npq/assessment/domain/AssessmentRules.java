package uk.npq.assessment.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The form of what lead providers, markers, moderators and candidates send: a window with its word limit and
 * marking criteria, a submission, a mark, a moderation and an appeal. Every broken rule names its attribute.
 */
public final class AssessmentRules {
    static final Pattern COHORT = Pattern.compile("^20[0-9]{2}[a-z]?$");
    public static final int MAX_WORD_LIMIT = 20_000;
    public static final int MAX_TEXT = 200_000;
    public static final int MAX_COMMENT = 10_000;
    public static final Set<String> CRITERION_KINDS = Set.of("learn_that", "learn_how_to");
    public static final Set<String> RESULTS = Set.of("pass", "fail");

    /**
     * Default word limits (npq-domain.md h, one lead provider's): the specialist NPQs 1,500; NPQSL 2,000; NPQH and
     * NPQEL 2,500. NPQEYL and NPQSENCO, which the source does not name, take NPQSL's 2,000.
     */
    static final Map<String, Integer> DEFAULT_WORD_LIMITS = Map.ofEntries(
            Map.entry("npq-leading-teaching", 1500), Map.entry("npq-leading-teaching-development", 1500),
            Map.entry("npq-leading-behaviour-culture", 1500), Map.entry("npq-leading-literacy", 1500),
            Map.entry("npq-leading-primary-mathematics", 1500), Map.entry("npq-senior-leadership", 2000),
            Map.entry("npq-early-years-leadership", 2000), Map.entry("npq-senco", 2000),
            Map.entry("npq-headship", 2500), Map.entry("npq-executive-leadership", 2500));

    private AssessmentRules() {}

    /** The default word limit of a course that has an assessment (leadership and specialist NPQs). */
    public static Optional<Integer> defaultWordLimit(String course) {
        return Optional.ofNullable(course == null ? null : DEFAULT_WORD_LIMITS.get(course));
    }

    public record Criterion(String kind, String statement) {}

    /**
     * A window to publish. {@code courseHasOutcomes}: whether outcomes apply to the course (f1) as funding-service's
     * courses say; null when there is no such course.
     */
    public record WindowInput(String courseIdentifier, Boolean courseHasOutcomes, String cohort, LocalDate firstDay, Integer wordLimit,
                              List<Criterion> criteria) {}

    public static List<Violation> check(WindowInput in) {
        List<Violation> out = new ArrayList<>();
        if (blank(in.courseIdentifier())) out.add(new Violation("course_identifier", "Enter a '#/course_identifier'."));
        else if (in.courseHasOutcomes() == null) {
            out.add(new Violation("course_identifier", "The entered '#/course_identifier' is not recognised."));
        } else if (!in.courseHasOutcomes()) {
            out.add(new Violation("course_identifier", "This course has no final assessment."));
        }
        if (blank(in.cohort())) out.add(new Violation("cohort", "Enter a '#/cohort' value."));
        else if (!COHORT.matcher(in.cohort()).matches()) {
            out.add(new Violation("cohort", "The '#/cohort' must be a start year with an optional intake letter, e.g. 2026b."));
        }
        if (in.firstDay() == null) out.add(new Violation("first_day", "Enter the '#/first_day' of the window (YYYY-MM-DD)."));
        if (in.wordLimit() != null && (in.wordLimit() < 1 || in.wordLimit() > MAX_WORD_LIMIT)) {
            out.add(new Violation("word_limit", "The '#/word_limit' must be between 1 and " + MAX_WORD_LIMIT + "."));
        }
        if (in.criteria() == null || in.criteria().isEmpty()) {
            out.add(new Violation("criteria", "Enter the marking '#/criteria': at least one \"learn that\" or \"learn how to\" statement."));
        } else {
            for (int i = 0; i < in.criteria().size(); i++) {
                Criterion c = in.criteria().get(i);
                if (c == null || c.kind() == null || !CRITERION_KINDS.contains(c.kind())) {
                    out.add(new Violation("criteria[" + i + "].kind", "The kind must be learn_that or learn_how_to."));
                }
                if (c == null || blank(c.statement()) || c.statement().length() > 2000) {
                    out.add(new Violation("criteria[" + i + "].statement", "Enter the statement (at most 2,000 characters)."));
                }
            }
        }
        return out;
    }

    /** A submission: the text, or a reference to a document with its declared word count. */
    public record SubmissionInput(String text, String documentReference, Integer declaredWordCount) {}

    public static List<Violation> check(SubmissionInput in) {
        List<Violation> out = new ArrayList<>();
        boolean text = in.text() != null, document = in.documentReference() != null;
        if (text == document) {
            out.add(new Violation("text", "Send either the '#/text' or a '#/document_reference' with its '#/declared_word_count'."));
            return out;
        }
        if (text) {
            if (WordCount.of(in.text()) == 0) out.add(new Violation("text", "The '#/text' holds no words."));
            if (in.text().length() > MAX_TEXT) out.add(new Violation("text", "The '#/text' is longer than " + MAX_TEXT + " characters."));
            if (in.declaredWordCount() != null) {
                out.add(new Violation("declared_word_count", "The words of a text are counted by the server: leave '#/declared_word_count' out."));
            }
        } else {
            if (blank(in.documentReference()) || in.documentReference().length() > 500) {
                out.add(new Violation("document_reference", "Enter the '#/document_reference' (at most 500 characters)."));
            }
            if (in.declaredWordCount() == null || in.declaredWordCount() < 1) {
                out.add(new Violation("declared_word_count", "Enter the document's '#/declared_word_count' (a whole number, at least 1)."));
            }
        }
        return out;
    }

    /** Over the limit: the words counted (or declared) and the limit, in words a participant can act on. */
    public static Optional<Violation> overLimit(String attribute, int words, int limit) {
        if (words <= limit) return Optional.empty();
        return Optional.of(new Violation(attribute, String.format("The submission has %,d words; the limit is %,d.", words, limit)));
    }

    /** One criterion's judgement by the marker: which criterion (its position, from 1), met or not, a comment. */
    public record Judgement(Integer criterion, Boolean met, String comment) {}

    public record MarkInput(String result, String comments, List<Judgement> criteria) {}

    public static List<Violation> check(MarkInput in, int criteriaCount) {
        List<Violation> out = new ArrayList<>();
        result(in.result(), out);
        comment("comments", in.comments(), true, out);
        if (in.criteria() == null || in.criteria().size() != criteriaCount) {
            out.add(new Violation("criteria", "Judge each of the window's " + criteriaCount + " criteria exactly once."));
            return out;
        }
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < in.criteria().size(); i++) {
            Judgement j = in.criteria().get(i);
            if (j == null || j.criterion() == null || j.criterion() < 1 || j.criterion() > criteriaCount || !seen.add(j.criterion())) {
                out.add(new Violation("criteria[" + i + "].criterion", "Name each criterion once, by its position 1 to " + criteriaCount + "."));
            }
            if (j == null || j.met() == null) out.add(new Violation("criteria[" + i + "].met", "Say whether the criterion is met (true or false)."));
            if (j != null) comment("criteria[" + i + "].comment", j.comment(), false, out);
        }
        return out;
    }

    public record ModerationInput(String result, String comments) {}

    public static List<Violation> check(ModerationInput in) {
        List<Violation> out = new ArrayList<>();
        result(in.result(), out);
        comment("comments", in.comments(), false, out);
        return out;
    }

    public record AppealInput(String reason, String decision, String result) {}

    public static List<Violation> check(AppealInput in) {
        List<Violation> out = new ArrayList<>();
        comment("reason", in.reason(), true, out);
        if (!"upheld".equals(in.decision()) && !"dismissed".equals(in.decision())) {
            out.add(new Violation("decision", "The '#/decision' must be upheld or dismissed."));
        } else if ("upheld".equals(in.decision())) {
            result(in.result(), out);
        } else if (in.result() != null) {
            out.add(new Violation("result", "A dismissed appeal changes no result: leave '#/result' out."));
        }
        return out;
    }

    private static void result(String result, List<Violation> out) {
        if (result == null || !RESULTS.contains(result)) out.add(new Violation("result", "The '#/result' must be pass or fail."));
    }

    private static void comment(String attribute, String value, boolean required, List<Violation> out) {
        if (required && blank(value)) out.add(new Violation(attribute, "Enter the '#/" + attribute + "'."));
        else if (value != null && value.length() > MAX_COMMENT) {
            out.add(new Violation(attribute, "The '#/" + attribute + "' is longer than " + MAX_COMMENT + " characters."));
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
