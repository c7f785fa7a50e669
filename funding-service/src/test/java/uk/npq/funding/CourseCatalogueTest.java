package uk.npq.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.CourseDefined;
import uk.npq.funding.domain.Course;
import uk.npq.funding.service.ReferencePublisher;
import uk.npq.platform.projection.CourseCatalogue;
import uk.npq.platform.testing.CourseFixtures;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestKafka;

/**
 * The courses are data with one source, funding-service's course table: it holds the twelve courses of f1, funding's
 * rules and imports read it (through the platform CourseCatalogue), and it is published as CourseDefined, a changed or
 * new row again, for the other services' copies.
 */
@QuarkusTest
class CourseCatalogueTest {
    @Inject CourseCatalogue catalogue;
    @Inject ReferencePublisher publisher;

    @Test
    void theTableHoldsTheTwelveCoursesOfF1AndTheRulesNameNoOthers() {
        Set<String> f1 = Set.copyOf(CourseFixtures.identifiers());
        assertThat(TestDb.count("SELECT count(*) FROM course")).isEqualTo(f1.size());
        for (CourseFixtures.F1 c : CourseFixtures.F1_COURSES) {
            String row = TestDb.string("SELECT concat_ws('|', name, short_code, course_group, family, has_outcomes::text) FROM course "
                    + "WHERE identifier = '" + c.identifier() + "'");
            assertThat(row).as(c.identifier()).isEqualTo(String.join("|", c.name(), c.shortCode(), c.group(), c.family(),
                    String.valueOf(c.hasOutcomes())));
        }
        assertThat(Arrays.stream(Course.values()).map(c -> c.identifier).collect(Collectors.toSet())).isEqualTo(f1);
    }

    @Test
    void theCatalogueAnswersFromTheTable() {
        assertThat(catalogue.identifiers()).containsAll(CourseFixtures.identifiers());
        assertThat(catalogue.family("npq-additional-support-offer"))
                .containsExactlyInAnyOrder("npq-additional-support-offer", "npq-early-headship-coaching-offer");
        assertThat(catalogue.family("npq-headship")).containsExactly("npq-headship");
        assertThat(catalogue.familyKey("npq-early-headship-coaching-offer")).isEqualTo("ehco");
        assertThat(catalogue.group("npq-leading-literacy")).contains("specialist");
        assertThat(catalogue.shortCode("npq-senco")).contains("NPQSENCO");
        assertThat(catalogue.name("npq-headship")).contains("Headship");
        assertThat(catalogue.hasOutcomes("npq-headship")).isTrue();
        assertThat(catalogue.hasOutcomes("npq-additional-support-offer")).isFalse();
        assertThat(catalogue.exists("npq-cooking")).isFalse();
        assertThat(catalogue.hasOutcomes("npq-cooking")).isFalse();
        assertThat(catalogue.group("npq-cooking")).isEmpty();
    }

    @Test
    void eachCourseIsPublishedOnceAsCourseDefined() {
        await().atMost(Duration.ofSeconds(30)).until(() -> f1Events().size() == CourseFixtures.F1_COURSES.size());
        Map<String, CourseDefined> byId = f1Events().stream().collect(Collectors.toMap(c -> c.getIdentifier().toString(), c -> c));
        for (CourseFixtures.F1 c : CourseFixtures.F1_COURSES) {
            CourseDefined e = byId.get(c.identifier());
            assertThat(List.of(e.getName(), e.getShortCode(), e.getCourseGroup(), e.getFamily(), e.getHasOutcomes()))
                    .as(c.identifier()).containsExactly(c.name(), c.shortCode(), c.group(), c.family(), c.hasOutcomes());
        }
        assertThat(TestDb.count("SELECT count(*) FROM reference_published WHERE kind = 'course' AND key IN ("
                + CourseFixtures.identifiers().stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")) + ")"))
                .isEqualTo(CourseFixtures.F1_COURSES.size());
    }

    /**
     * A course added to the table is what funding's own lookups and imports then know (once the snapshot refreshes:
     * nothing in this process told the catalogue; an allocation for it is refused before and imported after), it is
     * published as CourseDefined, and a change to it again.
     */
    @Test
    void aCourseAddedToTheTableIsKnownHereAndPublishedAndSoIsItsChange() {
        String id = "npq-test-" + UUID.randomUUID().toString().substring(0, 8);
        String lp = UUID.randomUUID().toString();
        String allocation = AllocationImportTest.HEADER + lp + ",2026b," + id + ",5\n";
        try {
            AllocationImportTest.put(ContractDataTest.admin(), allocation).statusCode(422)
                    .body("errors.find { it.title == 'line 2' }.detail", equalTo("course_identifier '" + id + "' is not a course"));
            TestDb.execute("INSERT INTO course (identifier, name, short_code, course_group, family, has_outcomes) VALUES ('" + id
                    + "', 'Test course', '" + id.substring(4).toUpperCase() + "', 'specialist', '" + id + "', true)");
            await().atMost(Duration.ofSeconds(30)).until(() -> catalogue.exists(id));
            assertThat(catalogue.group(id)).contains("specialist");
            AllocationImportTest.put(ContractDataTest.admin(), allocation).statusCode(200).body("data.attributes.inserted", equalTo(1));

            QuarkusTransaction.requiringNew().run(publisher::publishChanges);
            await().atMost(Duration.ofSeconds(30)).until(() -> events(id).size() == 1);
            assertThat(events(id).get(0).getName()).isEqualTo("Test course");

            TestDb.execute("UPDATE course SET name = 'Test course, renamed' WHERE identifier = '" + id + "'");
            QuarkusTransaction.requiringNew().run(publisher::publishChanges);
            await().atMost(Duration.ofSeconds(30)).until(() -> events(id).size() == 2);
            assertThat(events(id).get(1).getName()).isEqualTo("Test course, renamed");
            QuarkusTransaction.requiringNew().run(publisher::publishChanges);
            assertThat(TestDb.count("SELECT count(*) FROM reference_published WHERE kind = 'course' AND key = '" + id + "'")).isEqualTo(1);
        } finally {
            TestDb.execute("DELETE FROM funded_place_allocation WHERE lead_provider_id = '" + lp + "'");
            TestDb.execute("DELETE FROM course WHERE identifier = '" + id + "'");
            TestDb.execute("DELETE FROM reference_published WHERE kind = 'course' AND key = '" + id + "'");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> !catalogue.exists(id));
    }

    static List<CourseDefined> courseEvents() {
        return TestKafka.readAll(Topics.FUNDING_REFERENCE).stream().filter(r -> r.value() instanceof CourseDefined)
                .map(r -> (CourseDefined) r.value()).toList();
    }

    static List<CourseDefined> f1Events() {
        return courseEvents().stream().filter(c -> CourseFixtures.identifiers().contains(c.getIdentifier().toString())).toList();
    }

    static List<CourseDefined> events(String id) {
        return courseEvents().stream().filter(c -> id.equals(c.getIdentifier().toString())).toList();
    }

    @Test
    void readersSeeTheCoursesAndOthersAreRefused() {
        EligibilityListTest.as("lead-provider").get("/api/v1/reference/courses").then().statusCode(200)
                .body("findAll { it.identifier.startsWith('npq-test-') == false }", hasSize(CourseFixtures.F1_COURSES.size()))
                .body("find { it.identifier == 'npq-senco' }.short_code", equalTo("NPQSENCO"))
                .body("find { it.identifier == 'npq-senco' }.course_group", equalTo("leadership"));
        EligibilityListTest.as("school").get("/api/v1/reference/courses").then().statusCode(403);
    }
}
