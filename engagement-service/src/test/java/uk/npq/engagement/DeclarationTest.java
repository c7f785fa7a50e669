package uk.npq.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.DeclarationFixtures.LP_A;
import static uk.npq.engagement.DeclarationFixtures.LP_B;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.declare;
import static uk.npq.engagement.DeclarationFixtures.enrolment;
import static uk.npq.engagement.DeclarationFixtures.expect422;
import static uk.npq.engagement.DeclarationFixtures.partner;
import static uk.npq.engagement.DeclarationFixtures.simple;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.contracts.funding.ContractDefined;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.funding.ScheduleDefined;
import uk.npq.contracts.funding.StatementDefined;
import uk.npq.contracts.funding.StatementState;
import uk.npq.contracts.registration.ApplicationAccepted;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.contracts.registration.DeliveryPartnerChanged;
import uk.npq.contracts.registration.Partnership;
import uk.npq.contracts.registration.TrainingStatusChanged;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;
import uk.npq.platform.testing.Management;

/** DfE v3 participant declarations: f5 in order with its texts, c3 states, never paying twice, isolation. */
@QuarkusTest
class DeclarationTest {

    @Test
    void theEnrolmentIsBuiltFromOtherServicesEventsAndAFundableDeclarationIsEligible() {
        String app = UUID.randomUUID().toString(), person = UUID.randomUUID().toString(), dp = UUID.randomUUID().toString();
        Instant now = Instant.now();
        DeclarationFixtures.contracted(LP_A, "2026b", "npq-leading-teaching");
        TestKafka.send(Topics.FUNDING_REFERENCE, "2026b/npq-specialist-autumn", ScheduleDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now).setAggregateId("2026b/npq-specialist-autumn").setCohort("2026b").setIdentifier("npq-specialist-autumn")
                .setName("NPQ Specialist Autumn").setCourseGroup("specialist").setAppliesFrom(LocalDate.parse("2026-08-01"))
                .setAllowedDeclarationTypes(List.of("started", "retained-1", "completed")).build());
        TestKafka.send(Topics.DELIVERY_PARTNER, dp, DeliveryPartnerChanged.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now).setAggregateId(dp).setDeliveryPartnerId(dp).setName("Hub of the events").setChangedAt(now)
                .setPartnerships(List.of(Partnership.newBuilder().setLeadProviderId(LP_A).setCohort("2026b").build())).build());
        TestKafka.send(Topics.APPLICATION, app, ApplicationSubmitted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                .setAggregateId(app).setApplicationId(app).setParticipantId(person).setTrn("7654321").setTrnVerified(true)
                .setCourseIdentifier("npq-leading-teaching").setCohort("2026b").setLeadProviderId(LP_A).setWorkSetting("a_school")
                .setSchoolUrn("100001").setTeacherCatchment("england").setSubmittedAt(now).build(),
                ApplicationAccepted.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now).setAggregateId(app)
                        .setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-leading-teaching").setCohort("2026b")
                        .setLeadProviderId(LP_A).setFundedPlace(true).setScheduleIdentifier("npq-specialist-autumn").setAcceptedAt(now).build());
        TestKafka.send(Topics.FUNDING_DECISION, app, FundingDecisionMade.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(now).setAggregateId(app).setApplicationId(app).setParticipantId(person).setEligibleForFunding(true)
                .setFundingEligibilityStatusCode("funded").setRuleSet("2026").setDecidedAt(now).setTargetedDeliveryFundingEligibility(true)
                .build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + app
                + "' AND status = 'accepted' AND eligible_for_funding AND targeted_delivery_funding_eligibility AND schedule_identifier = 'npq-specialist-autumn' AND trn = '7654321'") == 1
                && TestDb.count("SELECT count(*) FROM delivery_partnership WHERE delivery_partner_id = '" + dp + "'") == 1);

        String id = declare(LP_A, body(UUID.fromString(person), "started", STARTED, "npq-leading-teaching", "\"delivery_partner_id\":\"" + dp + "\""))
                .then().statusCode(200)
                .body("data.type", equalTo("participant-declaration"))
                .body("data.attributes.state", equalTo("eligible"))
                .body("data.attributes.delivery_partner_name", equalTo("Hub of the events"))
                .body("data.attributes.statement_id", equalTo(TestDb.string("SELECT id::text FROM statement WHERE lead_provider_id = '"
                        + LP_A + "' AND cohort = '2026b' AND output_fee AND state = 'open' AND deadline_date >= current_date "
                        + "ORDER BY deadline_date, year, month LIMIT 1"))) // c3: on the provider's next output-fee statement
                .body("data.attributes.application_id", equalTo(app)).extract().path("data.id");
        var submitted = (DeclarationSubmitted) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> id.equals(r.key()) && r.value() instanceof DeclarationSubmitted, Duration.ofSeconds(30)).value();
        assertThat(submitted.getState()).isEqualTo("eligible");
        var changed = (DeclarationStateChanged) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> id.equals(r.key()) && r.value() instanceof DeclarationStateChanged, Duration.ofSeconds(30)).value();
        assertThat(changed.getDeclarationDate()).isEqualTo(Instant.parse(STARTED));

        // a withdrawal (from registration's event) refuses declarations dated at or after it
        Instant withdrawn = Instant.parse("2026-10-15T09:00:00Z");
        TestKafka.send(Topics.APPLICATION, app, TrainingStatusChanged.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(now)
                .setAggregateId(app).setApplicationId(app).setParticipantId(person).setCourseIdentifier("npq-leading-teaching")
                .setCohort("2026b").setLeadProviderId(LP_A).setTrainingStatus("withdrawn").setPreviousTrainingStatus("active")
                .setReason("change-in-career").setChangedAt(withdrawn).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM enrolment WHERE application_id = '" + app
                + "' AND withdrawn_at IS NOT NULL") == 1);
        expect422(declare(LP_A, body(UUID.fromString(person), "retained-1", "2026-10-15T09:00:00Z", "npq-leading-teaching",
                "\"delivery_partner_id\":\"" + dp + "\"")), "participant_id", DeclarationMessages.WITHDRAWN.formatted("2026-10-15T09:00:00Z"));
        declare(LP_A, body(UUID.fromString(person), "retained-1", "2026-10-15T08:59:59Z", "npq-leading-teaching",
                "\"delivery_partner_id\":\"" + dp + "\"")).then().statusCode(200);
    }

    @Test
    void rules7And8AContractForTheCohortAndCourseAndAnOutputFeeStatementForABillableDeclaration() {
        String lp = UUID.randomUUID().toString();
        UUID[] e = DeclarationFixtures.uncontractedEnrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
        UUID[] unfunded = DeclarationFixtures.uncontractedEnrolment(lp, "npq-senior-leadership", "2026b", "npq-leadership-autumn", false, false,
                null, "another");
        String ended = DeclarationMessages.CONTRACT_ENDED.formatted(2026);
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/London")); // statements' deadlines are London dates
        // rule 7: no contract for the cohort and course
        expect422(declare(lp, body(e[0], "started", STARTED, "npq-headship", null)), "cohort", DeclarationMessages.NO_CONTRACT);
        contract(lp, "2026b", "npq-senior-leadership");
        expect422(declare(lp, body(e[0], "started", STARTED, "npq-headship", null)), "cohort", DeclarationMessages.NO_CONTRACT);
        contract(lp, "2026b", "npq-headship");
        // rule 8: a declaration that would be paid needs an open output-fee statement whose deadline has not passed
        expect422(declare(lp, body(e[0], "started", STARTED, "npq-headship", null)), "cohort", ended);
        statement(lp, "2026b", today.plusDays(20), false, StatementState.open);      // not output fee
        statement(lp, "2026b", today.minusDays(1), true, StatementState.open);       // deadline passed
        statement(lp, "2026b", today.plusDays(40), true, StatementState.payable);    // not open
        statement(lp, "2026b", today.plusDays(20), true, StatementState.open, "2025a"); // another cohort
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM statement WHERE lead_provider_id = '" + lp + "'") == 4);
        expect422(declare(lp, body(e[0], "started", STARTED, "npq-headship", null)), "cohort", ended);
        // a declaration that will not be paid needs no statement
        declare(lp, body(unfunded[0], "started", STARTED, "npq-senior-leadership", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("submitted"));
        statement(lp, "2026b", today, true, StatementState.open); // a deadline of today still takes declarations
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM statement WHERE lead_provider_id = '" + lp + "'") == 5);
        String id = declare(lp, body(e[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible")).extract().path("data.id");

        // c3: voiding a paid declaration is a clawback, which needs the next output-fee statement too
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + id + "'");
        TestDb.execute("UPDATE statement SET deadline_date = current_date - 1 WHERE lead_provider_id = '" + lp + "'");
        expect422(as(lp).put("/api/v3/participant-declarations/" + id + "/void"), "declaration", ended);
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE id = '" + id + "' AND state = 'paid'")).isEqualTo(1);
        statement(lp, "2026b", today.plusDays(60), true, StatementState.open);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM statement WHERE lead_provider_id = '" + lp
                + "' AND deadline_date > current_date") == 1);
        as(lp).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting-clawback"));
    }

    /** funding-service's ContractDefined, through Kafka; waits until the copy has it. */
    static void contract(String lp, String cohort, String course) {
        String key = lp + "/" + cohort + "/" + course;
        TestKafka.send(Topics.FUNDING_REFERENCE, key, ContractDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(key).setLeadProviderId(lp).setCohort(cohort).setCourseIdentifier(course).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM contract WHERE lead_provider_id = '" + lp
                + "' AND cohort = '" + cohort + "' AND course_identifier = '" + course + "'") == 1);
    }

    static void statement(String lp, String cohort, LocalDate deadline, boolean outputFee, StatementState state) {
        statement(lp, cohort, deadline, outputFee, state, cohort);
    }

    /** funding-service's StatementDefined, through Kafka, for {@code statementCohort}. */
    static void statement(String lp, String cohort, LocalDate deadline, boolean outputFee, StatementState state, String statementCohort) {
        String id = UUID.randomUUID().toString();
        TestKafka.send(Topics.FUNDING_REFERENCE, id, StatementDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(id).setStatementId(id).setLeadProviderId(lp).setCohort(statementCohort)
                .setYear(deadline.plusDays(6).getYear()).setMonth(deadline.plusDays(6).getMonthValue()).setDeadlineDate(deadline)
                .setPaymentDate(deadline.plusMonths(1)).setOutputFee(outputFee).setState(state).build());
    }

    @Test
    void theStateOnCreationFollowsFundability() {
        // issue 17: each new declaration counts once in the state it entered (scraped on the management interface)
        String counter = "npq_declarations_transitions_total";
        String scrape = Management.scrape();
        double submitted = java.util.Objects.requireNonNullElse(Management.sample(scrape, counter, "state=\"submitted\""), 0.0);
        double eligible = java.util.Objects.requireNonNullElse(Management.sample(scrape, counter, "state=\"eligible\""), 0.0);
        UUID[] notEligible = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", false, false, null, "another");
        declare(LP_A, body(notEligible[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("submitted"));
        UUID[] noFundedPlace = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, false, null, "another");
        declare(LP_A, body(noFundedPlace[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("submitted"));
        UUID[] fullCohort = enrolment(LP_A, "npq-headship", "2023a", "npq-leadership-autumn", true, null, null, "england");
        declare(LP_A, body(fullCohort[0], "started", "2023-11-01T10:00:00Z", "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible")); // null funded place counts as funded; no partner before 2024
        String after = Management.scrape();
        assertThat(Management.sample(after, counter, "state=\"submitted\"")).isEqualTo(submitted + 2);
        assertThat(Management.sample(after, counter, "state=\"eligible\"")).isEqualTo(eligible + 1);
    }

    @Test
    void f5RulesAreCheckedWithTheDfeTexts() {
        UUID[] e = simple();
        UUID other = simple()[0];
        expect422(declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null).replace("\"participant_id\":\"" + e[0] + "\"",
                "\"participant_id\":\"\"")), "participant_id", DeclarationMessages.PARTICIPANT_BLANK);
        UUID retired = UUID.randomUUID();
        TestDb.execute("INSERT INTO participant_id_change (from_participant_id, to_participant_id, changed_at) VALUES ('" + retired + "', '"
                + e[0] + "', now())");
        expect422(declare(LP_A, body(retired, "started", STARTED, "npq-headship", null)), "participant_id",
                DeclarationMessages.PARTICIPANT_REPLACED.formatted(retired, e[0]));
        expect422(declare(LP_B, body(e[0], "started", STARTED, "npq-headship", null)), "participant_id", DeclarationMessages.PARTICIPANT_UNKNOWN);
        expect422(declare(LP_A, body(e[0], "started", STARTED, "npq-senco", null)), "course_identifier", DeclarationMessages.COURSE_UNKNOWN);
        expect422(declare(LP_A, body(e[0], "started", STARTED, "npq-juggling", null)), "course_identifier", DeclarationMessages.COURSE_UNKNOWN);
        expect422(declare(LP_A, body(e[0], "started", "", "npq-headship", null)), "declaration_date", DeclarationMessages.DATE_BLANK);
        for (String bad : List.of("2026-10-01", "2026-10-01 10:00:00Z", "2026-10-01T10:00:00", "01/10/2026", "2026-13-01T10:00:00Z")) {
            expect422(declare(LP_A, body(e[0], "started", bad, "npq-headship", null)), "declaration_date", DeclarationMessages.DATE_INVALID);
        }
        expect422(declare(LP_A, body(e[0], "", STARTED, "npq-headship", null)), "declaration_type", DeclarationMessages.TYPE_BLANK);
        expect422(declare(LP_A, body(e[0], "", STARTED, "npq-headship", null)), "declaration_type", DeclarationMessages.TYPE_UNKNOWN);
        expect422(declare(LP_A, body(e[0], "finished", STARTED, "npq-headship", null)), "declaration_type", DeclarationMessages.TYPE_UNKNOWN);
        // declaration_type missing or null: the DfE's 422, never a 500
        expect422(declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null).replace("\"declaration_type\":\"started\",", "")),
                "declaration_type", DeclarationMessages.TYPE_BLANK);
        expect422(declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null).replace("\"declaration_type\":\"started\"",
                "\"declaration_type\":null")), "declaration_type", DeclarationMessages.TYPE_UNKNOWN);
        expect422(declare(LP_A, body(e[0], "started", "2026-07-31T23:59:59+01:00", "npq-headship", null)), "declaration_date",
                DeclarationMessages.DATE_BEFORE_SCHEDULE); // 31 July 23:59 London is before applies_from 1 August
        expect422(declare(LP_A, body(e[0], "started", "2026-07-31T23:00:00Z", "npq-headship", null)), "declaration_date",
                DeclarationMessages.DATE_BEFORE_SCHEDULE); // midnight in London, but the DfE compares with midnight UTC of 1 August
        declare(LP_A, body(other, "started", "2026-08-01T00:00:00Z", "npq-headship", null)).then().statusCode(200);
        String tomorrow = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        expect422(declare(LP_A, body(e[0], "started", tomorrow, "npq-headship", null)), "declaration_date", DeclarationMessages.DATE_IN_FUTURE);
        expect422(declare(LP_A, body(e[0], "completed", STARTED, "npq-headship", null)), "has_passed", DeclarationMessages.HAS_PASSED);
        expect422(declare(LP_A, body(e[0], "completed", STARTED, "npq-headship", "\"has_passed\":\"maybe\"")), "has_passed",
                DeclarationMessages.HAS_PASSED);
        declare(LP_A, body(e[0], "completed", STARTED, "npq-headship", "\"has_passed\":\"true\"")).then().statusCode(200)
                .body("data.attributes.has_passed", equalTo(true));
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE participant_id = '" + e[0] + "'")).isEqualTo(1);
    }

    @Test
    void specialistSchedulesRefuseRetained2AndAnApplicationWithoutScheduleIsRefused() {
        UUID[] specialist = enrolment(LP_A, "npq-leading-teaching", "2026b", "npq-specialist-autumn", true, true, null, "another");
        expect422(declare(LP_A, body(specialist[0], "retained-2", STARTED, "npq-leading-teaching", null)), "declaration_type",
                DeclarationMessages.TYPE_NOT_IN_SCHEDULE);
        UUID[] noSchedule = enrolment(LP_A, "npq-headship", "2026b", null, true, true, null, "another");
        expect422(declare(LP_A, body(noSchedule[0], "started", STARTED, "npq-headship", null)), "application", DeclarationMessages.NO_SCHEDULE);
        // EHCO and ASO are one family: an EHCO enrolment takes a declaration named as ASO
        UUID[] ehco = enrolment(LP_A, "npq-early-headship-coaching-offer", "2026b", "npq-ehco-november", true, true, null, "another");
        declare(LP_A, body(ehco[0], "started", "2026-11-02T10:00:00Z", "npq-additional-support-offer", null)).then().statusCode(200)
                .body("data.attributes.course_identifier", equalTo("npq-early-headship-coaching-offer"));
    }

    /**
     * uplift_paid as the DfE serializer computes it (Declaration#uplift_paid?): a started declaration, paid, awaiting
     * clawback or clawed back, on an application eligible for targeted delivery funding, of a course other than ASO and
     * EHCO. It was always false.
     */
    @Test
    void upliftPaidIsTheDfes() {
        UUID[] e = simple();
        TestDb.execute("UPDATE enrolment SET targeted_delivery_funding_eligibility = true WHERE application_id = '" + e[1] + "'");
        String started = declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.uplift_paid", equalTo(false)).extract().path("data.id"); // eligible: not paid yet
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + started + "'");
        as(LP_A).get("/api/v3/participant-declarations/" + started).then().statusCode(200).body("data.attributes.uplift_paid", equalTo(true));
        as(LP_A).get("/api/v3/participant-declarations?filter[participant_id]=" + e[0]).then().statusCode(200)
                .body("data.find { it.id == '" + started + "' }.attributes.uplift_paid", equalTo(true));
        as(LP_A).put("/api/v3/participant-declarations/" + started + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting-clawback")).body("data.attributes.uplift_paid", equalTo(true));
        TestDb.execute("UPDATE declaration SET state = 'clawed_back' WHERE id = '" + started + "'");
        as(LP_A).get("/api/v3/participant-declarations/" + started).then().body("data.attributes.uplift_paid", equalTo(true));

        String retained = declare(LP_A, body(e[0], "retained-1", STARTED, "npq-headship", null)).then().statusCode(200).extract().path("data.id");
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + retained + "'");
        as(LP_A).get("/api/v3/participant-declarations/" + retained).then().body("data.attributes.uplift_paid", equalTo(false));

        UUID[] noTdf = simple();
        String plain = declare(LP_A, body(noTdf[0], "started", STARTED, "npq-headship", null)).then().statusCode(200).extract().path("data.id");
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + plain + "'");
        as(LP_A).get("/api/v3/participant-declarations/" + plain).then().body("data.attributes.uplift_paid", equalTo(false));

        UUID[] ehco = enrolment(LP_A, "npq-early-headship-coaching-offer", "2026b", "npq-ehco-november", true, true, null, "another");
        TestDb.execute("UPDATE enrolment SET targeted_delivery_funding_eligibility = true WHERE application_id = '" + ehco[1] + "'");
        String coaching = declare(LP_A, body(ehco[0], "started", "2026-11-02T10:00:00Z", "npq-early-headship-coaching-offer", null))
                .then().statusCode(200).extract().path("data.id");
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + coaching + "'");
        as(LP_A).get("/api/v3/participant-declarations/" + coaching).then().body("data.attributes.uplift_paid", equalTo(false));
    }

    @Test
    void deliveryPartnersFollowRule11() {
        UUID mine = partner(LP_A, "2026b"), theirs = partner(LP_B, "2026b"), second = partner(LP_A, "2026b");
        UUID[] england = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", null)), "delivery_partner_id", DeclarationMessages.DP_REQUIRED);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + UUID.randomUUID() + "\"")),
                "delivery_partner_id", DeclarationMessages.DP_NOT_FOUND);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + theirs + "\"")),
                "delivery_partner_id", DeclarationMessages.DP_NOT_CONFIRMED);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"secondary_delivery_partner_id\":\"" + mine + "\"")),
                "secondary_delivery_partner_id", DeclarationMessages.SECONDARY_WITHOUT_PRIMARY);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine
                + "\",\"secondary_delivery_partner_id\":\"" + mine + "\"")), "secondary_delivery_partner_id", DeclarationMessages.SECONDARY_SAME);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine
                + "\",\"secondary_delivery_partner_id\":\"" + theirs + "\"")), "secondary_delivery_partner_id",
                DeclarationMessages.SECONDARY_NOT_CONFIRMED);
        UUID[] abroad = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
        expect422(declare(LP_A, body(abroad[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine + "\"")),
                "delivery_partner_id", DeclarationMessages.DP_OUTSIDE_ENGLAND);
        expect422(declare(LP_A, body(abroad[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine
                + "\",\"secondary_delivery_partner_id\":\"" + second + "\"")), "secondary_delivery_partner_id",
                DeclarationMessages.SECONDARY_OUTSIDE_ENGLAND);
        expect422(declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine
                + "\",\"secondary_delivery_partner_id\":\"" + UUID.randomUUID() + "\"")), "secondary_delivery_partner_id",
                DeclarationMessages.SECONDARY_DP_NOT_FOUND);
        String id = declare(LP_A, body(england[0], "started", STARTED, "npq-headship", "\"delivery_partner_id\":\"" + mine
                + "\",\"secondary_delivery_partner_id\":\"" + second + "\"")).then().statusCode(200)
                .body("data.attributes.secondary_delivery_partner_id", equalTo(second.toString())).extract().path("data.id");

        String change = "{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"delivery_partner_id\":\"%s\"}}}";
        as(LP_A).body(change.formatted(second)).put("/api/v3/participant-declarations/" + id + "/change-delivery-partner").then()
                .statusCode(200).body("data.attributes.delivery_partner_id", equalTo(second.toString()))
                .body("data.attributes.secondary_delivery_partner_id", nullValue());
        // the DfE document's change-delivery-partner attributes also list participant_id and declaration_type, so a
        // client generated from it may send them: they are taken and ignored, as the DfE service ignores them
        as(LP_A).body("{\"data\":{\"type\":\"participant-declaration\",\"attributes\":{\"participant_id\":\"" + england[0]
                        + "\",\"declaration_type\":\"completed\",\"delivery_partner_id\":\"" + mine + "\"}}}")
                .put("/api/v3/participant-declarations/" + id + "/change-delivery-partner").then().statusCode(200)
                .body("data.attributes.delivery_partner_id", equalTo(mine.toString()))
                .body("data.attributes.declaration_type", equalTo("started"));
        as(LP_A).body(change.formatted(second)).put("/api/v3/participant-declarations/" + id + "/change-delivery-partner").then()
                .statusCode(200).body("data.attributes.delivery_partner_id", equalTo(second.toString()));
        expect422(as(LP_A).body(change.formatted(theirs)).put("/api/v3/participant-declarations/" + id + "/change-delivery-partner"),
                "delivery_partner_id", DeclarationMessages.DP_NOT_CONFIRMED);
        expect422(as(LP_A).body(change.formatted(UUID.randomUUID())).put("/api/v3/participant-declarations/" + id + "/change-delivery-partner"),
                "delivery_partner", DeclarationMessages.DP_NOT_CONFIRMED);
        as(LP_B).body(change.formatted(theirs)).put("/api/v3/participant-declarations/" + id + "/change-delivery-partner").then()
                .statusCode(404); // another provider's declaration is not found, as in the DfE service
    }

    @Test
    void aMilestoneIsDeclaredOnceAnIdenticalRetryGetsTheOriginalAndAnotherIsRefused() {
        UUID[] e = simple();
        String first = body(e[0], "started", STARTED, "npq-headship", null);
        String id = declare(LP_A, first).then().statusCode(200).extract().path("data.id");
        declare(LP_A, first).then().statusCode(200).header("Idempotent-Replayed", "true").body("data.id", equalTo(id));
        expect422(declare(LP_A, body(e[0], "started", "2026-10-02T10:00:00Z", "npq-headship", null)), "base", DeclarationMessages.DUPLICATE);
        // voided, the milestone may be declared again
        as(LP_A).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(200).body("data.attributes.state", equalTo("voided"));
        declare(LP_A, body(e[0], "started", "2026-10-02T10:00:00Z", "npq-headship", null)).then().statusCode(200);
        // the database has the last word: a second billable row for the milestone cannot be written even by hand
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id = '" + e[1] + "' AND state IN ('submitted','eligible','payable','paid')"))
                .isEqualTo(1);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> TestDb.execute("INSERT INTO declaration "
                + "(id, application_id, participant_id, lead_provider_id, course_identifier, cohort, declaration_type, declaration_date, state, "
                + "created_at, updated_at) VALUES (gen_random_uuid(), '" + e[1] + "', '" + e[0] + "', '" + LP_A + "', 'npq-headship', '2026b', "
                + "'started', now(), 'paid', now(), now())"));
    }

    @Test
    void fiftyIdenticalPostsAtTheSameMomentCreateExactlyOne() throws Exception {
        UUID[] e = simple();
        String body = body(e[0], "retained-1", STARTED, "npq-headship", null);
        String token = TestTokens.leadProvider(LP_A);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map.Entry<Integer, String>>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                go.await();
                var r = RestAssured.given().auth().oauth2(token).contentType("application/json").body(body).post("/api/v3/participant-declarations");
                return Map.entry(r.statusCode() == 200 && !"true".equals(r.header("Idempotent-Replayed")) ? 201 : r.statusCode(),
                        r.<String>path("data.id"));
            }));
        }
        go.countDown();
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (var f : results) {
            var r = f.get();
            assertThat(r.getKey()).isIn(200, 201); // 201 here: answered 200 without Idempotent-Replayed, i.e. it made the declaration
            if (r.getKey() == 201) created++;
            ids.add(r.getValue());
        }
        pool.shutdown();
        assertThat(created).isEqualTo(1);
        assertThat(ids).hasSize(1);
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id = '" + e[1] + "'")).isEqualTo(1);
    }

    @Test
    void aDuplicateUnderAnotherRecordWithTheSameTrnIsIneligibleAndSaysWhy() {
        String trn = String.valueOf(2_000_000 + (int) (Math.random() * 7_000_000));
        UUID[] first = enrolment(LP_A, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "another");
        UUID[] second = enrolment(LP_B, "npq-headship", "2026b", "npq-leadership-autumn", true, true, trn, "another");
        String original = declare(LP_A, body(first[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("eligible")).extract().path("data.id");
        String duplicate = declare(LP_B, body(second[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.state", equalTo("ineligible"))
                .body("data.attributes.ineligible_for_funding_reason", equalTo("duplicate_declaration")).extract().path("data.id");
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE id = '" + duplicate + "' AND superseded_by_id = '" + original
                + "' AND state_reason = 'duplicate'")).isEqualTo(1);
    }

    @Test
    void aDeclarationShowsItsLeadProvidersNameFromFundingsReferenceData() {
        String lp = UUID.randomUUID().toString();
        UUID[] e = DeclarationFixtures.enrolment(lp, "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "another");
        TestKafka.send(Topics.FUNDING_REFERENCE, lp, uk.npq.contracts.funding.LeadProviderDefined.newBuilder().setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now()).setAggregateId(lp).setLeadProviderId(lp).setName("Example Teaching Trust").build());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM lead_provider WHERE id = '" + lp + "'") == 1);
        String id = declare(lp, body(e[0], "started", STARTED, "npq-headship", null)).then().statusCode(200)
                .body("data.attributes.lead_provider_name", equalTo("Example Teaching Trust")).extract().path("data.id");
        as(lp).get("/api/v3/participant-declarations/" + id).then().body("data.attributes.lead_provider_name", equalTo("Example Teaching Trust"));
        as(lp).get("/api/v3/participant-declarations").then().body("data[0].attributes.lead_provider_name", equalTo("Example Teaching Trust"));
    }

    @Test
    void hasPassedShowsTheLatestOutcome() {
        UUID[] e = simple();
        String id = declare(LP_A, body(e[0], "completed", STARTED, "npq-headship", "\"has_passed\":false")).then().statusCode(200)
                .body("data.attributes.has_passed", equalTo(false)).extract().path("data.id");
        for (var step : List.of(new Object[] {"passed", true}, new Object[] {"failed", false}, new Object[] {"voided", null})) {
            TestKafka.send(Topics.OUTCOME, e[1].toString(), uk.npq.contracts.assessment.OutcomeRecorded.newBuilder()
                    .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setAggregateId(e[1].toString())
                    .setOutcomeId(UUID.randomUUID().toString()).setDeclarationId(id).setApplicationId(e[1].toString())
                    .setParticipantId(e[0].toString()).setLeadProviderId(LP_A).setCourseIdentifier("npq-headship").setState((String) step[0])
                    .setCompletionDate(LocalDate.parse("2026-10-01")).setSource("lead_provider").setRecordedAt(Instant.now()).build());
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(LP_A).get("/api/v3/participant-declarations/" + id).then()
                    .statusCode(200).body("data.attributes.has_passed", equalTo(step[1])));
        }
    }

    @Test
    void voidAndClawbackFollowC3() {
        UUID[] e = simple();
        String id = declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null)).then().statusCode(200).extract().path("data.id");
        as(LP_B).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(404);
        assertThat(TestDb.string("SELECT state FROM declaration WHERE id = '" + id + "'")).isEqualTo("eligible");
        as(LP_A).put("/api/v3/participant-declarations/" + id + "/void").then().statusCode(200).body("data.attributes.state", equalTo("voided"));
        expect422(as(LP_A).put("/api/v3/participant-declarations/" + id + "/void"), "declaration", DeclarationMessages.ALREADY_VOIDED);
        var voided = (DeclarationVoided) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> id.equals(r.key()) && r.value() instanceof DeclarationVoided, Duration.ofSeconds(30)).value();
        assertThat(voided.getPreviousState()).isEqualTo("eligible");

        // a paid declaration is clawed back, not voided; then it cannot be voided again
        String paid = declare(LP_A, body(e[0], "retained-1", STARTED, "npq-headship", null)).then().statusCode(200).extract().path("data.id");
        TestDb.execute("UPDATE declaration SET state = 'paid' WHERE id = '" + paid + "'");
        as(LP_A).put("/api/v3/participant-declarations/" + paid + "/void").then().statusCode(200)
                .body("data.attributes.state", equalTo("awaiting-clawback"));
        expect422(as(LP_A).put("/api/v3/participant-declarations/" + paid + "/void"), "declaration", DeclarationMessages.REFUNDED);
        as(LP_A).put("/api/v3/participant-declarations/" + UUID.randomUUID() + "/void").then().statusCode(404);
    }

    @Test
    void eachProviderSeesOnlyItsOwnDeclarations() {
        UUID[] e = simple();
        String id = declare(LP_A, body(e[0], "started", STARTED, "npq-headship", null)).then().statusCode(200).extract().path("data.id");
        as(LP_A).get("/api/v3/participant-declarations/" + id).then().statusCode(200).body("data.id", equalTo(id));
        as(LP_B).get("/api/v3/participant-declarations/" + id).then().statusCode(404);
        as(LP_A).get("/api/v3/participant-declarations?filter[participant_id]=" + e[0]).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].id", equalTo(id));
        as(LP_B).get("/api/v3/participant-declarations?filter[participant_id]=" + e[0]).then().statusCode(200).body("data", hasSize(0));
        as(LP_A).get("/api/v3/participant-declarations?filter[cohort]=2025&filter[participant_id]=" + e[0]).then().body("data", hasSize(0));
        as(LP_A).get("/api/v3/participant-declarations?filter[participant_id]=nope").then().statusCode(400)
                .body("errors.detail", hasItem("The filter '#/participant_id' must be a comma-delimited list of valid UUIDs"));
        RestAssured.given().get("/api/v3/participant-declarations").then().statusCode(401);
        RestAssured.given().auth().oauth2(TestTokens.token("hub", List.of("delivery-partner"), Map.of())).get("/api/v3/participant-declarations")
                .then().statusCode(403);
        as(LP_A).body("{\"data\":{}}").post("/api/v3/participant-declarations").then().statusCode(400);
    }
}
