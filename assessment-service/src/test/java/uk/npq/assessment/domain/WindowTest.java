package uk.npq.assessment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The window rule at its edges, in ordinary weeks and across both clock changes. */
class WindowTest {

    @ParameterizedTest(name = "{0}: opens {1}, closes {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2027-02-01 | 2027-02-01T00:01:00Z | 2027-02-08T23:59:00Z
            2027-03-25 | 2027-03-25T00:01:00Z | 2027-04-01T22:59:00Z
            2026-10-20 | 2026-10-19T23:01:00Z | 2026-10-27T23:59:00Z
            2027-03-28 | 2027-03-28T00:01:00Z | 2027-04-04T22:59:00Z
            2026-10-25 | 2026-10-24T23:01:00Z | 2026-11-01T23:59:00Z
            2027-07-01 | 2027-06-30T23:01:00Z | 2027-07-08T22:59:00Z
            """)
    void opensAt0001AndClosesAt2359LondonTimeWhateverTheClocksDo(LocalDate first, Instant opens, Instant closes) {
        Window w = new Window(first);
        assertThat(w.lastDay()).isEqualTo(first.plusDays(7));
        assertThat(w.opensAt()).isEqualTo(opens);
        assertThat(w.closesAt()).isEqualTo(closes);
        assertThat(w.lateFrom()).isEqualTo(closes.plusSeconds(60));
    }

    @ParameterizedTest(name = "{0} at {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2027-03-25 | 2027-03-25T00:00:59Z | UPCOMING
            2027-03-25 | 2027-03-25T00:01:00Z | OPEN
            2027-03-25 | 2027-03-28T01:30:00Z | OPEN
            2027-03-25 | 2027-04-01T22:59:00Z | OPEN
            2027-03-25 | 2027-04-01T22:59:59Z | OPEN
            2027-03-25 | 2027-04-01T23:00:00Z | CLOSED
            2026-10-20 | 2026-10-19T23:00:59Z | UPCOMING
            2026-10-20 | 2026-10-19T23:01:00Z | OPEN
            2026-10-20 | 2026-10-27T23:59:00Z | OPEN
            2026-10-20 | 2026-10-27T23:59:59Z | OPEN
            2026-10-20 | 2026-10-28T00:00:00Z | CLOSED
            2027-02-01 | 2027-02-08T23:59:30Z | OPEN
            2027-02-01 | 2027-02-09T00:00:00Z | CLOSED
            """)
    void theFirstAndLastMinuteAreInsideAndTheMinuteAfterIsOutside(LocalDate first, Instant now, Window.Status status) {
        assertThat(new Window(first).status(now)).isEqualTo(status);
        assertThat(new Window(first).accepts(now, null)).isEqualTo(status == Window.Status.OPEN);
    }

    @ParameterizedTest(name = "{0}: the window lasts {1} minutes")
    @CsvSource({"2027-02-01, 11519", "2027-03-25, 11459", "2026-10-20, 11579"})
    void aWindowAcrossAClockChangeIsAnHourShorterOrLonger(LocalDate first, long minutes) {
        Window w = new Window(first);
        assertThat(Duration.between(w.opensAt(), w.lateFrom()).toMinutes()).isEqualTo(minutes);
    }

    @ParameterizedTest(name = "extended to {1}, at {2}: {3}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            2026-10-20 | null       | 2026-10-28T00:00:00Z | false
            2026-10-20 | 2026-10-30 | 2026-10-28T00:00:00Z | true
            2026-10-20 | 2026-10-30 | 2026-10-30T23:59:59Z | true
            2026-10-20 | 2026-10-30 | 2026-10-31T00:00:00Z | false
            2027-03-25 | 2027-04-02 | 2027-04-02T22:59:59Z | true
            2027-03-25 | 2027-04-02 | 2027-04-02T23:00:00Z | false
            2027-03-25 | 2027-03-30 | 2027-04-01T22:59:00Z | true
            2027-03-25 | 2027-04-02 | 2027-03-25T00:00:00Z | false
            """)
    void anExtensionMovesTheLastDayAndKeeps2359(LocalDate first, LocalDate extendedTo, Instant now, boolean accepted) {
        assertThat(new Window(first).accepts(now, extendedTo)).isEqualTo(accepted);
    }

    @ParameterizedTest(name = "{0} and {1} overlap: {2}")
    @CsvSource({"2027-02-01, 2027-02-08, true", "2027-02-01, 2027-02-09, false", "2027-02-01, 2027-01-25, true",
            "2027-02-01, 2027-01-24, false", "2027-02-01, 2027-02-01, true"})
    void windowsThatShareADayOverlap(LocalDate a, LocalDate b, boolean overlap) {
        assertThat(new Window(a).overlaps(new Window(b))).isEqualTo(overlap);
        assertThat(new Window(b).overlaps(new Window(a))).isEqualTo(overlap);
    }
}
