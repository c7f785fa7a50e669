package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Courses;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.funding.domain.Course;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/** The courses are one source: the table funding publishes and serves equals uk.npq.contracts.Courses, and so does domain.Course. */
@QuarkusTest
class CourseCatalogueTest {

    @Test
    void theCourseTableIsTheContractsCoursesAndTheEngineUsesNoOthers() {
        assertThat(Arrays.stream(Course.values()).map(c -> c.identifier).collect(Collectors.toSet())).isEqualTo(Courses.identifiers());
        assertThat(TestDb.count("SELECT count(*) FROM course")).isEqualTo(Courses.identifiers().size());
        for (String id : Courses.identifiers()) {
            String row = TestDb.string("SELECT concat_ws('|', name, short_code, course_group, family, has_outcomes::text) FROM course WHERE identifier = '" + id + "'");
            assertThat(row).as(id).isEqualTo(String.join("|", Courses.name(id).orElseThrow(), Courses.shortCode(id).orElseThrow(),
                    Courses.group(id).orElseThrow(), Courses.familyKey(id), String.valueOf(Courses.hasOutcomes(id))));
            Course course = Course.byIdentifier(id).orElseThrow();
            assertThat(course.family()).isEqualTo(Courses.familyKey(id));
            assertThat(course.group.name().toLowerCase()).isEqualTo(Courses.group(id).orElseThrow());
        }
        assertThat(Course.ADDITIONAL_SUPPORT_OFFER.family()).isEqualTo(Course.EARLY_HEADSHIP_COACHING_OFFER.family());
    }

    @Test
    void eachCourseIsPublishedOnceAsCourseDefined() {
        await().atMost(Duration.ofSeconds(30)).until(() -> courseEvents().size() == Courses.identifiers().size());
        Map<String, CourseDefined> byId = courseEvents().stream().collect(Collectors.toMap(c -> c.getIdentifier().toString(), c -> c));
        assertThat(byId.keySet()).isEqualTo(Courses.identifiers());
        CourseDefined aso = byId.get("npq-additional-support-offer");
        assertThat(aso.getShortCode()).isEqualTo("ASO");
        assertThat(aso.getCourseGroup()).isEqualTo("support");
        assertThat(aso.getFamily()).isEqualTo("ehco");
        assertThat(aso.getHasOutcomes()).isFalse();
        CourseDefined headship = byId.get("npq-headship");
        assertThat(headship.getName()).isEqualTo("Headship");
        assertThat(headship.getHasOutcomes()).isTrue();
        assertThat(TestDb.count("SELECT count(*) FROM reference_published WHERE kind = 'course'")).isEqualTo(Courses.identifiers().size());
    }

    static List<CourseDefined> courseEvents() {
        return TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> r.value() instanceof CourseDefined)
                .map(r -> (CourseDefined) r.value()).toList();
    }

    @Test
    void readersSeeTheCoursesAndOthersAreRefused() {
        EligibilityListTest.as("lead-provider").get("/api/v1/reference/courses").then().statusCode(200)
                .body("", hasSize(Courses.identifiers().size()))
                .body("find { it.identifier == 'npq-senco' }.short_code", equalTo("NPQSENCO"))
                .body("find { it.identifier == 'npq-senco' }.course_group", equalTo("leadership"));
        EligibilityListTest.as("school").get("/api/v1/reference/courses").then().statusCode(403);
    }
}
