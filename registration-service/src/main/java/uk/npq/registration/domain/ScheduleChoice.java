package uk.npq.registration.domain;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Automatic schedule selection on accept (npq-domain.md f3) from the schedules' acceptance windows as data,
 * never from dates in code. Among the cohort's schedules for the course's group:
 * <ol>
 *   <li>a single schedule is the answer (e.g. 2026a has only spring; ASO only December has a window);</li>
 *   <li>otherwise the schedule whose acceptance window holds today (the latest-starting one when windows overlap);</li>
 *   <li>otherwise the schedule whose window is nearest to today: the latest-ending window when today is after all
 *       of them (the "fallback spring / june" of f3), the earliest-starting when before all of them; on a tie the
 *       later one.</li>
 * </ol>
 * Schedules without a window are chosen only when no schedule of the group has one.
 */
public final class ScheduleChoice {
    private ScheduleChoice() {}

    /** A candidate schedule; the window is null when the schedule is not chosen automatically. */
    public record Option(String identifier, LocalDate windowStart, LocalDate windowEnd, LocalDate appliesFrom) {
        boolean hasWindow() {
            return windowStart != null && windowEnd != null;
        }

        boolean holds(LocalDate day) {
            return hasWindow() && !day.isBefore(windowStart) && !day.isAfter(windowEnd);
        }
    }

    public static Optional<Option> choose(List<Option> candidates, LocalDate today) {
        if (candidates.isEmpty()) return Optional.empty();
        if (candidates.size() == 1) return Optional.of(candidates.get(0));
        var open = candidates.stream().filter(o -> o.holds(today)).max(Comparator.comparing(Option::windowStart));
        if (open.isPresent()) return open;
        List<Option> windowed = candidates.stream().filter(Option::hasWindow).toList();
        if (windowed.isEmpty()) return candidates.stream().max(Comparator.comparing(Option::appliesFrom));
        return windowed.stream().min(Comparator.comparingLong((Option o) -> distance(o, today))
                .thenComparing(Option::windowStart, Comparator.reverseOrder()));
    }

    /** Days from today to the window: until it opens, or since it closed. */
    private static long distance(Option o, LocalDate today) {
        return today.isBefore(o.windowStart()) ? ChronoUnit.DAYS.between(today, o.windowStart())
                : ChronoUnit.DAYS.between(o.windowEnd(), today);
    }
}
