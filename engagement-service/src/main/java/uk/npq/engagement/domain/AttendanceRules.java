package uk.npq.engagement.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of an attendance upload (participant_id, session_id, attended, minutes) as text, whether it came
 * from CSV or JSON: its own form, and then what its session allows.
 */
public final class AttendanceRules {
    private AttendanceRules() {}

    /** A row that reads: who, which session, present or not, and the minutes when given. */
    public record Row(UUID participantId, UUID sessionId, boolean attended, Integer minutes) {}

    /** The row, or the reasons it cannot be read (each naming its column). */
    public record Parsed(Row row, List<String> reasons) {
        public boolean ok() {
            return reasons.isEmpty();
        }
    }

    public static Parsed parse(String participantId, String sessionId, String attended, String minutes) {
        List<String> reasons = new ArrayList<>();
        UUID participant = uuid("participant_id", participantId, reasons);
        UUID session = uuid("session_id", sessionId, reasons);
        Boolean present = null;
        if (blank(attended)) reasons.add("attended: enter true or false");
        else present = bool(attended).orElse(null);
        if (!blank(attended) && present == null) reasons.add("attended: '" + shorten(attended) + "' is not true or false");
        Integer mins = null;
        if (!blank(minutes)) {
            try {
                mins = Integer.valueOf(minutes.strip());
                if (mins < 0) reasons.add("minutes: must not be negative");
            } catch (NumberFormatException e) {
                reasons.add("minutes: '" + shorten(minutes) + "' is not a whole number");
            }
        }
        if (Boolean.FALSE.equals(present) && mins != null && mins > 0) {
            reasons.add("minutes: a participant who did not attend has no minutes (" + mins + " given)");
        }
        return new Parsed(reasons.isEmpty() ? new Row(participant, session, present, mins) : null, reasons);
    }

    /** What the session's kind and weight allow of the row: empty when it fits. */
    public static List<String> fit(Row row, SessionKind kind, int weight) {
        if (row.minutes() == null) return List.of();
        if (kind.countsUnits()) {
            return List.of("minutes: a self_directed_study_unit counts units, not minutes; leave minutes blank (attended true counts the whole unit)");
        }
        if (row.minutes() > weight) {
            return List.of("minutes: " + row.minutes() + " is more than the session's " + weight + " minutes");
        }
        return List.of();
    }

    private static Optional<Boolean> bool(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> Optional.of(true);
            case "false", "no", "n", "0" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private static UUID uuid(String column, String value, List<String> reasons) {
        if (blank(value)) {
            reasons.add(column + ": enter the " + column.replace('_', ' ').replace(" id", "'s id"));
            return null;
        }
        try {
            UUID id = UUID.fromString(value.strip());
            if (id.toString().equalsIgnoreCase(value.strip())) return id;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        reasons.add(column + ": '" + shorten(value) + "' is not a UUID");
        return null;
    }

    private static String shorten(String s) {
        String v = s.strip();
        return v.length() <= 40 ? v : v.substring(0, 40) + "...";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
