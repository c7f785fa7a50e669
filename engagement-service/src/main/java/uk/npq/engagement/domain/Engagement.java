package uk.npq.engagement.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A participant's engagement on one course: the live measure (minutes of face-to-face sessions and webinars)
 * and the self-study measure (units), each held to the completion threshold on its own (the programme asks for
 * the threshold of live sessions and of self-study units). A measure without sessions does not count. The
 * headline percentages are the lower of the measures', the one that binds.
 */
public record Engagement(Measure live, Measure selfStudy, BigDecimal threshold) {
    public static final BigDecimal DEFAULT_THRESHOLD = BigDecimal.valueOf(90);

    public Engagement {
        Objects.requireNonNull(live);
        Objects.requireNonNull(selfStudy);
        if (!Thresholds.valid(threshold)) throw new IllegalArgumentException("threshold " + threshold);
    }

    /** One session as it counts for one participant. */
    public record Session(SessionKind kind, int weight, Instant scheduledAt, boolean attended, Integer minutes) {
        public Session {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(scheduledAt);
        }
    }

    /**
     * The engagement over the sessions that count for a participant (with their attendance, if any) at
     * {@code now}: a session has taken place when it is scheduled at or before now; credit is counted only for
     * sessions that have taken place.
     */
    public static Engagement of(Collection<Session> sessions, BigDecimal threshold, Instant now) {
        Measure live = Measure.NONE, selfStudy = Measure.NONE;
        for (Session s : sessions) {
            boolean held = !s.scheduledAt().isAfter(now);
            int credit = s.kind().credit(s.weight(), s.attended(), s.minutes());
            if (s.kind().countsUnits()) selfStudy = selfStudy.plus(s.weight(), held, credit);
            else live = live.plus(s.weight(), held, credit);
        }
        return new Engagement(live, selfStudy, threshold);
    }

    private Stream<Measure> counted() {
        return Stream.of(live, selfStudy).filter(Measure::hasSessions);
    }

    /** The lower to-date percentage of the measures; null while nothing has been required yet. */
    public BigDecimal percentToDate() {
        return counted().map(Measure::percentToDate).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The lower whole-course percentage of the measures; null when the course has no sessions. */
    public BigDecimal percentOfCourse() {
        return counted().map(Measure::percentOfCourse).min(Comparator.naturalOrder()).orElse(null);
    }

    /** The course has sessions and every measure with sessions has reached the threshold of its whole. */
    public boolean meetsThreshold() {
        return counted().findAny().isPresent() && counted().allMatch(m -> m.meets(threshold));
    }

    /** Some measure can no longer reach the threshold even if everything remaining is attended in full. */
    public boolean atRisk() {
        return counted().anyMatch(m -> m.outOfReach(threshold));
    }
}
