package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * Courses are funding-service's data: registration knows a course only once its CourseDefined has reached this
 * service's copy, which keeps the newest state of each course, once per event, and is read through a snapshot that
 * follows the table.
 */
@QuarkusTest
class CourseCopyTest {
    static final String LP_A = Fixtures.LP_A;

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    static String registration(String course) {
        return """
            {"data":{"type":"npq-registration","attributes":{
              "trn":"%s","full_name":"Ada Example","date_of_birth":"1985-04-12","email":"ada@example.org",
              "course_identifier":"%s","cohort":"2026b","lead_provider_id":"%s",
              "work_setting":"a_school","school_urn":"100001","teacher_catchment":"england"}}}""".formatted(Fixtures.randomTrn(), course, LP_A);
    }

    static String newCourseIdentifier() {
        return "npq-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @TestSecurity(user = "admin", roles = "admin")
    void aCourseIsAcceptedOnceItsCourseDefinedArrivesAndNotBefore() {
        String course = newCourseIdentifier();
        Fixtures.offer(LP_A, "2026b", course, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM course_offer WHERE course_identifier = '"
                + course + "'") == 1);
        long applications = TestDb.count("SELECT count(*) FROM application");
        // offered, but funding has not defined the course (or its event has not arrived): as unknown as any other
        given().contentType("application/json").body(registration(course)).post("/api/v1/registrations").then()
                .statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.title", equalTo(List.of("course_identifier")))
                .body("errors.detail", equalTo(List.of("The entered '#/course_identifier' is not recognised.")));
        assertThat(TestDb.count("SELECT count(*) FROM application")).isEqualTo(applications);

        CourseFixtures.send(course, "Test course", "T" + course.substring(9), "specialist", course, true, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.courses().exists(course));
        // the response names a course outside the OpenAPI document's enumeration, which mirrors the DfE's published
        // twelve (DfeCompatibilityTest): a course funding adds is served before the documents list it, so no contract check here
        given().noFilters().contentType("application/json").body(registration(course)).post("/api/v1/registrations").then().statusCode(201);
        assertThat(TestDb.count("SELECT count(*) FROM application WHERE course_identifier = '" + course + "'")).isEqualTo(1);
    }

    @Test
    void theCopyKeepsTheNewestStateOnceEachWhateverIsRedelivered() {
        String course = newCourseIdentifier();
        Instant first = Instant.now();
        CourseDefined defined = CourseFixtures.send(course, "First name", "F" + course.substring(9), "leadership", course, true, first);
        CourseFixtures.send(course, "Second name", "S" + course.substring(9), "specialist", course, false, first.plusSeconds(60));
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.courses().name(course).filter("Second name"::equals).isPresent());

        // the first event delivered again, and a late event older than the newest: neither changes the copy
        TestKafka.send(Topics.FUNDING_REFERENCE, course, defined);
        CourseDefined late = CourseFixtures.send(course, "Late name", "L" + course.substring(9), "leadership", course, true, first.plusSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(() -> TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '"
                + late.getEventId() + "'") == 1);
        assertThat(TestDb.string("SELECT concat_ws('|', name, course_group, has_outcomes::text) FROM course WHERE identifier = '"
                + course + "'")).isEqualTo("Second name|specialist|false");
        assertThat(TestDb.count("SELECT count(*) FROM processed_event WHERE event_id = '" + defined.getEventId() + "'")).isEqualTo(1);
        assertThat(Fixtures.courses().group(course)).contains("specialist");
        assertThat(Fixtures.courses().hasOutcomes(course)).isFalse();
    }

    /** Another replica consumed the event: this one's snapshot follows the table within the refresh interval. */
    @Test
    void theSnapshotFollowsACopyThisProcessDidNotWrite() {
        String course = newCourseIdentifier();
        assertThat(Fixtures.courses().exists(course)).isFalse();
        TestDb.execute("INSERT INTO course (identifier, name, short_code, course_group, family, has_outcomes, occurred_at) VALUES ('"
                + course + "', 'Elsewhere', 'E" + course.substring(9) + "', 'ehco', 'ehco', false, now())");
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.courses().exists(course));
        assertThat(Fixtures.courses().family("npq-additional-support-offer")).contains(course, "npq-early-headship-coaching-offer");
        TestDb.execute("DELETE FROM course WHERE identifier = '" + course + "'");
        await().atMost(Duration.ofSeconds(30)).until(() -> !Fixtures.courses().exists(course));
        assertThat(Fixtures.courses().family("npq-additional-support-offer"))
                .containsExactlyInAnyOrder("npq-additional-support-offer", "npq-early-headship-coaching-offer");
    }
}
