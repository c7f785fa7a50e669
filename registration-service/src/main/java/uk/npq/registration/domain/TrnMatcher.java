package uk.npq.registration.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Matching what a participant typed against the teacher record (npq-domain.md e3), without any framework:
 * the record comes from a {@link Lookup} the caller supplies.
 *
 * <ol>
 * <li>TRN and NINO both blank: {@link Outcome#TRN_AND_NINO_BLANK}, no lookup. TRN blank: the placeholder
 *     {@value #PLACEHOLDER_TRN}, which matches nobody and so forces the NINO search.</li>
 * <li>Look up by the (padded) TRN, date of birth and NINO.</li>
 * <li>No record: {@link Outcome#NO_MATCH_FOUND}; a record that is not active: {@link Outcome#FOUND_BUT_NOT_ACTIVE}.</li>
 * <li>Score four checks: TRN equal; name (see {@link #nameMatches}); date of birth equal; NINO equal
 *     (case-insensitive, spaces ignored, only when supplied).</li>
 * <li>Three or more: {@link Outcome#VERIFIED}. The TRN matched but fewer: verified when, in first-name mode,
 *     exactly two matched and the name is the only miss; otherwise the participant probably typed someone
 *     else's TRN, so look up once more with the placeholder (NINO and date of birth). Else no match.</li>
 * </ol>
 *
 * <p>"The only miss is the name" is read literally: a NINO that was not supplied is not a miss, a NINO that
 * was supplied and differs is. (The historic implementation accepted any two matches with the name among the
 * misses, which verifies a twin who typed the other twin's TRN: same date of birth, different name and NINO.
 * Here that case is retried by NINO and finds the right record.)
 *
 * <p>Previous names are not matched: e3 compares the record's current name only. In the default first-name
 * mode a surname change (marriage) matches anyway; a changed first name counts as a name miss, which the
 * two-match rule above still accepts when TRN and date of birth match. The record's previous names are
 * returned with a verified result, for the caller to keep.
 */
public final class TrnMatcher {
    /** Stands for "no TRN": no record has it, so a lookup with it can only find someone by NINO. */
    public static final String PLACEHOLDER_TRN = "0000001";
    /** Titles stripped from the front of a typed name (with or without a full stop), in any case. */
    public static final Set<String> TITLES = Set.of("mr", "mrs", "miss", "ms", "dr", "prof", "rev");

    public enum Outcome { VERIFIED, NO_MATCH_FOUND, FOUND_BUT_NOT_ACTIVE, TRN_AND_NINO_BLANK }

    /** How the typed name is compared: e3's default is the first name only. */
    public enum NameMode { FIRST_NAME_ONLY, FULL_NAME }

    /** What the matcher reads of a teacher record. */
    public interface TeacherRecord {
        String trn();
        String firstName();
        String middleName();
        String lastName();
        LocalDate dateOfBirth();
        String nationalInsuranceNumber();
        List<PersonName> previousNames();
        boolean active();
    }

    /** Finds the record for a TRN (or the placeholder), a date of birth and an optional NINO. */
    @FunctionalInterface
    public interface Lookup<E extends Exception> {
        Optional<? extends TeacherRecord> find(String trn, LocalDate dateOfBirth, String nationalInsuranceNumberOrNull) throws E;
    }

    /** Which of the four checks matched the record that decided the outcome (all false when none did). */
    public record Checks(boolean trn, boolean name, boolean dateOfBirth, boolean nationalInsuranceNumber) {
        static final Checks NONE = new Checks(false, false, false, false);

        public int count() {
            return (trn ? 1 : 0) + (name ? 1 : 0) + (dateOfBirth ? 1 : 0) + (nationalInsuranceNumber ? 1 : 0);
        }
    }

    /**
     * The outcome; for {@link Outcome#VERIFIED} the matched record's TRN (which may differ from the typed one)
     * and its previous names, otherwise no TRN and no names.
     */
    public record Result(Outcome outcome, Optional<String> trn, List<PersonName> previousNames, Checks checks) {
        public Result {
            previousNames = List.copyOf(previousNames);
        }

        public boolean verified() {
            return outcome == Outcome.VERIFIED;
        }

        static Result failure(Outcome outcome) {
            return new Result(outcome, Optional.empty(), List.of(), Checks.NONE);
        }
    }

    private final NameMode nameMode;

    /** e3's default: first names only. */
    public TrnMatcher() {
        this(NameMode.FIRST_NAME_ONLY);
    }

    public TrnMatcher(NameMode nameMode) {
        this.nameMode = nameMode;
    }

    /**
     * @param trn a TRN as {@link Trn#normalise} gives it (it is padded again here), or null/blank
     * @param nationalInsuranceNumber optional; null or blank when not supplied
     * @throws IllegalArgumentException when a non-blank TRN is not a valid TRN
     * @throws E whatever the lookup throws (e.g. the teacher record being unavailable)
     */
    public <E extends Exception> Result match(String trn, String fullName, LocalDate dateOfBirth, String nationalInsuranceNumber,
                                              Lookup<E> lookup) throws E {
        String nino = blank(nationalInsuranceNumber) ? null : nationalInsuranceNumber;
        if (blank(trn) && nino == null) return Result.failure(Outcome.TRN_AND_NINO_BLANK);
        String used = blank(trn) ? PLACEHOLDER_TRN : padded(trn);
        return check(used, fullName, dateOfBirth, nino, lookup);
    }

    private <E extends Exception> Result check(String trn, String fullName, LocalDate dateOfBirth, String nino,
                                               Lookup<E> lookup) throws E {
        Optional<? extends TeacherRecord> found = lookup.find(trn, dateOfBirth, nino);
        if (found.isEmpty()) return Result.failure(Outcome.NO_MATCH_FOUND);
        TeacherRecord record = found.get();
        if (!record.active()) return Result.failure(Outcome.FOUND_BUT_NOT_ACTIVE);

        Checks checks = new Checks(
                trn.equals(record.trn()),
                nameMatches(fullName, record, nameMode),
                dateOfBirth != null && dateOfBirth.equals(record.dateOfBirth()),
                nino != null && record.nationalInsuranceNumber() != null
                        && squeezed(nino).equalsIgnoreCase(squeezed(record.nationalInsuranceNumber())));
        if (checks.count() >= 3) return verified(record, checks);
        if (checks.trn()) {
            if (nameMode == NameMode.FIRST_NAME_ONLY && checks.count() == 2 && onlyTheNameMissed(checks, nino)) {
                return verified(record, checks);
            }
            // probably someone else's TRN: search by NINO and date of birth (a search without a NINO finds nobody)
            if (!trn.equals(PLACEHOLDER_TRN) && nino != null) {
                return check(PLACEHOLDER_TRN, fullName, dateOfBirth, nino, lookup);
            }
        }
        return Result.failure(Outcome.NO_MATCH_FOUND);
    }

    private static boolean onlyTheNameMissed(Checks checks, String nino) {
        return !checks.name() && checks.dateOfBirth() && (nino == null || checks.nationalInsuranceNumber());
    }

    private static Result verified(TeacherRecord record, Checks checks) {
        List<PersonName> previous = record.previousNames() == null ? List.of() : record.previousNames();
        return new Result(Outcome.VERIFIED, Optional.of(record.trn()), previous, checks);
    }

    /**
     * Titles are stripped from the front of the typed name and case is ignored. First-name mode compares the
     * first remaining word with the record's first name (its first word); full-name mode compares all the
     * words with the record's first, middle and last names (or first and last). A typed name that is blank
     * or only titles never matches.
     */
    public static boolean nameMatches(String typedFullName, TeacherRecord record, NameMode mode) {
        List<String> typed = new ArrayList<>(words(typedFullName));
        while (!typed.isEmpty() && TITLES.contains(typed.getFirst())) typed.removeFirst();
        List<String> first = words(record.firstName());
        if (typed.isEmpty() || first.isEmpty()) return false;
        if (mode == NameMode.FIRST_NAME_ONLY) return typed.getFirst().equals(first.getFirst());
        List<String> last = words(record.lastName());
        List<String> withMiddle = Stream.of(first, words(record.middleName()), last).flatMap(List::stream).toList();
        List<String> withoutMiddle = Stream.of(first, last).flatMap(List::stream).toList();
        return typed.equals(withMiddle) || typed.equals(withoutMiddle);
    }

    private static List<String> words(String s) {
        if (blank(s)) return List.of();
        return Arrays.stream(s.trim().toLowerCase(Locale.ROOT).split("\\s+"))
                .map(w -> w.endsWith(".") ? w.substring(0, w.length() - 1) : w)
                .filter(w -> !w.isEmpty())
                .toList();
    }

    private static String padded(String trn) {
        return Trn.normalise(trn).trn().orElseThrow(() -> new IllegalArgumentException("not a valid TRN"));
    }

    private static String squeezed(String s) {
        return s.replaceAll("\\s+", "");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
