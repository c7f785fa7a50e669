package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.registration.ApplicationLifecycleTest.as;

import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;

/**
 * The participant change feed (page[cursor]) reads a page as plain values, its enrolments and their latest training-status
 * changes in the same statement (issue 16's sync): its answer must stay the DfE's shape, which each participant's own GET
 * (the entity path) defines, and its cost must not grow with the page's size.
 */
@QuarkusTest
class ParticipantFeedTest {
    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /**
     * A feed page's JSON is byte for byte each participant's own GET: previous names (with a comma and a quote), verified and
     * unverified TRN, two enrolments of one person in acceptance order (withdrawn with the latest of two changes, active
     * without a funded place), a deferral, an enrolment with another provider (not shown, but it moves updated_at), a
     * participant id change, timestamps with microseconds.
     */
    @Test
    void aFeedPageShowsEachParticipantExactlyAsItsOwnGetDoes() {
        String lp = UUID.randomUUID().toString(), other = UUID.randomUUID().toString();
        String rich = UUID.randomUUID().toString(), plain = UUID.randomUUID().toString();
        TestDb.execute("INSERT INTO registration.person (id, trn, trn_verified, trn_verification_status, full_name, previous_names, date_of_birth, "
                + "email, created_at, updated_at, significantly_updated_at) VALUES ('" + rich + "', '" + Fixtures.randomTrn() + "', true, "
                + "'verified', 'Rich Example', ARRAY['Old Name', 'Née \"Q\", Other'], '1980-01-01', 'rich@example.org', now(), now(), "
                + "timestamptz '2026-01-01 00:00:00.000001+00'), ('" + plain + "', '" + Fixtures.randomTrn() + "', false, 'unchecked', "
                + "'Plain Example', '{}', '1981-02-03', 'plain@example.org', now(), now(), timestamptz '2026-03-04 05:06:07.891234+00')");
        String withdrawn = UUID.randomUUID().toString(), active = UUID.randomUUID().toString(), deferred = UUID.randomUUID().toString();
        String elsewhere = UUID.randomUUID().toString();
        String insert = "INSERT INTO registration.application (id, person_id, lead_provider_id, course_identifier, cohort, status, accepted_at, "
                + "training_status, schedule_identifier, funded_place, work_setting, school_urn, teacher_catchment, eligible_for_funding, "
                + "targeted_delivery_funding_eligibility, created_at, updated_at) VALUES ";
        TestDb.execute(insert + "('" + withdrawn + "', '" + rich + "', '" + lp + "', 'npq-headship', '2026b', 'accepted', "
                + "timestamptz '2026-01-02 03:04:05.123456+00', 'withdrawn', 'npq-leadership-autumn', true, 'a_school', '100001', 'england', "
                + "true, true, now(), timestamptz '2026-01-02 03:04:05.654321+00'), ('" + active + "', '" + rich + "', '" + lp + "', "
                + "'npq-senco', '2025a', 'accepted', timestamptz '2026-02-02 00:00:00.5+00', 'active', 'npq-specialist-spring', NULL, "
                + "'a_nursery', NULL, 'england', false, false, now(), timestamptz '2026-02-02 00:00:00.5+00'), ('" + elsewhere + "', '" + rich + "', '" + other + "', "
                + "'npq-leading-teaching', '2026b', 'accepted', now(), 'active', 'npq-specialist-autumn', true, 'a_school', NULL, 'england', "
                + "true, false, now(), timestamptz '2026-05-06 07:08:09.123457+00')");
        TestDb.execute(insert + "('" + deferred + "', '" + plain + "', '" + lp + "', 'npq-headship', '2026a', 'accepted', now(), 'deferred', "
                + "'npq-leadership-spring', false, 'a_school', '100002', 'england', NULL, false, now(), timestamptz '2026-01-01 00:00:00+00')");
        TestDb.execute("INSERT INTO registration.application_state (id, application_id, lead_provider_id, state, reason, created_at) VALUES "
                + "(gen_random_uuid(), '" + withdrawn + "', '" + lp + "', 'deferred', 'bereavement', timestamptz '2026-03-01 00:00:00.25+00'), "
                + "(gen_random_uuid(), '" + withdrawn + "', '" + lp + "', 'withdrawn', 'personal-reason-moving-school', "
                + "timestamptz '2026-04-01 00:00:00.000002+00'), (gen_random_uuid(), '" + deferred + "', '" + lp + "', 'deferred', "
                + "'parental-leave', timestamptz '2026-04-02 10:00:00+00')");
        TestDb.execute("INSERT INTO registration.participant_id_change (id, person_id, from_participant_id, to_participant_id, created_at) "
                + "VALUES (gen_random_uuid(), '" + rich + "', gen_random_uuid(), '" + rich + "', timestamptz '2026-02-03 04:05:06.7+00')");

        // a background transaction of the service may hold the feed's horizon briefly
        String page = Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> as(lp).queryParam("page[per_page]", 3)
                .queryParam("page[cursor]", "").get("/api/v3/participants/npq").then().statusCode(200).extract().asString(),
                body -> body.contains(rich) && body.contains(plain));
        List<String> ids = io.restassured.path.json.JsonPath.from(page).getList("data.id");
        assertThat(ids).containsExactlyInAnyOrder(rich, plain);
        assertThat(page).isEqualTo("{\"data\":[" + ids.stream().map(id -> ownGet(lp, id)).collect(Collectors.joining(",")) + "]}");
        assertThat(page).contains("\"previous_names\":[\"Old Name\",\"Née \\\"Q\\\", Other\"]", "\"reason\":\"personal-reason-moving-school\"",
                "\"reason\":\"parental-leave\"", "\"updated_at\":\"2026-05-06T07:08:09.123457Z\"", "\"funded_place\":null",
                "\"updated_at\":\"2026-03-04T05:06:07.891234Z\"", "\"teacher_reference_number\":null", "\"changed_at\":\"2026-02-03T04:05:06.7")
                .doesNotContain(elsewhere);
        assertThat(page.indexOf(withdrawn)).as("acceptance order").isLessThan(page.indexOf(active));
    }

    /**
     * A feed page costs the same statements at 10 rows and at 300 (each participant with an enrolment, a training-status
     * change and an id change): the transaction's two settings, the horizon, the page with its enrolments, the id changes
     * of the page's participants that have any. Without id changes on the page, that last one is not sent.
     */
    @Test
    void aFeedPageCostsTheSameStatementsAtTenRowsAndAtThreeHundred() {
        String changed = seed(300, true), unchanged = seed(300, false);
        List<String> small = page(changed, 10, true), large = page(changed, 300, true);
        assertThat(large).as("statements of a page of 300").hasSameSizeAs(small).hasSize(5);
        assertThat(SqlTrace.reading(large, "participant_id_change")).hasSize(2); // the page's updated_at, then the changes
        List<String> smallPlain = page(unchanged, 10, false), largePlain = page(unchanged, 300, false);
        assertThat(largePlain).hasSameSizeAs(smallPlain).hasSize(4);
        // the enrolments and their states come in the page's own statement, never by a list of the page's ids
        assertThat(SqlTrace.reading(largePlain, "application_state")).hasSize(1);
        assertThat(largePlain).noneMatch(s -> s.toLowerCase().matches("(?s).*\\bfrom (registration\\.)?application\\b.*\\bin\\s*\\(.*"));
    }

    /** {@code n} participants of a new provider, each with one accepted, deferred enrolment and, if {@code idChanges}, an id change. */
    private static String seed(int n, boolean idChanges) {
        String lp = UUID.randomUUID().toString(), tag = lp.substring(0, 8);
        TestDb.execute("INSERT INTO registration.person (id, full_name, date_of_birth, email, created_at, updated_at, significantly_updated_at) "
                + "SELECT ('" + tag + "-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, 'Seeded ' || g, '1980-01-01', 'seed@example.org', "
                + "now(), now(), now() FROM generate_series(1, " + n + ") g");
        TestDb.execute("INSERT INTO registration.application (id, person_id, lead_provider_id, course_identifier, cohort, status, "
                + "training_status, accepted_at, schedule_identifier, work_setting, teacher_catchment, created_at, updated_at) SELECT "
                + "('" + tag + "-0000-4000-a000-' || lpad(g::text, 12, '0'))::uuid, ('" + tag + "-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, '"
                + lp + "', 'npq-headship', '2025a', 'accepted', 'deferred', now(), 'npq-leadership-autumn', 'a_school', 'england', now(), now() "
                + "FROM generate_series(1, " + n + ") g");
        TestDb.execute("INSERT INTO registration.application_state (id, application_id, lead_provider_id, state, reason, created_at) SELECT "
                + "gen_random_uuid(), ('" + tag + "-0000-4000-a000-' || lpad(g::text, 12, '0'))::uuid, '" + lp + "', 'deferred', "
                + "'parental-leave', now() FROM generate_series(1, " + n + ") g");
        if (idChanges) TestDb.execute("INSERT INTO registration.participant_id_change (id, person_id, from_participant_id, to_participant_id, "
                + "created_at) SELECT gen_random_uuid(), ('" + tag + "-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, gen_random_uuid(), "
                + "('" + tag + "-0000-4000-9000-' || lpad(g::text, 12, '0'))::uuid, now() FROM generate_series(1, " + n + ") g");
        // a background transaction of the service may hold the feed's horizon briefly
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> as(lp).queryParam("page[per_page]", n).queryParam("page[cursor]", "")
                .get("/api/v3/participants/npq").then().statusCode(200).extract().<List<String>>path("data.id").size() == n);
        return lp;
    }

    private static List<String> page(String lp, int size, boolean idChanges) {
        String trace = SqlTrace.newId();
        var r = as(lp).header("X-Correlation-Id", trace).queryParam("page[per_page]", size).queryParam("page[cursor]", "")
                .get("/api/v3/participants/npq");
        r.then().statusCode(200);
        assertThat(r.<List<String>>path("data.id")).hasSize(size);
        assertThat(r.<List<String>>path("data.attributes.full_name")).allSatisfy(n -> assertThat(n).startsWith("Seeded "));
        assertThat(r.<List<List<Object>>>path("data.attributes.npq_enrolments")).allSatisfy(e -> assertThat(e).hasSize(1));
        assertThat(r.<List<String>>path("data.attributes.npq_enrolments.deferral.reason").toString()).contains("parental-leave");
        assertThat(r.<List<List<Object>>>path("data.attributes.participant_id_changes")).allSatisfy(c -> assertThat(c).hasSize(idChanges ? 1 : 0));
        return SqlTrace.statements(trace);
    }

    /** The "data" object of GET /{id}, as its bytes. */
    static String ownGet(String lp, String id) {
        String body = as(lp).get("/api/v3/participants/npq/" + id).then().statusCode(200).extract().asString();
        assertThat(body).startsWith("{\"data\":{").endsWith("}}");
        return body.substring("{\"data\":".length(), body.length() - 1);
    }
}
