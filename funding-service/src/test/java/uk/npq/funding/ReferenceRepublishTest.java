package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.platform.testing.ContractValidator;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;
import uk.npq.platform.testing.TestTokens;

/**
 * A copy table a new release adds starts empty, and the reference rows' events were consumed long before it existed:
 * POST /api/v1/reference/republish publishes the chosen kinds again, changed or not, so the copy fills. Admin only; an
 * unknown kind publishes nothing.
 */
@QuarkusTest
class ReferenceRepublishTest {
    static final Filter CONTRACT = ContractValidator.forService("funding-service").filter();
    private static final String OUTBOX_REFERENCE = "SELECT count(*) FROM outbox_event WHERE aggregatetype IN ("
            + "'cohort', 'course', 'schedule', 'course-offer', 'lead-provider', 'statement', 'contract', 'allocation')";

    @Test
    void theCoursesArePublishedAgainThoughNoneChanged() {
        await().atMost(Duration.ofSeconds(30)).until(() -> f1Events() >= CourseFixtures.F1_COURSES.size());
        long before = f1Events();
        long courses = TestDb.count("SELECT count(*) FROM course");

        given().filter(CONTRACT).header("Authorization", ContractDataTest.admin()).queryParam("kind", "course")
                .post("/api/v1/reference/republish").then().statusCode(200)
                .body("data.type", equalTo("reference-republish"))
                .body("data.attributes.kinds", equalTo(List.of("course")))
                .body("data.attributes.published", equalTo((int) courses));

        await().atMost(Duration.ofSeconds(30)).until(() -> f1Events() == before + CourseFixtures.F1_COURSES.size());
        assertThat(TestDb.count("SELECT count(*) FROM reference_published WHERE kind = 'course'")).isEqualTo(courses);
    }

    @Test
    void withoutAKindEveryReferenceRowIsPublishedAgain() {
        long outbox = TestDb.count(OUTBOX_REFERENCE);
        int published = given().filter(CONTRACT).header("Authorization", ContractDataTest.admin())
                .post("/api/v1/reference/republish").then().statusCode(200)
                .extract().path("data.attributes.published");
        // every row of every kind (the table holds one row per published row, and none was left out)
        assertThat((long) published).isEqualTo(TestDb.count("SELECT count(*) FROM reference_published"));
        assertThat(TestDb.count(OUTBOX_REFERENCE)).isEqualTo(outbox + published);
    }

    @Test
    void anUnknownKindIsA400AndPublishesNothing() {
        long outbox = TestDb.count(OUTBOX_REFERENCE);
        long recorded = TestDb.count("SELECT count(*) FROM reference_published");
        given().filter(CONTRACT).header("Authorization", ContractDataTest.admin()).queryParam("kind", "course")
                .queryParam("kind", "courses").post("/api/v1/reference/republish").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors[0].title", equalTo("kind"));
        assertThat(TestDb.count(OUTBOX_REFERENCE)).isEqualTo(outbox);
        assertThat(TestDb.count("SELECT count(*) FROM reference_published")).isEqualTo(recorded);
    }

    @Test
    void onlyAnAdminMayRepublish() {
        long outbox = TestDb.count(OUTBOX_REFERENCE);
        String lp = "Bearer " + TestTokens.leadProvider(UUID.randomUUID().toString());
        String finance = "Bearer " + TestTokens.token("finance-" + UUID.randomUUID(), List.of("finance"), Map.of());
        for (String caller : List.of(lp, finance)) {
            given().filter(CONTRACT).header("Authorization", caller).post("/api/v1/reference/republish").then().statusCode(403);
        }
        given().filter(CONTRACT).post("/api/v1/reference/republish").then().statusCode(401);
        assertThat(TestDb.count(OUTBOX_REFERENCE)).isEqualTo(outbox);
    }

    private static long f1Events() {
        return TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> r.value() instanceof CourseDefined c
                && CourseFixtures.identifiers().contains(c.getIdentifier().toString())).count();
    }
}
