package uk.npq.engagement.domain;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a session is and how its weight is counted: live sessions (face to face, webinar) in minutes, a
 * self-directed study unit in units (attended means the whole unit).
 */
public enum SessionKind {
    FACE_TO_FACE("face_to_face", false),
    WEBINAR("webinar", false),
    SELF_DIRECTED_STUDY_UNIT("self_directed_study_unit", true);

    /** The most a live session may weigh (a day), and a unit session. */
    public static final int MAX_MINUTES = 24 * 60;
    public static final int MAX_UNITS = 100;

    private final String code;
    private final boolean units;

    SessionKind(String code, boolean units) {
        this.code = code;
        this.units = units;
    }

    public String code() {
        return code;
    }

    /** True when the weight counts units, false when it counts minutes. */
    public boolean countsUnits() {
        return units;
    }

    public int maxWeight() {
        return units ? MAX_UNITS : MAX_MINUTES;
    }

    public static Optional<SessionKind> of(String code) {
        return Arrays.stream(values()).filter(k -> k.code.equals(code)).findFirst();
    }

    /**
     * What one attendance counts towards engagement: nothing when absent; for a unit its whole weight; for a
     * live session the minutes attended (the whole session when no minutes are given), never above the weight.
     */
    public int credit(int weight, boolean attended, Integer minutes) {
        if (!attended) return 0;
        if (units || minutes == null) return weight;
        return Math.max(0, Math.min(minutes, weight));
    }
}
