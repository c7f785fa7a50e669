package uk.npq.funding.domain;

/**
 * Everything the decision reads (npq-domain.md d1), already resolved from reference data and history by
 * the caller: the engine does no I/O.
 *
 * @param cohort              cohort identifier, e.g. 2026b
 * @param cohortFunding       zero, capped or full
 * @param ruleSet             the rules that judge this cohort
 * @param teacherCatchment    england or another (legacy values count as not England)
 * @param previouslyFunded    the person (by TRN) already had a funded place on this course family
 * @param course              the course as the course table holds it
 * @param school              the GIAS school or 16-19 setting chosen, when one was
 * @param earlyYearsProvider  the Ofsted-registered provider chosen, when one was
 * @param ittProviderApproved the chosen ITT provider is on the approved list
 * @param lists               memberships of the eligibility lists
 */
public record FundingInputs(
        String cohort, String cohortFunding, RuleSet ruleSet, String teacherCatchment, boolean previouslyFunded,
        CourseFacts course, String workSetting, String kindOfNursery, String employmentType, String headteacherStatus,
        School school, EarlyYearsProvider earlyYearsProvider, boolean ittProviderApproved,
        boolean referredByReturnToTeachingAdviser, Lists lists) {

    /** GIAS facts of a school (also a 16-19 setting or LA nursery school). */
    public record School(String urn, String ukprn, int establishmentTypeCode, String laCode, String phaseCode,
                         Integer numberOfPupils) {}

    /** An Ofsted early-years provider (private childcare provider or childminder). */
    public record EarlyYearsProvider(String ofstedUrn, boolean onEarlyYearsRegister) {}

    /** Which eligibility lists the chosen institution is on. */
    public record Lists(boolean rise, boolean pp50School, boolean pp50FurtherEducation, boolean childminder,
                        boolean localAuthorityNursery, boolean disadvantagedEarlyYears) {
        public static final Lists NONE = new Lists(false, false, false, false, false, false);
    }
}
