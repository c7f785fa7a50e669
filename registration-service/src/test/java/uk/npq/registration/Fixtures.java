package uk.npq.registration;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.funding.CohortDefined;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.CourseOfferDefined;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * Test data for registration-service: the cohorts and schedules funding-service publishes (sent as its
 * events, through the real consumer), people and applications in given states, and declarations as
 * engagement-service publishes them.
 */
final class Fixtures {
    static final String LP_A = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0001";
    static final String LP_B = "3f1f7b9a-6a8e-4d5c-9f51-0d5a1c0a0002";
    static final List<String> ALL = List.of("started", "retained-1", "retained-2", "completed");
    static final List<String> SPECIALIST = List.of("started", "retained-1", "completed");
    private static volatile boolean referenceSent;

    static {
        // every response to /api/ in this module's tests must match our OpenAPI document
        io.restassured.RestAssured.filters(uk.npq.platform.testing.ContractValidator.forService("registration-service").filter());
    }

    private Fixtures() {}

    /** The twelve f1 courses, cohorts 2023a to 2026b and their schedules, as funding-service's seeds define them; once per JVM. */
    static synchronized void reference() {
        if (referenceSent) return;
        CourseFixtures.sendF1(() -> courses().identifiers().containsAll(CourseFixtures.identifiers()));
        cohort("2023a", "2023 to 2024", "2023-04-03", "full");
        cohort("2024a", "2024 to 2025", "2024-04-02", "capped");
        cohort("2025a", "2025 to 2026", "2025-01-06", "capped");
        cohort("2026a", "Spring 2026 (no scholarship)", "2026-01-05", "zero");
        cohort("2026b", "Autumn 2026", "2026-06-01", "capped");
        for (String group : List.of("leadership", "specialist")) {
            List<String> types = group.equals("leadership") ? ALL : SPECIALIST;
            schedule("2023a", "npq-" + group + "-autumn", group, "2023-10-01", types, "2023-04-03", "2023-12-25");
            schedule("2023a", "npq-" + group + "-spring", group, "2024-01-01", types, "2023-12-26", "2024-04-02");
            schedule("2025a", "npq-" + group + "-autumn", group, "2025-08-01", types, "2025-08-01", "2026-04-30");
            schedule("2025a", "npq-" + group + "-spring", group, "2025-02-01", types, "2024-06-28", "2025-06-06");
            schedule("2026a", "npq-" + group + "-spring", group, "2026-01-01", types, "2025-09-01", "2026-08-31");
            schedule("2026b", "npq-" + group + "-autumn", group, "2026-08-01", types, "2026-06-01", "2027-06-30");
        }
        schedule("2026b", "npq-ehco-november", "ehco", "2026-11-01", ALL, "2026-09-01", "2026-11-30");
        schedule("2026b", "npq-ehco-december", "ehco", "2026-12-01", ALL, "2026-12-01", "2027-02-28");
        schedule("2026b", "npq-ehco-march", "ehco", "2027-03-01", ALL, "2027-03-01", "2027-05-31");
        schedule("2026b", "npq-ehco-june", "ehco", "2027-06-01", ALL, "2027-06-01", "2027-09-30");
        // every course in every cohort for both providers, except: B does not offer early years leadership in
        // 2026b and has withdrawn its leading literacy offer there; A has no contract for headship in 2023a
        int offers = 0, contracts = 0;
        for (String lp : List.of(LP_A, LP_B)) {
            for (String cohort : List.of("2023a", "2024a", "2025a", "2026a", "2026b")) {
                for (String course : CourseFixtures.identifiers()) {
                    boolean notOffered = lp.equals(LP_B) && cohort.equals("2026b") && course.equals("npq-early-years-leadership");
                    if (!notOffered) {
                        offer(lp, cohort, course, !(lp.equals(LP_B) && cohort.equals("2026b") && course.equals("npq-leading-literacy")));
                        offers++;
                    }
                    if (!(lp.equals(LP_A) && cohort.equals("2023a") && course.equals("npq-headship"))) {
                        contract(lp, cohort, course);
                        contracts++;
                    }
                }
            }
        }
        int expectedOffers = offers, expectedContracts = contracts;
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM registration.schedule") >= 16
                && TestDb.count("SELECT count(*) FROM registration.cohort") >= 5
                && TestDb.count("SELECT count(*) FROM registration.course_offer") >= expectedOffers
                && TestDb.count("SELECT count(*) FROM registration.contract") >= expectedContracts);
        referenceSent = true;
    }

    /** The service's course catalogue (its copy of funding-service's courses). */
    static CourseCatalogue courses() {
        return io.quarkus.arc.Arc.container().instance(CourseCatalogue.class).get();
    }

    static void cohort(String id, String description, String start, String funding) {
        var e = CohortDefined.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(id)
                .setIdentifier(id).setStartYear(Integer.parseInt(id.substring(0, 4))).setSuffix(id.substring(4))
                .setDescription(description).setRegistrationStartDate(LocalDate.parse(start)).setFunding(funding).build();
        TestKafka.send(Topics.FUNDING_REFERENCE, id, e);
    }

    static void schedule(String cohort, String id, String group, String appliesFrom, List<String> types, String windowStart, String windowEnd) {
        var e = ScheduleDefined.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAggregateId(cohort + "/" + id).setCohort(cohort).setIdentifier(id).setName(id).setCourseGroup(group)
                .setAppliesFrom(LocalDate.parse(appliesFrom)).setAllowedDeclarationTypes(types)
                .setAcceptanceWindowStart(LocalDate.parse(windowStart)).setAcceptanceWindowEnd(LocalDate.parse(windowEnd)).build();
        TestKafka.send(Topics.FUNDING_REFERENCE, cohort + "/" + id, e);
    }

    static void offer(String lp, String cohort, String course, boolean offered) {
        String key = lp + "/" + cohort + "/" + course;
        TestKafka.send(Topics.FUNDING_REFERENCE, key, CourseOfferDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(key).setLeadProviderId(lp).setCohort(cohort).setCourseIdentifier(course)
                .setOffered(offered).build());
    }

    static void contract(String lp, String cohort, String course) {
        String key = lp + "/" + cohort + "/" + course;
        TestKafka.send(Topics.FUNDING_REFERENCE, key, ContractDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(key).setLeadProviderId(lp).setCohort(cohort).setCourseIdentifier(course).build());
    }

    /** A random TRN no seeded teacher of the stand-in Teacher Record System has. */
    static String randomTrn() {
        return String.valueOf(3_000_000 + (int) (Math.random() * 6_000_000));
    }

    /** A person; a verified one holds {@code trn} as its verified TRN. */
    static UUID person(String trn, boolean verified) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO registration.person (id, trn, trn_verified, trn_verification_status, full_name, date_of_birth, email, "
                + "created_at, updated_at, significantly_updated_at) VALUES ('" + id + "', " + (trn == null ? "NULL" : "'" + trn + "'")
                + ", " + verified + ", '" + (verified ? "verified" : "no_match_found") + "', 'Bo Example', '1980-01-01', "
                + "'bo." + id + "@example.org', now(), now(), now())");
        return id;
    }

    /** A pending application of the person, with funding-service's verdict already applied. */
    static UUID application(UUID person, String leadProvider, String course, String cohort, Boolean eligible) {
        UUID id = UUID.randomUUID();
        TestDb.execute("INSERT INTO registration.application (id, person_id, lead_provider_id, course_identifier, cohort, work_setting, "
                + "school_urn, teacher_catchment, eligible_for_funding, funding_eligibility_status_code, created_at, updated_at) VALUES ('"
                + id + "', '" + person + "', '" + leadProvider + "', '" + course + "', '" + cohort + "', 'a_school', '100001', 'england', "
                + eligible + ", " + (eligible == null ? "NULL" : eligible ? "'funded'" : "'establishment_ineligible'") + ", now(), now())");
        return id;
    }

    /** A declaration on the application, published as engagement-service does, once registration holds it. */
    static UUID declaration(UUID application, String type, String state, Instant date) {
        UUID id = UUID.randomUUID();
        var e = DeclarationStateChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAggregateId(id.toString()).setDeclarationId(id.toString()).setApplicationId(application.toString())
                .setDeclarationType(type).setState(state).setChangedAt(Instant.now()).setDeclarationDate(date).build();
        TestKafka.send(Topics.DECLARATION, id.toString(), e);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM registration.declaration WHERE id = '" + id + "' AND state = '" + state + "'") == 1);
        return id;
    }

    /** A later state of a declaration made with {@link #declaration}. */
    static void declarationState(UUID id, UUID application, String type, String state) {
        var e = DeclarationStateChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
                .setAggregateId(id.toString()).setDeclarationId(id.toString()).setApplicationId(application.toString())
                .setDeclarationType(type).setState(state).setChangedAt(Instant.now()).build();
        TestKafka.send(Topics.DECLARATION, id.toString(), e);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                TestDb.count("SELECT count(*) FROM registration.declaration WHERE id = '" + id + "' AND state = '" + state + "'") == 1);
    }

    static String accept(Boolean fundedPlace, String schedule) {
        StringBuilder attrs = new StringBuilder();
        if (fundedPlace != null) attrs.append("\"funded_place\":").append(fundedPlace);
        if (schedule != null) attrs.append(attrs.isEmpty() ? "" : ",").append("\"schedule_identifier\":\"").append(schedule).append('"');
        return "{\"data\":{\"type\":\"npq-application-accept\",\"attributes\":{" + attrs + "}}}";
    }

    static String action(String type, String attributes) {
        return "{\"data\":{\"type\":\"" + type + "\",\"attributes\":{" + attributes + "}}}";
    }
}
