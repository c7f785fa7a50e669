package uk.npq.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static uk.npq.assessment.Fixtures.windowBody;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Tenant;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;

/** Which courses exist and have a final assessment is funding-service's data, as this service's copy holds it. */
@QuarkusTest
class CourseCopyTest {

    @Test
    void aWindowIsForACourseTheCopyHoldsWithOutcomes() {
        Tenant t = Tenant.fresh();
        String course = "npq-test-" + UUID.randomUUID().toString().substring(0, 8);
        String noOutcomes = "npq-test-" + UUID.randomUUID().toString().substring(0, 8);
        // not (yet) defined by funding: unknown
        t.asLeadProvider().body(windowBody(course, "2026b", "2027-05-03", 2000)).post("/api/v1/assessment-windows").then()
                .statusCode(422).body("errors.title", equalTo(List.of("course_identifier")))
                .body("errors.detail", equalTo(List.of("The entered '#/course_identifier' is not recognised.")));

        CourseFixtures.send(course, "Test course", "T" + course.substring(9), "specialist", course, true, Instant.now());
        CourseFixtures.send(noOutcomes, "Test offer", "O" + noOutcomes.substring(9), "support", "ehco", false, Instant.now());
        await().atMost(Duration.ofSeconds(30)).until(() -> Fixtures.catalogue().exists(course) && Fixtures.catalogue().exists(noOutcomes));
        t.asLeadProvider().body(windowBody(noOutcomes, "2026b", "2027-05-03", 2000)).post("/api/v1/assessment-windows").then()
                .statusCode(422).body("errors.detail", equalTo(List.of("This course has no final assessment.")));
        // a course added since has no default word limit: the window names one
        t.asLeadProvider().body(windowBody(course, "2026b", "2027-05-03", null)).post("/api/v1/assessment-windows").then()
                .statusCode(422).body("errors.title", equalTo(List.of("word_limit")));
        assertThat(TestDb.count("SELECT count(*) FROM assessment_window WHERE lead_provider_id = '" + t.leadProvider() + "'")).isZero();
        t.asLeadProvider().body(windowBody(course, "2026b", "2027-05-03", 1800)).post("/api/v1/assessment-windows").then()
                .statusCode(201).body("data.attributes.course_identifier", equalTo(course)).body("data.attributes.word_limit", equalTo(1800));
    }
}
