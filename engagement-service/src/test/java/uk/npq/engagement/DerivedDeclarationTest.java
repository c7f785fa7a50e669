package uk.npq.engagement;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.declare;
import static uk.npq.engagement.DeclarationFixtures.enrolment;
import static uk.npq.engagement.DeclarationFixtures.partner;
import static uk.npq.engagement.Fixtures.asRole;
import static uk.npq.engagement.Fixtures.row;
import static uk.npq.engagement.Fixtures.sessionBody;
import static uk.npq.engagement.Fixtures.upload;
import static uk.npq.engagement.SessionsTest.LAST_WEEK;
import static uk.npq.engagement.SessionsTest.NEXT_WEEK;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.assessment.ResultFinalised;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.engagement.Fixtures.Tenant;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * Declarations derived from evidence, per lead provider: off by default; started at the first attended session,
 * retained-1/-2 by the job once milestone dates pass with engagement on track, completed from a marking outcome
 * when engagement meets the threshold; each through the declaration rules, a refusal recorded. Every test has a
 * lead provider of its own, so turning derivation on never reaches another test's data.
 */
@QuarkusTest
class DerivedDeclarationTest {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** A fresh lead provider with one hub, a confirmed delivery partner of it in the cohort. */
    static Tenant tenant(String cohort) {
        String lp = UUID.randomUUID().toString();
        return new Tenant(lp, partner(lp, cohort).toString());
    }

    static void derive(Tenant t, boolean on) {
        asRole("admin").body(setting(on)).put("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(200)
                .body("data.id", equalTo(t.leadProvider())).body("data.attributes.enabled", equalTo(on));
    }

    static String setting(Object enabled) {
        return "{\"data\":{\"type\":\"derived-declaration-setting\",\"attributes\":{\"enabled\":" + enabled + "}}}";
    }

    static String session(Tenant t, String course, String cohort, Instant at) {
        return t.asHub().body(sessionBody(course, cohort, "webinar", at, 60, null)).post("/api/v1/sessions").then().statusCode(201)
                .extract().path("data.id");
    }

    static long declarations(UUID application, String type, String where) {
        return TestDb.count("SELECT count(*) FROM declaration WHERE application_id = '" + application + "' AND declaration_type = '" + type
                + "'" + (where == null ? "" : " AND " + where));
    }

    static long derivations(UUID application, String type, String where) {
        return TestDb.count("SELECT count(*) FROM derived_declaration WHERE application_id = '" + application + "' AND declaration_type = '"
                + type + "'" + (where == null ? "" : " AND " + where));
    }

    @Test
    void offByDefaultNothingIsDerivedAndOnlyAnAdminTurnsItOn() {
        Tenant t = tenant("2026b"), other = tenant("2026b");
        t.asLeadProvider().get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(200)
                .body("data.type", equalTo("derived-declaration-setting"))
                .body("data.attributes.enabled", equalTo(false)).body("data.attributes.updated_at", nullValue());
        UUID[] e = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        String s = session(t, "npq-headship", "2026b", Instant.parse("2026-10-05T09:00:00Z"));
        t.asHub().body(upload(row(e[0], s, true, null))).post("/api/v1/attendance").then().statusCode(200);
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id = '" + e[1] + "'")).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM derived_declaration WHERE application_id = '" + e[1] + "'")).isZero();

        // who may read and change the setting
        other.asLeadProvider().get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(404);
        t.asHub().get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(403);
        t.asLeadProvider().body(setting(true)).put("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(403);
        given().get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(401);
        asRole("admin").get("/api/v1/derived-declarations/nope").then().statusCode(404);
        asRole("admin").body(setting("\"maybe\"")).put("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(422)
                .body("errors.title", hasItem("enabled"));
        asRole("admin").body("{\"data\":{\"type\":\"derived-declaration-setting\",\"attributes\":{}}}")
                .put("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(422).body("errors.title", hasItem("enabled"));
        derive(t, true);
        t.asLeadProvider().get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(200)
                .body("data.attributes.enabled", equalTo(true));
        derive(t, false);
        asRole("admin").get("/api/v1/derived-declarations/" + t.leadProvider()).then().statusCode(200)
                .body("data.attributes.enabled", equalTo(false));
    }

    @Test
    void startedIsDerivedOnceAtTheFirstAttendanceDatedTheEarliestAttendedSessionWithTheHub() {
        Tenant t = tenant("2026b");
        derive(t, true);
        UUID[] e = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        String absent = session(t, "npq-headship", "2026b", Instant.parse("2026-10-01T09:00:00Z"));
        String first = session(t, "npq-headship", "2026b", Instant.parse("2026-10-05T09:00:00Z"));
        String later = session(t, "npq-headship", "2026b", Instant.parse("2026-10-12T09:00:00Z"));
        String upload = upload(row(e[0], later, true, null), row(e[0], absent, false, null), row(e[0], first, true, 50));
        t.asHub().body(upload).post("/api/v1/attendance").then().statusCode(200);

        await().atMost(WAIT).until(() -> derivations(e[1], "started", "status = 'derived'") == 1);
        assertThat(declarations(e[1], "started", "derived AND declaration_date = '2026-10-05T09:00:00Z' AND delivery_partner_id = '"
                + t.hub() + "' AND state = 'eligible'")).isEqualTo(1);
        String id = t.asLeadProvider().get("/api/v3/participant-declarations?filter[participant_id]=" + e[0]).then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].attributes.declaration_type", equalTo("started"))
                .body("data[0].attributes.delivery_partner_id", equalTo(t.hub()))
                .body("data[0].attributes.application_id", equalTo(e[1].toString()))
                .extract().path("data[0].id");
        var submitted = (DeclarationSubmitted) TestKafka.awaitRecord(Topics.DECLARATION,
                r -> id.equals(r.key()) && r.value() instanceof DeclarationSubmitted, WAIT).value();
        assertThat(submitted.getDerived()).isTrue();
        assertThat(submitted.getDeclarationDate()).isEqualTo(Instant.parse("2026-10-05T09:00:00Z"));

        // the same upload again, and more attendance later, derive nothing more
        t.asHub().body(upload).post("/api/v1/attendance").then().statusCode(200).body("data.attributes.unchanged", equalTo(3));
        String next = session(t, "npq-headship", "2026b", Instant.parse("2026-10-19T09:00:00Z"));
        t.asHub().body(upload(row(e[0], next, true, null))).post("/api/v1/attendance").then().statusCode(200);
        assertThat(TestDb.count("SELECT count(*) FROM declaration WHERE application_id = '" + e[1] + "'")).isEqualTo(1);
        assertThat(derivations(e[1], "started", null)).isEqualTo(1);
    }

    @Test
    void aDerivationTheRulesRefuseIsRecordedWithTheirReasonAndTheUploadStillSucceeds() {
        Tenant t = tenant("2026b");
        derive(t, true);
        // the lead provider declared started itself
        UUID[] declared = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        declare(t.leadProvider(), body(declared[0], "started", "2026-10-02T10:00:00Z", "npq-headship",
                "\"delivery_partner_id\":\"" + t.hub() + "\"")).then().statusCode(200);
        // attendance before the schedule's applies_from (1 August 2026)
        UUID[] early = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        String s = session(t, "npq-headship", "2026b", Instant.parse("2026-10-05T09:00:00Z"));
        String july = session(t, "npq-headship", "2026b", Instant.parse("2026-07-20T09:00:00Z"));

        t.asHub().body(upload(row(declared[0], s, true, null), row(early[0], july, true, null))).post("/api/v1/attendance").then()
                .statusCode(200).body("data.attributes.created", equalTo(2));
        await().atMost(WAIT).until(() -> derivations(declared[1], "started", "status = 'refused'") == 1
                && derivations(early[1], "started", "status = 'refused'") == 1);
        assertThat(derivations(declared[1], "started", "reason = 'base: " + DeclarationMessages.DUPLICATE.replace("'", "''") + "'")).isEqualTo(1);
        assertThat(derivations(early[1], "started", "reason = 'declaration_date: "
                + DeclarationMessages.DATE_BEFORE_SCHEDULE.replace("'", "''") + "'")).isEqualTo(1);
        assertThat(declarations(declared[1], "started", null)).isEqualTo(1);
        assertThat(declarations(declared[1], "started", "derived")).isZero();
        assertThat(declarations(early[1], "started", null)).isZero();
        assertThat(TestDb.count("SELECT count(*) FROM attendance WHERE session_id IN ('" + s + "', '" + july + "')")).isEqualTo(2);
    }

    @Test
    void theJobDerivesRetentionOnceTheMilestonePassesWhenOnTrackOnlyForTypesTheScheduleAllows() {
        TestDb.execute("INSERT INTO schedule (cohort, identifier, course_group, applies_from, allowed_declaration_types, updated_at) VALUES "
                + "('2025', 'npq-leadership-autumn', 'leadership', '2025-08-01', '{started,retained-1,retained-2,completed}', now()), "
                + "('2025', 'npq-specialist-autumn', 'specialist', '2025-08-01', '{started,retained-1,completed}', now()) "
                + "ON CONFLICT DO NOTHING");
        var admin = asRole("admin");
        String milestone = "{\"data\":{\"type\":\"milestone\",\"attributes\":{\"milestone_date\":\"%s\"}}}";
        admin.body(milestone.formatted("2026-11-01")).put("/api/v1/milestones/2025/npq-leadership-autumn/retained-1").then().statusCode(200)
                .body("data.id", equalTo("2025/npq-leadership-autumn/retained-1"))
                .body("data.attributes.milestone_date", equalTo("2026-11-01"));
        asRole("admin").body(milestone.formatted("2027-01-24")).put("/api/v1/milestones/2025/npq-leadership-autumn/retained-2").then()
                .statusCode(200);
        asRole("admin").body(milestone.formatted("2026-11-01")).put("/api/v1/milestones/2025/npq-specialist-autumn/retained-1").then()
                .statusCode(200);
        // a specialist schedule has no retained-2, and the job would not derive one even if a date were there
        asRole("admin").body(milestone.formatted("2026-11-01")).put("/api/v1/milestones/2025/npq-specialist-autumn/retained-2").then()
                .statusCode(422).body("errors.detail", hasItem(DeclarationMessages.TYPE_NOT_IN_SCHEDULE));
        TestDb.execute("INSERT INTO milestone (cohort, schedule_identifier, declaration_type, milestone_date, updated_at, updated_by) "
                + "VALUES ('2025', 'npq-specialist-autumn', 'retained-2', '2026-11-01', now(), 'test') ON CONFLICT DO NOTHING");
        asRole("admin").body(milestone.formatted("2026-11-01")).put("/api/v1/milestones/2025/npq-nowhere/retained-1").then().statusCode(404);
        asRole("admin").body(milestone.formatted("1 November")).put("/api/v1/milestones/2025/npq-leadership-autumn/completed").then()
                .statusCode(422).body("errors.title", hasItem("milestone_date"));

        Tenant t = tenant("2025");
        t.asLeadProvider().body(milestone.formatted("2026-11-01")).put("/api/v1/milestones/2025/npq-leadership-autumn/retained-1").then()
                .statusCode(403);
        t.asLeadProvider().get("/api/v1/milestones?filter[cohort]=2025").then().statusCode(200)
                .body("data.id", hasItem("2025/npq-leadership-autumn/retained-1"));
        derive(t, true);
        UUID[] onTrack = enrolment(t.leadProvider(), "npq-headship", "2025", "npq-leadership-autumn", true, true, null, "england");
        UUID[] atRisk = enrolment(t.leadProvider(), "npq-headship", "2025", "npq-leadership-autumn", true, true, null, "england");
        UUID[] specialist = enrolment(t.leadProvider(), "npq-leading-teaching", "2025", "npq-specialist-autumn", true, true, null, "england");
        String held = session(t, "npq-headship", "2025", LAST_WEEK);
        session(t, "npq-headship", "2025", NEXT_WEEK);
        String unit = session(t, "npq-leading-teaching", "2025", LAST_WEEK);
        t.asHub().body(upload(row(onTrack[0], held, true, null), row(atRisk[0], held, false, null), row(specialist[0], unit, true, null)))
                .post("/api/v1/attendance").then().statusCode(200);

        await().atMost(WAIT).until(() -> declarations(onTrack[1], "retained-1", "derived") == 1
                && declarations(specialist[1], "retained-1", "derived") == 1);
        assertThat(declarations(onTrack[1], "retained-1", "declaration_date = '2026-11-01T00:00:00Z' AND delivery_partner_id = '"
                + t.hub() + "'")).isEqualTo(1);
        assertThat(declarations(onTrack[1], "retained-2", null)).as("its milestone has not passed").isZero();
        assertThat(declarations(specialist[1], "retained-2", null)).as("not in a specialist schedule").isZero();
        assertThat(derivations(specialist[1], "retained-2", null)).isZero();
        assertThat(declarations(atRisk[1], "retained-1", null)).as("at risk").isZero();
        assertThat(derivations(atRisk[1], "retained-1", null)).isZero();
        // the one declared was derived by the job, and started came from the attendance
        assertThat(derivations(onTrack[1], "retained-1", "evidence = 'milestone' AND status = 'derived'")).isEqualTo(1);
        assertThat(derivations(onTrack[1], "started", "evidence = 'attendance'")).isEqualTo(1);
    }

    @Test
    void completedIsDerivedFromAFinalResultWhenEngagementMeetsTheThreshold() {
        Tenant t = tenant("2026b");
        derive(t, true);
        UUID[] passed = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        UUID[] failed = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        UUID[] below = enrolment(t.leadProvider(), "npq-headship", "2026b", "npq-leadership-autumn", true, true, null, "england");
        String held = session(t, "npq-headship", "2026b", LAST_WEEK);
        t.asHub().body(upload(row(passed[0], held, true, null), row(failed[0], held, true, null), row(below[0], held, false, null)))
                .post("/api/v1/attendance").then().statusCode(200);

        String belowEvent = result(t, below, "pass", "marking");
        String oddEvent = result(t, passed, "withdrawn", "marking"); // not a pass or a fail: nothing to derive
        result(t, passed, "pass", "moderation");
        result(t, failed, "fail", "marking");

        await().atMost(WAIT).until(() -> declarations(passed[1], "completed", "derived") == 1
                && declarations(failed[1], "completed", "derived") == 1);
        assertThat(declarations(passed[1], "completed", "has_passed AND declaration_date = '2026-11-20T00:00:00Z'")).isEqualTo(1);
        assertThat(declarations(failed[1], "completed", "NOT has_passed")).isEqualTo(1);
        await().atMost(WAIT).until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE consumer = 'engagement-service.outcomes' "
                + "AND event_id IN ('" + belowEvent + "', '" + oddEvent + "')") == 2);
        assertThat(declarations(below[1], "completed", null)).as("engagement below the threshold").isZero();
        assertThat(derivations(below[1], "completed", null)).isZero();
        assertThat(declarations(passed[1], "completed", null)).isEqualTo(1);

        // a later final result (an upheld appeal) does not derive another
        result(t, passed, "fail", "appeal");
        String last = result(t, failed, "pass", "appeal");
        await().atMost(WAIT).until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE consumer = 'engagement-service.outcomes' "
                + "AND event_id = '" + last + "'") == 1);
        assertThat(declarations(passed[1], "completed", null)).isEqualTo(1);
        assertThat(declarations(failed[1], "completed", null)).isEqualTo(1);
    }

    /** Sends assessment-service's ResultFinalised ("pass" or "fail") for an enrolment {participant, application}; returns its event id. */
    static String result(Tenant t, UUID[] e, String result, String source) {
        String eventId = UUID.randomUUID().toString(), app = e[1].toString();
        Instant now = Instant.now();
        TestKafka.send(Topics.ASSESSMENT, app, ResultFinalised.newBuilder().setEventId(eventId).setOccurredAt(now).setAggregateId(app)
                .setApplicationId(app).setParticipantId(e[0].toString()).setLeadProviderId(t.leadProvider())
                .setCourseIdentifier("npq-headship").setCohort("2026b").setWindowId(UUID.randomUUID().toString())
                .setSubmissionId(UUID.randomUUID().toString()).setAttempt(1).setFinalResult(result).setSource(source)
                .setCompletionDate(LocalDate.parse("2026-11-20")).setResitAllowed("fail".equals(result)).setFinalisedAt(now).build());
        return eventId;
    }

    @Test
    void milestonesAreReadByProvidersAndHubsAndRemovedByAdmins() {
        DeclarationFixtures.schedules();
        String path = "/api/v1/milestones/2026b/npq-ehco-november/completed";
        asRole("admin").body("{\"data\":{\"type\":\"milestone\",\"attributes\":{\"milestone_date\":\"2027-06-25\"}}}").put(path).then()
                .statusCode(200).body("data.attributes.declaration_type", equalTo("completed"));
        Tenant t = Tenant.fresh();
        t.asHub().get("/api/v1/milestones?filter[cohort]=2026b").then().statusCode(200)
                .body("data.find { it.id == '2026b/npq-ehco-november/completed' }.attributes.milestone_date", equalTo("2027-06-25"));
        t.asLeadProvider().delete(path).then().statusCode(403);
        asRole("admin").delete(path).then().statusCode(204);
        asRole("admin").delete(path).then().statusCode(404);
        Fixtures.as(TestTokens.token("reporting-user", List.of("reporting"), Map.of())).get("/api/v1/milestones").then().statusCode(403);
        given().get("/api/v1/milestones").then().statusCode(401);
    }
}
