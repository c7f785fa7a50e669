package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.rest.ListQuery;
import uk.npq.platform.testing.QueryPlans;
import uk.npq.platform.testing.TestDb;
import uk.npq.registration.repository.ApplicationRepository;
import uk.npq.registration.repository.ParticipantRepository;

/**
 * The change feeds' pages (page[cursor]) read the tables that grow through indexes, never a sequential scan: the SQL the
 * repositories send is explained (generic plan, as a reused prepared statement runs) against thousands of seeded,
 * analysed rows, for the feed alone and with each filter.
 */
@QuarkusTest
class FeedIndexUseTest {
    static final Set<String> GROWING = Set.of("application", "person", "participant_id_change");
    static final UUID LP = UUID.fromString("f00dfeed-0000-4000-8000-000000000001");
    static final int ROWS = 4000;
    private static boolean seeded;

    static synchronized void seed() {
        if (seeded) return;
        TestDb.execute("INSERT INTO person (id, full_name, date_of_birth, email, created_at, updated_at, significantly_updated_at) "
                + "SELECT ('f00dfeed-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, 'Seeded', '1980-01-01', 'seed@example.org', "
                + "now(), now(), now() FROM generate_series(1, " + ROWS + ") g");
        // three providers' applications, one per person; four in five accepted
        TestDb.execute("INSERT INTO application (id, person_id, lead_provider_id, course_identifier, cohort, status, training_status, "
                + "accepted_at, schedule_identifier, work_setting, teacher_catchment, created_at, updated_at) SELECT gen_random_uuid(), "
                + "('f00dfeed-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, "
                + "('f00dfeed-0000-4000-8000-' || lpad((1 + g % 3)::text, 12, '0'))::uuid, 'npq-headship', '2025a', "
                + "CASE WHEN g % 5 = 0 THEN 'pending' ELSE 'accepted' END, CASE WHEN g % 5 = 0 THEN NULL ELSE 'active' END, "
                + "CASE WHEN g % 5 = 0 THEN NULL ELSE now() END, CASE WHEN g % 5 = 0 THEN NULL ELSE 'npq-leadership-autumn' END, "
                + "'a_school', 'england', now(), now() "
                + "FROM generate_series(1, " + ROWS + ") g");
        TestDb.execute("INSERT INTO participant_id_change (id, from_participant_id, to_participant_id, person_id, created_at) SELECT "
                + "gen_random_uuid(), gen_random_uuid(), ('f00dfeed-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, ('f00dfeed-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, now() FROM generate_series(1, " + ROWS + ", 7) g");
        TestDb.execute("INSERT INTO application_state (id, application_id, lead_provider_id, state, reason, created_at) SELECT gen_random_uuid(), "
                + "a.id, a.lead_provider_id, 'deferred', 'parental-leave', now() FROM application a WHERE a.person_id::text LIKE 'f00dfeed-%' "
                + "AND a.status = 'accepted'");
        for (String table : GROWING) TestDb.execute("ANALYZE " + table);
        TestDb.execute("ANALYZE application_state");
        seeded = true;
    }

    static ListQuery query(Map<String, String> params) {
        var map = new MultivaluedHashMap<String, String>();
        map.add("page[cursor]", new ListQuery.Cursor(1000, UUID.randomUUID()).encode());
        params.forEach(map::add);
        return ListQuery.of(map);
    }

    static final List<Map<String, String>> FILTERS = List.of(Map.of(), Map.of("filter[cohort]", "2025"),
            Map.of("filter[updated_since]", "2026-01-01T00:00:00Z"), Map.of("filter[participant_id]", UUID.randomUUID().toString()),
            Map.of("filter[training_status]", "active"), Map.of("filter[from_participant_id]", UUID.randomUUID().toString()),
            Map.of("page[per_page]", "3000"));

    @Test
    void theApplicationFeedStartsAtTheCursorInTheProvidersIndex() {
        seed();
        for (Map<String, String> filters : FILTERS) {
            String sql = ApplicationRepository.feedSql(LP, query(filters));
            assertThat(QueryPlans.seqScans(sql, GROWING)).as(filters + ": " + QueryPlans.plan(sql)).isEmpty();
            // a page of one participant's applications may rather start from the person's (application_person_course)
            if (filters.containsKey("filter[participant_id]")) continue;
            assertThat(QueryPlans.indexConditions(sql, "application")).as(filters + ": " + QueryPlans.plan(sql))
                    .anyMatch(c -> c.contains("lead_provider_id") && c.contains("change_xid"));
        }
    }

    @Test
    void theParticipantFeedReadsPeopleFromTheCursorAndTheirApplicationsByIndex() {
        seed();
        for (Map<String, String> filters : FILTERS) {
            String sql = ParticipantRepository.feedSql(LP, query(filters));
            assertThat(QueryPlans.seqScans(sql, GROWING)).as(filters + ": " + QueryPlans.plan(sql)).isEmpty();
        }
    }

    /**
     * A participant feed page costs its own size, however many participants the provider has: it walks person_feed from
     * the cursor and checks each person's applications by index (a SubPlan), never joining all of the provider's
     * applications and sorting all its people (a hash semi join did, 29 ms a page at 10,000 participants and growing).
     */
    @Test
    void aParticipantFeedPageChecksEachPersonNeverJoiningAllTheProvidersApplications() {
        seed();
        for (Map<String, String> filters : FILTERS) {
            String sql = ParticipantRepository.feedSql(LP, query(filters));
            JsonNode plan = QueryPlans.plan(sql);
            List<String> underSubPlans = new ArrayList<>(), joined = new ArrayList<>();
            relations(plan, false, underSubPlans, joined);
            assertThat(underSubPlans).as(filters + ": " + plan).contains("application");
            assertThat(joined).as(filters + ": " + plan).doesNotContain("application");
            // a page of one retired id's participant rather starts from participant_id_change's index on it
            if (filters.containsKey("filter[from_participant_id]")) continue;
            assertThat(QueryPlans.indexConditions(sql, "person")).as(filters + ": " + plan).anyMatch(c -> c.contains("change_xid"));
        }
    }

    /**
     * The statement a participant feed page sends (its page with each participant's enrolments and their latest training
     * status change, issue 16's plain rows) reads no growing table whole: the enrolments by the page's people
     * (application's person index), the latest change by a step of application_state's (application_id, created_at) index.
     */
    @Test
    void aParticipantFeedPageReadsItsEnrolmentsAndTheirLatestChangesByIndex() {
        seed();
        Set<String> growing = new java.util.HashSet<>(GROWING);
        growing.add("application_state");
        for (Map<String, String> filters : FILTERS) {
            String sql = ParticipantRepository.feedPageSql(LP, query(filters));
            assertThat(QueryPlans.seqScans(sql, growing)).as(filters + ": " + QueryPlans.plan(sql)).isEmpty();
            assertThat(QueryPlans.indexConditions(sql, "application_state")).as(filters + ": " + QueryPlans.plan(sql))
                    .anyMatch(c -> c.contains("application_id"));
            assertThat(QueryPlans.indexConditions(sql, "application")).as(filters + ": " + QueryPlans.plan(sql))
                    .anyMatch(c -> c.contains("person_id"));
        }
    }

    /** The relations the plan reads inside a SubPlan, and those it reads elsewhere. */
    private static void relations(JsonNode node, boolean inSubPlan, List<String> underSubPlans, List<String> elsewhere) {
        boolean sub = inSubPlan || "SubPlan".equals(node.path("Parent Relationship").asText());
        if (node.has("Relation Name")) (sub ? underSubPlans : elsewhere).add(node.get("Relation Name").asText());
        for (JsonNode child : node.path("Plans")) relations(child, sub, underSubPlans, elsewhere);
    }
}
