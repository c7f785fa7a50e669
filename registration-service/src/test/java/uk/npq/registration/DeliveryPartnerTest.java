package uk.npq.registration;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static uk.npq.registration.ApplicationLifecycleTest.as;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.PeopleAndTrnTest.admin;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.ContractValidator;

/** Delivery partners: admin-managed, and each lead provider sees only its own partners (DfE v3). */
@QuarkusTest
class DeliveryPartnerTest {

    static String body(String name, String... partnerships) {
        StringBuilder ps = new StringBuilder();
        for (int i = 0; i < partnerships.length; i += 2) {
            if (!ps.isEmpty()) ps.append(',');
            ps.append("{\"lead_provider_id\":\"").append(partnerships[i]).append("\",\"cohort\":\"").append(partnerships[i + 1]).append("\"}");
        }
        return "{\"data\":{\"type\":\"delivery-partner\",\"attributes\":{\"name\":\"" + name + "\",\"partnerships\":[" + ps + "]}}}";
    }

    @Test
    void anAdminCreatesPartnersAndEachLeadProviderSeesItsOwnWithTheirCohorts() {
        UUID hub = UUID.randomUUID(), other = UUID.randomUUID();
        String hubName = "Hub " + hub;
        admin().body(body(hubName, LP_A, "2025a", LP_A, "2026b", LP_B, "2024a")).put("/api/v1/delivery-partners/" + hub)
                .then().statusCode(201);
        admin().body(body("Other " + other, LP_B, "2026b")).put("/api/v1/delivery-partners/" + other).then().statusCode(201);

        var one = as(LP_A).get("/api/v3/delivery-partners/" + hub);
        one.then().statusCode(200).body("data.type", equalTo("delivery-partner"))
                .body("data.attributes.name", equalTo(hubName))
                .body("data.attributes.cohort", contains("2025", "2026"));
        ContractValidator.forService("registration-service").assertResponse("GET", "/api/v3/delivery-partners/" + hub, one);
        as(LP_B).get("/api/v3/delivery-partners/" + hub).then().statusCode(200).body("data.attributes.cohort", contains("2024"));
        as(LP_A).get("/api/v3/delivery-partners/" + other).then().statusCode(404);

        var list = as(LP_A).get("/api/v3/delivery-partners?page[per_page]=3000");
        list.then().statusCode(200);
        assertThat(list.<List<String>>path("data.id")).contains(hub.toString()).doesNotContain(other.toString());
        ContractValidator.forService("registration-service").assertResponse("GET", "/api/v3/delivery-partners", list);
        assertThat(as(LP_A).get("/api/v3/delivery-partners?filter[cohort]=2024&page[per_page]=3000").<List<String>>path("data.id"))
                .doesNotContain(hub.toString());
        assertThat(as(LP_B).get("/api/v3/delivery-partners?filter[cohort]=2024&page[per_page]=3000").<List<String>>path("data.id"))
                .contains(hub.toString());

        // a replacement drops a partnership; the name is unique whatever its case
        admin().body(body(hubName, LP_A, "2026b")).put("/api/v1/delivery-partners/" + hub).then().statusCode(200);
        as(LP_B).get("/api/v3/delivery-partners/" + hub).then().statusCode(404);
        admin().body(body(hubName.toUpperCase(), LP_A, "2026b")).put("/api/v1/delivery-partners/" + other).then().statusCode(422)
                .body("errors.title", hasItem("name"));

        // other services hear each change (engagement checks declarations' delivery partners against it)
        var events = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                uk.npq.platform.testing.TestKafka.readAll(uk.npq.contracts.Topics.DELIVERY_PARTNER).stream()
                        .filter(r -> hub.toString().equals(r.key())).toList(), l -> l.size() == 2);
        var latest = (uk.npq.contracts.registration.DeliveryPartnerChanged) events.get(1).value();
        assertThat(latest.getPartnerships()).hasSize(1);
        assertThat(latest.getPartnerships().get(0).getCohort()).isEqualTo("2026b");
    }

    @Test
    void sortsByNameByDefaultAndByDatesEitherWay() {
        UUID z = UUID.randomUUID(), a = UUID.randomUUID();
        String lp = UUID.randomUUID().toString();
        admin().body(body("Zeta " + z, lp, "2026b")).put("/api/v1/delivery-partners/" + z).then().statusCode(201);
        admin().body(body("Alpha " + a, lp, "2026b")).put("/api/v1/delivery-partners/" + a).then().statusCode(201);
        as(lp).get("/api/v3/delivery-partners").then().statusCode(200).body("data.id", contains(a.toString(), z.toString()));
        as(lp).get("/api/v3/delivery-partners?sort=created_at").then().body("data.id", contains(z.toString(), a.toString()));
        as(lp).get("/api/v3/delivery-partners?sort=-created_at").then().body("data.id", contains(a.toString(), z.toString()));
        as(lp).get("/api/v3/delivery-partners?sort=-name").then().body("data.id", contains(z.toString(), a.toString()));
    }

    @Test
    void onlyAnAdminManagesPartnersAndBadInputIs422() {
        UUID id = UUID.randomUUID();
        as(LP_A).body(body("Sneaky " + id, LP_A, "2026b")).put("/api/v1/delivery-partners/" + id).then().statusCode(403);
        given().contentType("application/json").body(body("Anon", LP_A, "2026b")).put("/api/v1/delivery-partners/" + id).then().statusCode(401);
        admin().body(body("", LP_A, "2026")).put("/api/v1/delivery-partners/" + id).then().statusCode(422)
                .body("errors.title", hasItem("name")).body("errors.title", hasItem("partnerships"));
        admin().get("/api/v1/delivery-partners/" + id).then().statusCode(404);
    }
}
