package uk.npq.assessment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.assessment.Fixtures.count;
import static uk.npq.assessment.Fixtures.documentBody;
import static uk.npq.assessment.Fixtures.extensionBody;
import static uk.npq.assessment.Fixtures.textBody;
import static uk.npq.assessment.Fixtures.words;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Sitting;
import uk.npq.assessment.Fixtures.Tenant;
import uk.npq.contracts.assessment.ExtensionGranted;
import uk.npq.contracts.assessment.SubmissionReceived;

/** Submissions judged by the server's clock in Europe/London, word limits, who may sit, extensions. */
@QuarkusTest
class SubmissionsTest {
    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    /** At each instant, a first submission is accepted (201) or refused as outside the window (422 window). */
    @ParameterizedTest(name = "window from {0}, submitted at {1}: {2}")
    @CsvSource(textBlock = """
            2027-03-25, 2027-03-25T00:00:59Z, 422
            2027-03-25, 2027-03-25T00:01:00Z, 201
            2027-03-25, 2027-03-28T00:30:00Z, 201
            2027-03-25, 2027-04-01T22:59:00Z, 201
            2027-03-25, 2027-04-01T22:59:59Z, 201
            2027-03-25, 2027-04-01T23:00:00Z, 422
            2026-10-20, 2026-10-19T23:00:59Z, 422
            2026-10-20, 2026-10-19T23:01:00Z, 201
            2026-10-20, 2026-10-27T23:59:00Z, 201
            2026-10-20, 2026-10-28T00:00:00Z, 422
            """)
    void submissionsAreAcceptedFromTheFirstMinuteToTheLastAndNotAMinuteAfter(String firstDay, String at, int status) {
        Sitting s = Sitting.of("npq-headship", firstDay, at);
        var r = s.submit(textBody(null, words(120))).statusCode(status);
        if (status == 422) {
            r.body("errors.title", contains("window"));
            assertThat(count("submission", "window_id = '" + s.window() + "'")).isZero();
        } else {
            r.body("data.attributes.word_count", equalTo(120)).body("data.attributes.state", equalTo("submitted"))
                    .body("data.attributes.submitted_at", equalTo(at)).body("data.attributes.attempt", equalTo(1));
        }
    }

    @Test
    void theServerCountsTheWordsAndRefusesOverTheLimitWithTheCount() {
        Sitting s = Sitting.of("npq-leading-teaching", "2027-02-01", "2027-02-03T10:00:00Z");
        s.submit(textBody(null, words(1501))).statusCode(422).contentType("application/problem+json").body("errors.title", contains("text"))
                .body("errors.detail", contains("The submission has 1,501 words; the limit is 1,500."));
        s.submit(documentBody(null, "lms://essays/42", 1600)).statusCode(422).body("errors.title", contains("declared_word_count"))
                .body("errors.detail", contains("The submission has 1,600 words; the limit is 1,500."));
        assertThat(count("submission", "window_id = '" + s.window() + "'")).isZero();
        s.submit(textBody(null, words(1500))).statusCode(201).body("data.attributes.word_count", equalTo(1500)).body("data.attributes.word_limit", equalTo(1500));
    }

    @Test
    void aResubmissionInsideTheWindowReplacesTheEarlierOneAndAHubMaySubmitOnBehalf() {
        Sitting s = Sitting.of("npq-senior-leadership", "2027-02-01", "2027-02-02T09:00:00Z");
        Tenant t = s.tenant();
        String w = s.window();
        UUID p = s.participant();
        String id = s.submit(textBody(null, "A first draft")).statusCode(201).body("data.attributes.revision", equalTo(1)).extract().path("data.id");
        TestClock.set("2027-02-08T23:59:30Z");
        t.asHub().body(documentBody(p.toString(), "lms://essays/7", 1900)).post(Fixtures.submissions(w))
                .then().statusCode(200).body("data.id", equalTo(id)).body("data.attributes.revision", equalTo(2))
                .body("data.attributes.kind", equalTo("document")).body("data.attributes.text", equalTo(null))
                .body("data.attributes.submitted_by", equalTo("delivery-partner")).body("data.attributes.word_count", equalTo(1900))
                .body("data.attributes.first_submitted_at", equalTo("2027-02-02T09:00:00Z"));
        assertThat(count("submission", "window_id = '" + w + "'")).isEqualTo(1);
        Fixtures.asParticipant(p).get("/api/v1/submissions/" + id).then().statusCode(200)
                .body("data.attributes.document_reference", equalTo("lms://essays/7"));
        String application = Fixtures.asParticipant(p).get("/api/v1/submissions/" + id).then().extract().path("data.attributes.application_id");
        List<SubmissionReceived> events = await().atMost(Duration.ofSeconds(30))
                .until(() -> Fixtures.events(application, SubmissionReceived.class), l -> l.size() == 2);
        assertThat(events).extracting(SubmissionReceived::getRevision).containsExactly(1, 2);
        assertThat(events.get(1).getSubmittedBy()).isEqualTo("delivery-partner");
        assertThat(events.get(1).getWordCount()).isEqualTo(1900);
        assertThat(events.get(0).getParticipantId()).isEqualTo(p.toString());
    }

    @ParameterizedTest(name = "{0} {1} meets={2} atRisk={3}: {4}")
    @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
            accepted | active    | true  | false | 201
            accepted | active    | true  | true  | 201
            accepted | active    | false | false | The participant's engagement does not meet the completion threshold.
            accepted | active    | null  | null  | No engagement is recorded for the participant yet.
            accepted | deferred  | true  | false | The participant is deferred and may not sit the assessment.
            accepted | withdrawn | true  | false | The participant has withdrawn and may not sit the assessment.
            """)
    void whoMaySitInThresholdMode(String status, String training, Boolean meets, Boolean atRisk, String expected) {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID p = t.candidate("npq-headship", "2026b", status, training, meets, atRisk);
        TestClock.set("2027-02-05T12:00:00Z");
        var r = t.asHub().body(textBody(p.toString(), "My answer")).post(Fixtures.submissions(w)).then();
        if (expected.equals("201")) {
            r.statusCode(201);
        } else {
            r.statusCode(422).body("errors.title", contains("participant_id")).body("errors.detail", contains(expected));
            assertThat(count("submission", "window_id = '" + w + "'")).isZero();
        }
    }

    @Test
    void aParticipantOfAnotherCourseOrAnotherHubCannotBeSubmittedFor() {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID mine = t.candidate("npq-headship", "2026b");
        UUID otherCourse = t.candidate("npq-senco", "2026b");
        UUID otherHubs = UUID.randomUUID();
        Fixtures.candidate(otherHubs, t.leadProvider(), "npq-headship", "2026b", "accepted", "active", UUID.randomUUID().toString(), true, false);
        TestClock.set("2027-02-05T12:00:00Z");
        for (UUID p : List.of(otherCourse, otherHubs)) {
            t.asHub().body(textBody(p.toString(), "An answer")).post(Fixtures.submissions(w))
                    .then().statusCode(422).body("errors.title", contains("participant_id"));
        }
        t.asHub().body(textBody(null, "An answer")).post(Fixtures.submissions(w)).then().statusCode(422)
                .body("errors.title", contains("participant_id"));
        Fixtures.asParticipant(mine).body(textBody(otherCourse.toString(), "An answer")).post(Fixtures.submissions(w))
                .then().statusCode(422).body("errors.title", contains("participant_id"));
        Fixtures.asParticipant(otherCourse).body(textBody(null, "An answer")).post(Fixtures.submissions(w))
                .then().statusCode(404);
        Tenant.fresh().asHub().body(textBody(mine.toString(), "x")).post(Fixtures.submissions(w)).then().statusCode(404);
        assertThat(count("submission", "window_id = '" + w + "'")).isZero();
    }

    @Test
    void lateIsRefusedUnlessTheLeadProviderGrantedAnExtensionWhichIsAudited() {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2026-10-20");
        UUID p = t.candidate("npq-headship", "2026b"), q = t.candidate("npq-headship", "2026b");
        TestClock.set("2026-10-28T09:00:00Z");
        Fixtures.asParticipant(p).body(textBody(null, "Late answer")).post(Fixtures.submissions(w))
                .then().statusCode(422).body("errors.title", contains("window")).body("errors.detail", contains(containsString("extension")));
        t.asLeadProvider().body(extensionBody(p, "2026-10-30")).post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(201)
                .body("data.attributes.deadline", equalTo("2026-10-30")).body("data.attributes.closes_at", equalTo("2026-10-30T23:59:00Z"))
                .body("data.attributes.granted_by", equalTo("lp-" + t.leadProvider()))
                .body("data.attributes.granted_at", equalTo("2026-10-28T09:00:00Z"));
        Fixtures.asParticipant(p).body(textBody(null, "Late answer")).post(Fixtures.submissions(w))
                .then().statusCode(201).body("data.attributes.under_extension", equalTo(true));
        Fixtures.asParticipant(q).body(textBody(null, "Late answer")).post(Fixtures.submissions(w)).then().statusCode(422);
        TestClock.set("2026-10-31T00:00:00Z");
        Fixtures.asParticipant(p).body(textBody(null, "Later still")).post(Fixtures.submissions(w)).then().statusCode(422);
        t.asLeadProvider().get("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(200)
                .body("data.attributes.participant_id", contains(p.toString())).body("data.attributes.reason", contains("Bereavement"));
        String application = t.asLeadProvider().get("/api/v1/assessment-windows/" + w + "/extensions").then().extract()
                .path("data[0].attributes.application_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.events(application, ExtensionGranted.class), l -> l.size() == 1);
    }

    @Test
    void extensionsAreTheLeadProvidersOwnAndBadOnesChangeNothing() {
        Tenant t = Tenant.fresh(), other = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID p = t.candidate("npq-headship", "2026b");
        t.asLeadProvider().body(extensionBody(p, "2027-02-08")).post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(422)
                .body("errors.title", contains("deadline"));
        t.asLeadProvider().body("{\"data\":{\"type\":\"extension\",\"attributes\":{\"participant_id\":\"" + p + "\",\"reason\":\" \"}}}")
                .post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(422).body("errors.title", contains("reason", "deadline"));
        t.asLeadProvider().body(extensionBody(UUID.randomUUID(), "2027-02-10")).post("/api/v1/assessment-windows/" + w + "/extensions")
                .then().statusCode(422).body("errors.title", contains("participant_id"));
        t.asLeadProvider().body("{\"data\":{\"type\":\"extension\",\"attributes\":{\"deadline\":\"soon\"}}}")
                .post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(422).body("errors.title", contains("deadline"));
        other.asLeadProvider().body(extensionBody(p, "2027-02-10")).post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(404);
        other.asLeadProvider().get("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(404);
        for (String role : List.of("marker", "moderator", "participant", "delivery-partner", "school")) {
            Fixtures.asRole(role).body(extensionBody(p, "2027-02-10")).post("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(403);
            Fixtures.asRole(role).get("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(403);
        }
        given().get("/api/v1/assessment-windows/" + w + "/extensions").then().statusCode(401);
        t.asLeadProvider().get("/api/v1/assessment-windows/" + w + "/extensions").then().body("data", empty());
    }

    @Test
    void submittingDeclaresItsRolesAndRefusesBadInput() {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID p = t.candidate("npq-headship", "2026b");
        TestClock.set("2027-02-02T10:00:00Z");
        String url = Fixtures.submissions(w);
        given().contentType("application/json").body(textBody(null, "x")).post(url).then().statusCode(401);
        for (String role : List.of("lead-provider", "marker", "moderator", "school", "admin")) {
            Fixtures.asRole(role).body(textBody(null, "x")).post(url).then().statusCode(403);
        }
        t.asLeadProvider().body(textBody(p.toString(), "x")).post(url).then().statusCode(403);
        Fixtures.asParticipant(p).body("{\"data\":{\"type\":\"submission\",\"attributes\":{}}}").post(url).then().statusCode(422)
                .body("errors.title", contains("text"));
        Fixtures.asParticipant(p).body("{\"data\":{\"type\":\"submission\",\"attributes\":{\"text\":\"x\",\"document_reference\":\"d\"}}}")
                .post(url).then().statusCode(422).body("errors.title", contains("text"));
        Fixtures.asParticipant(p).body("{\"data\":{\"type\":\"submission\",\"attributes\":{\"text\":\" -- \"}}}").post(url).then().statusCode(422);
        Fixtures.asParticipant(p).body("{\"data\":{\"type\":\"submission\",\"attributes\":{\"document_reference\":\"d\",\"declared_word_count\":\"many\"}}}")
                .post(url).then().statusCode(422).body("errors.title", contains("declared_word_count"));
        Fixtures.asParticipant(p).body("[]").post(url).then().statusCode(400);
        Fixtures.asParticipant(p).body(textBody(null, "x")).post("/api/v1/assessment-windows/" + UUID.randomUUID() + "/submissions").then().statusCode(404);
        assertThat(count("submission", "window_id = '" + w + "'")).isZero();
    }
}
