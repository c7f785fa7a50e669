package uk.npq.funding.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The funding eligibility decision (npq-domain.md d2, first match wins), judged by the rule set of the
 * application's cohort (d3). A pure function: every fact comes in through {@link FundingInputs}, and the
 * establishment facts (eligible GIAS type codes, "not in England" LA codes) are reference data given at
 * construction. Thread-safe and allocation-light, so it can run millions of times a second.
 */
public final class FundingEngine {
    /** Eligible GIAS establishment type codes of d1. */
    public static final Set<Integer> ELIGIBLE_TYPE_CODES = Set.of(
            1, 2, 3, 5, 6, 7, 8, 10, 12, 14, 15, 18, 24, 26, 28, 31, 32, 33, 34, 35, 36, 38, 39, 40, 41, 42, 43, 44, 45, 46);
    /** LA codes of establishments outside England (d1); type 30 (Welsh establishment) is outside England too. */
    public static final Set<String> NOT_IN_ENGLAND_LA_CODES = Set.of("673", "702", "000", "704", "708");
    public static final int WELSH_ESTABLISHMENT = 30;
    public static final int LA_NURSERY_SCHOOL = 15;
    public static final int OTHER_INDEPENDENT_SPECIAL_SCHOOL = 10;

    private static final Set<String> SCHOOL_SETTINGS = Set.of("a_school", "an_academy_trust", "a_16_to_19_educational_setting");
    private static final Set<String> SPECIAL_EMPLOYMENTS = Set.of(
            "local_authority_virtual_school", "hospital_school", "young_offender_institution", "local_authority_supply_teacher");
    private static final Set<String> NEW_HEADTEACHER = Set.of(
            "yes_when_course_starts", "yes_in_first_two_years", "yes_in_first_five_years");

    private final Set<Integer> eligibleTypeCodes;
    private final Set<String> notInEnglandLaCodes;

    public FundingEngine(Set<Integer> eligibleTypeCodes, Set<String> notInEnglandLaCodes) {
        this.eligibleTypeCodes = Set.copyOf(eligibleTypeCodes);
        this.notInEnglandLaCodes = Set.copyOf(notInEnglandLaCodes);
    }

    public FundingEngine() {
        this(ELIGIBLE_TYPE_CODES, NOT_IN_ENGLAND_LA_CODES);
    }

    /** An input the decision needs is missing (e.g. the school of a school work setting): a 422 naming it. */
    public static final class MissingInput extends RuntimeException {
        public final String attribute;

        public MissingInput(String attribute, String message) {
            super(message, null, false, false);
            this.attribute = attribute;
        }
    }

    /** The verdict, the rules that fired in order, and the targeted-funding flags of the cohorts that had them. */
    public record Outcome(FundingCode code, RuleSet ruleSet, List<String> trace, boolean targetedDeliveryFunding,
                          boolean tsfPrimary, boolean tsfPrimaryPlus) {
        public boolean eligible() { return code.funded; }
    }

    public Outcome decide(FundingInputs in) {
        List<String> trace = new ArrayList<>(8);
        RuleSet rules = in.ruleSet();
        trace.add("rule set " + rules.id + " for cohort " + in.cohort());
        FundingCode code = decide(in, rules, trace);
        trace.add("=> " + code.code);
        boolean tdf = false, tsfPrimary = false, tsfPrimaryPlus = false;
        if (rules.legacy && code.funded && in.school() != null && cohortYear(in.cohort()) >= 2022) {
            FundingInputs.School s = in.school();
            Integer pupils = s.numberOfPupils();
            boolean primary = "2".equals(s.phaseCode()) || "3".equals(s.phaseCode());
            tdf = in.course().group() != Course.Group.EHCO && in.course().group() != Course.Group.SUPPORT
                    && SCHOOL_SETTINGS.contains(in.workSetting()) && pupils != null && pupils >= 1 && pupils <= 600;
            tsfPrimary = primary;
            tsfPrimaryPlus = primary && pupils != null && pupils >= 1 && pupils <= 150;
        }
        return new Outcome(code, rules, List.copyOf(trace), tdf, tsfPrimary, tsfPrimaryPlus);
    }

    private FundingCode decide(FundingInputs in, RuleSet rules, List<String> trace) {
        CourseFacts course = in.course();
        if ("zero".equals(in.cohortFunding())) {
            trace.add("1: cohort " + in.cohort() + " has no funding");
            return FundingCode.UNFUNDED_COHORT;
        }
        if (!"england".equals(in.teacherCatchment())) {
            trace.add("2: does not work in England (teacher_catchment " + in.teacherCatchment() + ")");
            return FundingCode.NOT_IN_ENGLAND;
        }
        if (in.previouslyFunded()) {
            trace.add("3: already had a funded place on this course family");
            return FundingCode.PREVIOUSLY_FUNDED;
        }
        if (course.group() == Course.Group.EHCO) {
            if (in.headteacherStatus() != null && NEW_HEADTEACHER.contains(in.headteacherStatus())) {
                trace.add("4: EHCO for a headteacher in their first five years");
                return FundingCode.FUNDED;
            }
            trace.add("5: EHCO, not a new headteacher (headteacher_status " + in.headteacherStatus() + ")");
            return FundingCode.NOT_NEW_HEADTEACHER_REQUESTING_EHCO;
        }
        String setting = in.workSetting();
        if ("early_years_or_childcare".equals(setting)) return earlyYears(in, rules, trace);
        if (setting != null && SCHOOL_SETTINGS.contains(setting)) return school(in, rules, trace);
        if ("another_setting".equals(setting)) return anotherSetting(in, rules, trace);
        if ("other".equals(setting)) {
            if (in.referredByReturnToTeachingAdviser()) {
                trace.add("24: other setting, referred by a Return to Teaching Adviser");
                return FundingCode.REFERRED_BY_RETURN_TO_TEACHING_ADVISER;
            }
            trace.add("25: other setting, not referred");
            return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
        }
        trace.add("26: work setting missing or unknown (" + setting + ")");
        return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
    }

    private FundingCode earlyYears(FundingInputs in, RuleSet rules, List<String> trace) {
        CourseFacts course = in.course();
        String kind = in.kindOfNursery();
        boolean childminder = "childminder".equals(kind);
        FundingInputs.School school = in.school();
        boolean laNurserySchool = school != null && school.establishmentTypeCode() == LA_NURSERY_SCHOOL;
        if (course.is(Course.EARLY_YEARS_LEADERSHIP) && !(laNurserySchool && course.in(rules.laNurseryCourses) && !rules.legacy)) {
            if (rules.legacy) {
                boolean registered = childminder || "preschool_class_as_part_of_school".equals(kind)
                        || "local_authority_maintained_nursery".equals(kind)
                        || (in.earlyYearsProvider() != null && in.earlyYearsProvider().onEarlyYearsRegister());
                trace.add(registered ? "EYL in an early-years setting on the Ofsted Early Years Register (2021-23)"
                        : "EYL, provider not on the Ofsted Early Years Register (2021-23)");
                return registered ? FundingCode.FUNDED : FundingCode.NOT_ON_EARLY_YEARS_REGISTER;
            }
            if (childminder) {
                if (in.lists().childminder()) {
                    trace.add("8: EYL, childminder on the Childminder list");
                    return FundingCode.FUNDED;
                }
                trace.add("9: EYL, childminder not on the Childminder list");
                return FundingCode.NOT_ENTITLED_CHILDMINDER;
            }
            if (rules.eylNeedsDisadvantagedList) {
                if (in.lists().disadvantagedEarlyYears()) {
                    trace.add("EYL in an early-years setting on the Disadvantaged Early Years list (" + rules.id + ")");
                    return FundingCode.FUNDED;
                }
                trace.add("EYL in an early-years setting not on the Disadvantaged Early Years list (" + rules.id + ")");
                return FundingCode.NOT_ENTITLED_EY_INSTITUTION;
            }
            if ("preschool_class_as_part_of_school".equals(kind)) {
                trace.add("6: EYL in a pre-school class in a school");
            } else {
                trace.add("7: EYL in an early-years setting (" + kind + ")");
            }
            return FundingCode.FUNDED;
        }
        if (laNurserySchool) {
            if (!course.in(rules.laNurseryCourses)) {
                trace.add("11: local-authority nursery school, " + course.shortCode() + " is not funded there");
                return FundingCode.EARLY_YEARS_INVALID_NPQ;
            }
            if (rules.laNurseryNeedsList && !in.lists().localAuthorityNursery()) {
                trace.add("local-authority nursery school not on the LocalAuthorityNursery list (" + rules.id + ")");
                return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
            }
            trace.add("10: local-authority nursery school (type 15), " + course.shortCode());
            return FundingCode.FUNDED;
        }
        trace.add("12: early years or childcare, " + course.shortCode() + " is not an early-years NPQ");
        return FundingCode.EARLY_YEARS_INVALID_NPQ;
    }

    private FundingCode school(FundingInputs in, RuleSet rules, List<String> trace) {
        FundingInputs.School school = in.school();
        boolean sixteenToNineteen = "a_16_to_19_educational_setting".equals(in.workSetting());
        if (school == null) {
            throw new MissingInput(sixteenToNineteen ? "school_ukprn" : "school_urn",
                    "The work setting " + in.workSetting() + " needs the school or setting you work in");
        }
        CourseFacts course = in.course();
        if (rules.riseList && in.lists().rise()) {
            trace.add("13: school " + school.urn() + " is on the RISE list");
            return FundingCode.FUNDED;
        }
        int type = school.establishmentTypeCode();
        boolean inEngland = type != WELSH_ESTABLISHMENT && (school.laCode() == null || !notInEnglandLaCodes.contains(school.laCode()));
        if (!inEngland && rules.legacy) {
            trace.add("school " + school.urn() + " is outside England (type " + type + ", LA " + school.laCode() + ")");
            return FundingCode.SCHOOL_OUTSIDE_CATCHMENT;
        }
        if (rules.legacy && type == OTHER_INDEPENDENT_SPECIAL_SCHOOL && cohortYear(in.cohort()) < 2022) {
            trace.add("14: other independent special schools are funded from autumn 2022 (2021-23)");
            return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
        }
        if (!inEngland || !eligibleTypeCodes.contains(type)) {
            trace.add("14: establishment type " + type + (inEngland ? " is not eligible" : " outside England"));
            return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
        }
        if (course.is(Course.EARLY_YEARS_LEADERSHIP) && rules.eylInAnyEligibleSchool) {
            trace.add("15: EYL in an eligible school");
            return FundingCode.FUNDED;
        }
        if (course.in(rules.onlyPp50)) {
            boolean onList = sixteenToNineteen ? in.lists().pp50FurtherEducation() : in.lists().pp50School();
            String list = sixteenToNineteen ? "PP50 further education (UKPRN)" : "PP50 schools (URN)";
            if (onList) {
                trace.add("16: " + course.shortCode() + " is PP50 only and the setting is on the " + list + " list");
                return FundingCode.FUNDED;
            }
            trace.add("17: " + course.shortCode() + " is PP50 only and the setting is not on the " + list + " list");
            return FundingCode.INELIGIBLE_ESTABLISHMENT_NOT_A_PP50;
        }
        trace.add("18: " + course.shortCode() + " in an eligible establishment (type " + type + ")");
        return FundingCode.FUNDED;
    }

    private FundingCode anotherSetting(FundingInputs in, RuleSet rules, List<String> trace) {
        CourseFacts course = in.course();
        String employment = in.employmentType();
        boolean from2022 = cohortYear(in.cohort()) >= 2022;
        if ("lead_mentor_for_accredited_itt_provider".equals(employment)) {
            if (!course.is(Course.LEADING_TEACHING_DEVELOPMENT) || (rules.legacy && !from2022)) {
                trace.add("21: ITT lead mentor, " + course.shortCode() + " is not the lead-mentor course");
                return FundingCode.NOT_LEAD_MENTOR_COURSE;
            }
            if (in.ittProviderApproved()) {
                trace.add("19: ITT lead mentor, NPQLTD, accredited provider approved");
                return FundingCode.FUNDED;
            }
            trace.add("20: ITT lead mentor, NPQLTD, provider not on the approved list");
            return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
        }
        if (employment != null && SPECIAL_EMPLOYMENTS.contains(employment) && course.in(rules.anotherSettingCourses)) {
            if (rules.legacy) {
                if (from2022) {
                    trace.add("another setting (" + employment + "), funded from autumn 2022 (2021-23)");
                    return FundingCode.FUNDED;
                }
            } else {
                trace.add("22: another setting (" + employment + "), " + course.shortCode() + ": subject to review");
                return FundingCode.SUBJECT_TO_REVIEW;
            }
        }
        trace.add("23: another setting (" + employment + "), " + course.shortCode());
        return FundingCode.INELIGIBLE_ESTABLISHMENT_TYPE;
    }

    /** The start year of a cohort identifier; 0 for a malformed one (which no rule then favours). */
    private static int cohortYear(String cohort) {
        if (cohort == null || cohort.length() < 4) return 0;
        try {
            return Integer.parseInt(cohort.substring(0, 4));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
