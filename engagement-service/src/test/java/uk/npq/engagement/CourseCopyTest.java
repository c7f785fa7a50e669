package uk.npq.engagement;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.engagement.DeclarationFixtures.STARTED;
import static uk.npq.engagement.DeclarationFixtures.as;
import static uk.npq.engagement.DeclarationFixtures.body;
import static uk.npq.engagement.DeclarationFixtures.declare;
import static uk.npq.engagement.DeclarationFixtures.enrolment;
import static uk.npq.engagement.DeclarationFixtures.expect422;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.engagement.domain.DeclarationMessages;
import uk.npq.platform.testing.CourseFixtures;

/** Declarations judge the course by the copy of funding-service's courses: what it holds, as its newest CourseDefined says. */
@QuarkusTest
class CourseCopyTest {

    @Test
    void aCourseAndWhetherItHasOutcomesFollowTheCopy() {
        String lp = UUID.randomUUID().toString();
        String course = "npq-test-" + UUID.randomUUID().toString().substring(0, 8);
        UUID[] e = enrolment(lp, course, "2026b", "npq-leadership-autumn", true, true, null, "another");
        // the enrolment and its contract exist, but funding's course has not reached the copy: unknown
        expect422(declare(lp, body(e[0], "started", STARTED, course, null)), "course_identifier", DeclarationMessages.COURSE_UNKNOWN);

        Instant defined = Instant.now();
        CourseFixtures.send(course, "Test course", "T" + course.substring(9), "leadership", course, true, defined);
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.catalogue().hasOutcomes(course));
        expect422(declare(lp, body(e[0], "completed", STARTED, course, null)), "has_passed", DeclarationMessages.HAS_PASSED);

        // funding says outcomes no longer apply: a completed declaration needs no has_passed (the response names a course
        // the OpenAPI document's DfE enumeration does not list yet, so no contract check on it)
        CourseFixtures.send(course, "Test course", "T" + course.substring(9), "leadership", course, false, defined.plusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Fixtures.catalogue().hasOutcomes(course));
        as(lp).noFilters().body(body(e[0], "completed", STARTED, course, null)).post("/api/v3/participant-declarations").then()
                .statusCode(200).body("data.attributes.course_identifier", equalTo(course));
    }
}
