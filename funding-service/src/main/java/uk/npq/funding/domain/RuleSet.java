package uk.npq.funding.domain;

import static uk.npq.funding.domain.Course.EARLY_YEARS_LEADERSHIP;
import static uk.npq.funding.domain.Course.EXECUTIVE_LEADERSHIP;
import static uk.npq.funding.domain.Course.HEADSHIP;
import static uk.npq.funding.domain.Course.LEADING_BEHAVIOUR_CULTURE;
import static uk.npq.funding.domain.Course.LEADING_LITERACY;
import static uk.npq.funding.domain.Course.LEADING_PRIMARY_MATHEMATICS;
import static uk.npq.funding.domain.Course.LEADING_TEACHING;
import static uk.npq.funding.domain.Course.LEADING_TEACHING_DEVELOPMENT;
import static uk.npq.funding.domain.Course.SENCO;
import static uk.npq.funding.domain.Course.SENIOR_LEADERSHIP;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The funding rule sets of npq-domain.md d3, each judging the cohorts it was written for. The decision
 * order is the same (d2); what differs between sets is captured here as data.
 */
public enum RuleSet {
    /** Autumn 2021 to 2023/24: every NPQ funded in state-funded schools and 16-19 settings in England. */
    Y2021_2023("2021-2023",
            EnumSet.noneOf(Course.class), false, true,
            EnumSet.allOf(Course.class), false, false, EnumSet.allOf(Course.class), true),
    /**
     * Autumn 2024 and spring 2025: NPQH, NPQLPM, NPQSENCO universal in publicly funded schools (maintained
     * nursery schools included, with no list); the rest PP50 only; EYL for disadvantaged early-years settings.
     */
    Y2024_SPRING_2025("2024-spring-2025",
            EnumSet.of(LEADING_BEHAVIOUR_CULTURE, LEADING_LITERACY, LEADING_TEACHING, LEADING_TEACHING_DEVELOPMENT,
                    EXECUTIVE_LEADERSHIP, SENIOR_LEADERSHIP, EARLY_YEARS_LEADERSHIP),
            false, false, EnumSet.of(SENCO, HEADSHIP, LEADING_PRIMARY_MATHEMATICS), false, true,
            EnumSet.of(SENCO, HEADSHIP), false),
    /** Autumn 2025 (code before June 2026): NPQSL and NPQEYL PP50 only; disadvantage lists for early years. */
    AUTUMN_2025("autumn-2025",
            EnumSet.of(LEADING_PRIMARY_MATHEMATICS, LEADING_BEHAVIOUR_CULTURE, LEADING_LITERACY, LEADING_TEACHING,
                    LEADING_TEACHING_DEVELOPMENT, EXECUTIVE_LEADERSHIP, SENIOR_LEADERSHIP, EARLY_YEARS_LEADERSHIP),
            true, false, EnumSet.of(SENCO, HEADSHIP, EARLY_YEARS_LEADERSHIP), true, true,
            EnumSet.of(SENCO, HEADSHIP), false),
    /** 2026 recruitment (d2 as written). */
    Y2026("2026",
            EnumSet.of(LEADING_PRIMARY_MATHEMATICS, LEADING_BEHAVIOUR_CULTURE, LEADING_LITERACY, LEADING_TEACHING,
                    LEADING_TEACHING_DEVELOPMENT, EXECUTIVE_LEADERSHIP),
            true, true, EnumSet.of(HEADSHIP, SENIOR_LEADERSHIP, SENCO), false, false,
            EnumSet.of(HEADSHIP, SENCO, SENIOR_LEADERSHIP), false);

    public final String id;
    /** Courses funded in a school or 16-19 setting only when it is on a PP50 list (d2 rows 16-17). */
    final Set<Course> onlyPp50;
    /** A school on the RISE list is funded for any course (row 13). */
    final boolean riseList;
    /** NPQEYL is funded in any eligible school (row 15); otherwise it follows the PP50 rule. */
    final boolean eylInAnyEligibleSchool;
    /** Courses funded for staff of a local-authority nursery school (type 15) in the childcare branch (row 10). */
    final Set<Course> laNurseryCourses;
    /** The LA nursery school must also be on the LocalAuthorityNursery list (else ineligible_establishment_type). */
    final boolean laNurseryNeedsList;
    /** NPQEYL in childcare settings other than childminders needs the DisadvantagedEarlyYears list. */
    final boolean eylNeedsDisadvantagedList;
    /** Courses for which the special "another setting" employments go to review (row 22), or are funded (2021-23). */
    final Set<Course> anotherSettingCourses;
    /** 2021-23: those employments were funded outright (cohorts from 2022), and legacy codes apply. */
    final boolean legacy;

    RuleSet(String id, Set<Course> onlyPp50, boolean riseList, boolean eylInAnyEligibleSchool,
            Set<Course> laNurseryCourses, boolean laNurseryNeedsList, boolean eylNeedsDisadvantagedList,
            Set<Course> anotherSettingCourses, boolean legacy) {
        this.id = id;
        this.onlyPp50 = onlyPp50;
        this.riseList = riseList;
        this.eylInAnyEligibleSchool = eylInAnyEligibleSchool;
        this.laNurseryCourses = laNurseryCourses;
        this.laNurseryNeedsList = laNurseryNeedsList;
        this.eylNeedsDisadvantagedList = eylNeedsDisadvantagedList;
        this.anotherSettingCourses = anotherSettingCourses;
        this.legacy = legacy;
    }

    public static Optional<RuleSet> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
    }

    /** The default rule set of a cohort identifier (the cohort reference data may name another). */
    public static RuleSet forCohort(String cohort) {
        int year = Integer.parseInt(cohort.substring(0, 4));
        if (year <= 2023) return Y2021_2023;
        if (year == 2024) return Y2024_SPRING_2025;
        if (year == 2025) return AUTUMN_2025;
        return Y2026;
    }
}
