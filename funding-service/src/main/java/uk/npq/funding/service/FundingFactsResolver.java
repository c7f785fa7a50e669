package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import uk.npq.funding.domain.CourseFacts;
import uk.npq.funding.domain.FundingInputs;
import uk.npq.funding.domain.RuleSet;
import uk.npq.platform.projection.CourseCatalogue;

/**
 * Turns registration answers into the facts the engine reads, from reference data and history: the
 * cohort's funding and rule set, the GIAS school, the early-years or ITT provider, list memberships at
 * their current versions, and whether the TRN already had a funded place on the course family.
 */
@ApplicationScoped
public class FundingFactsResolver {
    /** Where a teacher works (section b, the registration's teacher_catchment). */
    static final Set<String> CATCHMENTS = Set.of("england", "another", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man");
    static final Set<String> WORK_SETTINGS = Set.of("early_years_or_childcare", "a_school", "an_academy_trust",
            "a_16_to_19_educational_setting", "another_setting", "other");

    @Inject EntityManager em;
    @Inject CourseCatalogue courses;
    @Inject ReferenceDataService reference;
    @Inject PreviouslyFunded previouslyFunded;

    /** Inputs for the engine, the list versions they were read at, and the problems with the answers. */
    public record Resolution(FundingInputs inputs, Map<String, Integer> listVersions, List<Problem> problems) {
        public boolean ok() { return problems.isEmpty(); }
    }

    /** An answer the decision needs that is missing or unknown. */
    public record Problem(String attribute, String detail) {}

    @Transactional(Transactional.TxType.SUPPORTS)
    public Resolution resolve(FundingAnswers a, Boolean previouslyFundedJudged) {
        List<Boolean> judged = new ArrayList<>();
        judged.add(previouslyFundedJudged);
        return resolveAll(List.of(a), judged).get(0);
    }

    /**
     * {@link #resolve} for many applications at once (a Kafka poll of submissions, issue 16): the reference data every one
     * of them needs read in one query per table (cohorts, schools by URN and by UKPRN, early-years and ITT providers, the
     * lists' versions and memberships), then each application's facts resolved from those, as one alone would be.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Resolution> resolveAll(List<FundingAnswers> answers, List<Boolean> previouslyFundedJudged) {
        Lookups l = new Lookups(answers);
        List<Resolution> out = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) out.add(resolve(answers.get(i), previouslyFundedJudged.get(i), l));
        return out;
    }

    private Resolution resolve(FundingAnswers a, Boolean previouslyFundedJudged, Lookups l) {
        List<Problem> problems = new ArrayList<>();
        Object[] cohort = a.cohort() == null ? null : l.cohorts.get(a.cohort());
        if (a.cohort() == null) problems.add(new Problem("cohort", "Enter a '#/cohort'."));
        else if (cohort == null) problems.add(new Problem("cohort", "The '#/cohort' " + a.cohort() + " is not a known cohort."));
        // the course as funding's course table holds it: the engine's rules name courses, their data is read here
        Optional<CourseFacts> course = courses.course(a.courseIdentifier())
                .map(c -> CourseFacts.of(c.identifier(), c.shortCode(), c.group(), c.family()));
        if (a.courseIdentifier() == null) problems.add(new Problem("course_identifier", "Enter a '#/course_identifier'."));
        else if (course.isEmpty()) problems.add(new Problem("course_identifier", "The entered '#/course_identifier' is not recognised."));
        if (a.teacherCatchment() == null) problems.add(new Problem("teacher_catchment", "Enter a '#/teacher_catchment'."));
        else if (!CATCHMENTS.contains(a.teacherCatchment()))
            problems.add(new Problem("teacher_catchment", "The entered '#/teacher_catchment' is not recognised."));
        if (a.workSetting() != null && !WORK_SETTINGS.contains(a.workSetting()))
            problems.add(new Problem("work_setting", "The entered '#/work_setting' is not recognised."));

        List<Problem> institutionProblems = new ArrayList<>();
        FundingInputs.School school = null;
        FundingInputs.EarlyYearsProvider provider = null;
        boolean ittApproved = false;
        String setting = a.workSetting();
        boolean schoolBranch = "a_school".equals(setting) || "an_academy_trust".equals(setting) || "a_16_to_19_educational_setting".equals(setting);
        if (a.schoolUrn() != null) {
            school = l.byUrn.get(a.schoolUrn());
            if (school == null) institutionProblems.add(new Problem("school_urn", "The '#/school_urn' " + a.schoolUrn() + " is not a known establishment."));
        } else if (a.schoolUkprn() != null && "a_16_to_19_educational_setting".equals(setting)) {
            school = l.byUkprn.get(a.schoolUkprn());
            if (school == null) institutionProblems.add(new Problem("school_ukprn", "The '#/school_ukprn' " + a.schoolUkprn() + " is not a known establishment."));
        } else if (schoolBranch) {
            institutionProblems.add("a_16_to_19_educational_setting".equals(setting)
                    ? new Problem("school_ukprn", "Enter the '#/school_urn' or '#/school_ukprn' of the setting you work in.")
                    : new Problem("school_urn", "Enter the '#/school_urn' of the school you work in."));
        }
        if ("early_years_or_childcare".equals(setting)) {
            if (a.kindOfNursery() == null) institutionProblems.add(new Problem("kind_of_nursery", "Enter a '#/kind_of_nursery'."));
            if (a.privateChildcareProviderUrn() != null) {
                provider = l.earlyYearsProvider(a.privateChildcareProviderUrn());
                if (provider == null) institutionProblems.add(new Problem("private_childcare_provider_urn",
                        "The '#/private_childcare_provider_urn' " + a.privateChildcareProviderUrn() + " is not a known early-years provider."));
            } else if ("childminder".equals(a.kindOfNursery()) || "private_nursery".equals(a.kindOfNursery())
                    || "another_early_years_setting".equals(a.kindOfNursery())) {
                institutionProblems.add(new Problem("private_childcare_provider_urn", "Enter the Ofsted '#/private_childcare_provider_urn' of your setting."));
            }
        }
        if ("another_setting".equals(setting)) {
            if (a.employmentType() == null) institutionProblems.add(new Problem("employment_type", "Enter an '#/employment_type'."));
            if ("lead_mentor_for_accredited_itt_provider".equals(a.employmentType())) {
                if (a.ittProvider() == null) institutionProblems.add(new Problem("itt_provider", "Enter the '#/itt_provider' you are a lead mentor for."));
                else {
                    Boolean approved = l.itt.get(a.ittProvider().strip().toLowerCase(java.util.Locale.ROOT));
                    if (approved == null) institutionProblems.add(new Problem("itt_provider", "The '#/itt_provider' " + a.ittProvider() + " is not a known ITT provider."));
                    else ittApproved = approved;
                }
            }
        }
        // rows 1 and 2 settle the decision before the institution matters (d2): its absence is then no error
        boolean settledEarly = (cohort != null && "zero".equals(cohort[0])) || (a.teacherCatchment() != null && !"england".equals(a.teacherCatchment()));
        if (!settledEarly) problems.addAll(institutionProblems);
        Map<String, Integer> versions = l.versions;
        if (!problems.isEmpty()) return new Resolution(null, versions, problems);
        if (settledEarly && !institutionProblems.isEmpty()) { school = null; provider = null; }

        Set<String> onLists = l.listsContaining(school, a.privateChildcareProviderUrn(), a.schoolUkprn());
        boolean sixteenToNineteen = "a_16_to_19_educational_setting".equals(setting);
        var lists = new FundingInputs.Lists(
                onLists.contains("rise-schools"), onLists.contains("pp50-schools"),
                sixteenToNineteen && onLists.contains("pp50-further-education"), onLists.contains("childminders"),
                onLists.contains("local-authority-nurseries"), onLists.contains("disadvantaged-early-years"));
        boolean previouslyFunded = previouslyFunded(a.trn(), course.get(), previouslyFundedJudged);
        var inputs = new FundingInputs(a.cohort(), (String) cohort[0], RuleSet.byId((String) cohort[1]).orElseThrow(),
                a.teacherCatchment(), previouslyFunded, course.get(), setting, a.kindOfNursery(), a.employmentType(),
                a.headteacherStatus(), school, provider, ittApproved, "yes".equalsIgnoreCase(a.referredByReturnToTeachingAdviser()),
                lists);
        return new Resolution(inputs, versions, List.of());
    }

    /**
     * d3: registration's judgement at submission for a submitted application; for a preview (null), a funded place held by
     * a verified holder of the TRN asked about.
     */
    boolean previouslyFunded(String trn, CourseFacts course, Boolean judged) {
        return judged != null ? judged : previouslyFunded.ofVerifiedTrn(trn, course.family());
    }

    /** The reference data a set of answers needs, read in one query per table. */
    private final class Lookups {
        final Map<String, Object[]> cohorts = new HashMap<>();
        final Map<String, FundingInputs.School> byUrn = new HashMap<>();
        final Map<String, FundingInputs.School> byUkprn = new HashMap<>();
        final Map<String, Boolean> earlyYearsRegister = new HashMap<>();
        final Map<String, Boolean> itt = new HashMap<>();
        final Map<String, Integer> versions;
        /** (list type, identifier) of every list entry, at {@link #versions}, of any identifier the answers may name. */
        final List<String[]> entries = new ArrayList<>();

        @SuppressWarnings("unchecked")
        Lookups(List<FundingAnswers> answers) {
            Set<String> cohortIds = new HashSet<>(), urns = new HashSet<>(), ukprns = new HashSet<>(), ofsted = new HashSet<>(),
                    ittNames = new HashSet<>();
            for (FundingAnswers a : answers) {
                if (a.cohort() != null) cohortIds.add(a.cohort());
                if (a.schoolUrn() != null) urns.add(a.schoolUrn());
                else if (a.schoolUkprn() != null && "a_16_to_19_educational_setting".equals(a.workSetting())) ukprns.add(a.schoolUkprn());
                if ("early_years_or_childcare".equals(a.workSetting()) && a.privateChildcareProviderUrn() != null)
                    ofsted.add(a.privateChildcareProviderUrn().toUpperCase());
                if ("another_setting".equals(a.workSetting()) && "lead_mentor_for_accredited_itt_provider".equals(a.employmentType())
                        && a.ittProvider() != null) ittNames.add(a.ittProvider().strip().toLowerCase(java.util.Locale.ROOT));
            }
            if (!cohortIds.isEmpty()) {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT identifier, funding, rule_set FROM cohort WHERE identifier IN (:ids)")
                        .setParameter("ids", cohortIds).getResultList()) cohorts.put((String) r[0], new Object[] {r[1], r[2]});
            }
            if (!urns.isEmpty()) {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT DISTINCT ON (urn) urn, ukprn, type_code, la_code, phase_code, "
                        + "number_of_pupils FROM establishment WHERE urn IN (:ids) ORDER BY urn").setParameter("ids", urns).getResultList())
                    byUrn.put((String) r[0], school(r));
            }
            if (!ukprns.isEmpty()) {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT DISTINCT ON (ukprn) urn, ukprn, type_code, la_code, phase_code, "
                        + "number_of_pupils FROM establishment WHERE ukprn IN (:ids) ORDER BY ukprn, urn").setParameter("ids", ukprns).getResultList())
                    byUkprn.put((String) r[1], school(r));
            }
            if (!ofsted.isEmpty()) {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT ofsted_urn, register FROM early_years_provider WHERE ofsted_urn IN (:ids)")
                        .setParameter("ids", ofsted).getResultList()) earlyYearsRegister.put((String) r[0], "EYR".equals(r[1]));
            }
            if (!ittNames.isEmpty()) {
                for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT lower(legal_name), approved FROM itt_provider WHERE lower(legal_name) IN (:ids)")
                        .setParameter("ids", ittNames).getResultList()) itt.putIfAbsent((String) r[0], (Boolean) r[1]);
            }
            versions = reference.currentListVersions();
            // every identifier any answer's institution may be listed under: the schools found, the Ofsted URNs, the UKPRNs given
            Set<String> ids = new HashSet<>(ofsted);
            for (FundingAnswers a : answers) {
                if (a.schoolUkprn() != null) ids.add(a.schoolUkprn());
                if (a.privateChildcareProviderUrn() != null) ids.add(a.privateChildcareProviderUrn().toUpperCase());
            }
            for (var school : byUrn.values()) { ids.add(school.urn()); if (school.ukprn() != null) ids.add(school.ukprn()); }
            for (var school : byUkprn.values()) { ids.add(school.urn()); if (school.ukprn() != null) ids.add(school.ukprn()); }
            if (ids.isEmpty()) return;
            // at exactly the versions the decision records (entries are version ranges; index eligibility_list_entry_identifier)
            StringBuilder at = new StringBuilder("{");
            versions.forEach((type, v) -> at.append(at.length() > 1 ? "," : "").append('"').append(type).append("\":").append(v));
            for (Object[] r : (List<Object[]>) em.createNativeQuery("SELECT DISTINCT e.list_type, e.identifier FROM eligibility_list_entry e "
                            + "JOIN jsonb_each_text(CAST(:at AS jsonb)) c(list_type, v) ON c.list_type = e.list_type "
                            + "AND e.added_in_version <= CAST(c.v AS integer) AND (e.removed_in_version IS NULL OR e.removed_in_version > CAST(c.v AS integer)) "
                            + "WHERE e.identifier IN (:ids)")
                    .setParameter("at", at.append('}').toString()).setParameter("ids", ids).getResultList()) {
                entries.add(new String[] {(String) r[0], (String) r[1]});
            }
        }

        FundingInputs.EarlyYearsProvider earlyYearsProvider(String ofstedUrn) {
            Boolean onRegister = earlyYearsRegister.get(ofstedUrn.toUpperCase());
            return onRegister == null ? null : new FundingInputs.EarlyYearsProvider(ofstedUrn.toUpperCase(), onRegister);
        }

        /** The lists one application's institution is on (of {@link #entries}: those of its own identifiers). */
        Set<String> listsContaining(FundingInputs.School school, String ofstedUrn, String ukprn) {
            Set<String> ids = new HashSet<>();
            if (school != null) {
                ids.add(school.urn());
                if (school.ukprn() != null) ids.add(school.ukprn());
            }
            if (ofstedUrn != null) ids.add(ofstedUrn.toUpperCase());
            if (ukprn != null) ids.add(ukprn);
            Set<String> found = new HashSet<>();
            for (String[] r : entries) {
                String type = r[0], id = r[1];
                if (!ids.contains(id)) continue;
                boolean bySchool = school != null && id.equals(school.urn());
                boolean byUkprn = (school != null && id.equals(school.ukprn())) || id.equals(ukprn);
                boolean byProvider = id.equalsIgnoreCase(String.valueOf(ofstedUrn));
                boolean counts = switch (type) {
                    case "pp50-further-education" -> byUkprn;
                    case "childminders" -> byProvider;
                    case "disadvantaged-early-years" -> byProvider || bySchool;
                    default -> bySchool;
                };
                if (counts) found.add(type);
            }
            return found;
        }
    }

    private static FundingInputs.School school(Object[] r) {
        return new FundingInputs.School((String) r[0], (String) r[1], ((Number) r[2]).intValue(), (String) r[3], (String) r[4],
                r[5] == null ? null : ((Number) r[5]).intValue());
    }
}
