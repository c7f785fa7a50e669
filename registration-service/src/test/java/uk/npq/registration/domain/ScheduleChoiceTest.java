package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * f3 from the schedules' acceptance windows as data. The windows are funding-service's seeds; each row is a
 * day of f3's table and the schedule f3 names for it.
 */
class ScheduleChoiceTest {
    static ScheduleChoice.Option o(String id, String from, String to, String appliesFrom) {
        return new ScheduleChoice.Option(id, from == null ? null : LocalDate.parse(from), to == null ? null : LocalDate.parse(to),
                LocalDate.parse(appliesFrom));
    }

    static final List<ScheduleChoice.Option> LEADERSHIP_2025 = List.of(
            o("npq-leadership-autumn", "2025-08-01", "2026-04-30", "2025-08-01"),
            o("npq-leadership-spring", "2024-06-28", "2025-06-06", "2025-02-01"));
    static final List<ScheduleChoice.Option> LEADERSHIP_2023 = List.of(
            o("npq-leadership-autumn", "2023-04-03", "2023-12-25", "2023-10-01"),
            o("npq-leadership-spring", "2023-12-26", "2024-04-02", "2024-01-01"));
    static final List<ScheduleChoice.Option> EHCO_2026B = List.of(
            o("npq-ehco-november", "2026-09-01", "2026-11-30", "2026-11-01"),
            o("npq-ehco-december", "2026-12-01", "2027-02-28", "2026-12-01"),
            o("npq-ehco-march", "2027-03-01", "2027-05-31", "2027-03-01"),
            o("npq-ehco-june", "2027-06-01", "2027-09-30", "2027-06-01"));
    static final List<ScheduleChoice.Option> ASO_2021 = List.of(
            o("npq-aso-november", null, null, "2021-11-01"), o("npq-aso-december", "2021-01-01", "2022-12-31", "2021-12-01"),
            o("npq-aso-march", null, null, "2022-03-01"), o("npq-aso-june", null, null, "2022-06-01"));

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({
            // cohort 2025: 1 Aug 2025 - 30 Apr 2026 autumn; 28 Jun 2024 - 6 Jun 2025 spring
            "leadership-2025, 2025-08-01, npq-leadership-autumn",
            "leadership-2025, 2026-04-30, npq-leadership-autumn",
            "leadership-2025, 2024-06-28, npq-leadership-spring",
            "leadership-2025, 2025-06-06, npq-leadership-spring",
            "leadership-2025, 2026-11-22, npq-leadership-autumn",   // after every window: the latest-ending
            // otherwise 3 Apr - 25 Dec autumn, 26 Dec - 2 Apr spring; after the last window: spring (f3's fallback)
            "leadership-2023, 2023-04-03, npq-leadership-autumn",
            "leadership-2023, 2023-12-25, npq-leadership-autumn",
            "leadership-2023, 2023-12-26, npq-leadership-spring",
            "leadership-2023, 2024-04-02, npq-leadership-spring",
            "leadership-2023, 2026-01-01, npq-leadership-spring",
            "leadership-2023, 2023-01-01, npq-leadership-autumn",   // before every window: the next to open
            // EHCO: Sep-Nov november, Dec-Feb december, Mar-May march, Jun-Sep june, fallback june
            "ehco-2026b, 2026-09-01, npq-ehco-november",
            "ehco-2026b, 2026-11-30, npq-ehco-november",
            "ehco-2026b, 2026-12-01, npq-ehco-december",
            "ehco-2026b, 2027-02-28, npq-ehco-december",
            "ehco-2026b, 2027-03-01, npq-ehco-march",
            "ehco-2026b, 2027-06-01, npq-ehco-june",
            "ehco-2026b, 2027-09-30, npq-ehco-june",
            "ehco-2026b, 2028-01-01, npq-ehco-june",
            // ASO: always december (the only schedule with a window)
            "aso-2021, 2021-06-01, npq-aso-december",
            "aso-2021, 2026-11-22, npq-aso-december",
    })
    void choosesTheScheduleOfF3(String set, String today, String expected) {
        List<ScheduleChoice.Option> options = switch (set) {
            case "leadership-2025" -> LEADERSHIP_2025;
            case "leadership-2023" -> LEADERSHIP_2023;
            case "ehco-2026b" -> EHCO_2026B;
            default -> ASO_2021;
        };
        assertThat(ScheduleChoice.choose(options, LocalDate.parse(today))).map(ScheduleChoice.Option::identifier).contains(expected);
    }

    @ParameterizedTest(name = "a single schedule ({0}) is the answer whatever the day")
    @CsvSource({"2026-01-01", "2030-12-31"})
    void aSingleScheduleIsTheAnswer(String today) {
        var only = List.of(o("npq-leadership-spring", "2025-09-01", "2026-08-31", "2026-01-01"));
        assertThat(ScheduleChoice.choose(only, LocalDate.parse(today))).map(ScheduleChoice.Option::identifier).contains("npq-leadership-spring");
        assertThat(ScheduleChoice.choose(List.of(), LocalDate.parse(today))).isEmpty();
    }
}
