package uk.npq.assessment.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The window rule: an assessment window is 8 calendar days in Europe/London. It opens at 00:01 on its first day
 * and its last minute is 23:59 on the eighth day (the whole of that minute counts), whatever the clocks do in
 * between: a window across the last Sunday of March or October still closes at 23:59 local time. An extension
 * moves the last day; its last minute is 23:59 London time too.
 */
public record Window(LocalDate firstDay) {
    public static final ZoneId LONDON = ZoneId.of("Europe/London");
    public static final int DAYS = 8;
    static final LocalTime OPENS = LocalTime.of(0, 1);
    static final LocalTime LAST_MINUTE = LocalTime.of(23, 59);

    public enum Status { UPCOMING, OPEN, CLOSED }

    public LocalDate lastDay() {
        return firstDay.plusDays(DAYS - 1);
    }

    /** 00:01 London time on the first day (never in a clock-change gap: London changes at 01:00 and 02:00). */
    public Instant opensAt() {
        return firstDay.atTime(OPENS).atZone(LONDON).toInstant();
    }

    /** 23:59 London time on the last day: the start of the last minute in which a submission is accepted. */
    public Instant closesAt() {
        return lastMinute(lastDay());
    }

    /** The first instant at which a submission is late: the end of the 23:59 minute of the last day. */
    public Instant lateFrom() {
        return lateFrom(lastDay());
    }

    public Status status(Instant now) {
        if (now.isBefore(opensAt())) return Status.UPCOMING;
        return now.isBefore(lateFrom()) ? Status.OPEN : Status.CLOSED;
    }

    /** On time for this window, or for an extension whose last day is {@code extendedTo} (null: none). */
    public boolean accepts(Instant now, LocalDate extendedTo) {
        if (now.isBefore(opensAt())) return false;
        LocalDate last = extendedTo != null && extendedTo.isAfter(lastDay()) ? extendedTo : lastDay();
        return now.isBefore(lateFrom(last));
    }

    /** Whether another window of the same course and cohort shares a day with this one. */
    public boolean overlaps(Window other) {
        return !other.firstDay.isAfter(lastDay()) && !firstDay.isAfter(other.lastDay());
    }

    public static Instant lastMinute(LocalDate day) {
        return day.atTime(LAST_MINUTE).atZone(LONDON).toInstant();
    }

    public static Instant lateFrom(LocalDate day) {
        return lastMinute(day).plusSeconds(60);
    }

    /** The London calendar day of an instant (completion dates, "today"). */
    public static LocalDate londonDate(Instant instant) {
        return instant.atZone(LONDON).toLocalDate();
    }
}
