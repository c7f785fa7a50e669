package uk.npq.funding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import uk.npq.contracts.funding.AllocationDefined;
import uk.npq.platform.testing.TestDb;
import uk.npq.platform.testing.TestTokens;

/** Funded-place allocations of capped cohorts: imported by admins or finance like the other contract data, published once per change. */
@QuarkusTest
class AllocationImportTest {
    static final String HEADER = "lead_provider_id,cohort,course_identifier,funded_places\n";

    static io.restassured.response.ValidatableResponse put(String auth, String csv) {
        return given().filter(ContractDataTest.CONTRACT).header("Authorization", auth).contentType("text/csv").body(csv)
                .put("/api/v1/reference/allocations").then();
    }

    static AllocationDefined latest(String key) {
        var events = ContractDataTest.published(key);
        return (AllocationDefined) events.get(events.size() - 1).value();
    }

    @Test
    void allocationsAreImportedIdempotentlyAndPublishedOncePerChange() {
        String lp = UUID.randomUUID().toString();
        String file = HEADER + lp + ",2026b,npq-headship,40\n" + lp + ",2026b,npq-senco,0\n" + lp + ",2025a,npq-headship,12\n";
        put(ContractDataTest.admin(), file).statusCode(200).body("data.attributes.dataset", equalTo("allocations"))
                .body("data.attributes.inserted", equalTo(3));
        put(ContractDataTest.finance(), file).statusCode(200).body("data.attributes.unchanged", equalTo(3))
                .body("data.attributes.inserted", equalTo(0)).body("data.attributes.updated", equalTo(0));
        String key = lp + "/2026b/npq-headship";
        assertThat(ContractDataTest.published(key)).hasSize(1);
        assertThat(latest(key).getFundedPlaces()).isEqualTo(40);
        assertThat(latest(lp + "/2026b/npq-senco").getFundedPlaces()).isZero();
        put(ContractDataTest.finance(), HEADER + lp.toUpperCase() + ",2026b,npq-headship,45\n").statusCode(200)
                .body("data.attributes.updated", equalTo(1));
        assertThat(ContractDataTest.published(key)).hasSize(2);
        AllocationDefined changed = latest(key);
        assertThat(changed.getFundedPlaces()).isEqualTo(45);
        assertThat(changed.getLeadProviderId()).isEqualTo(lp);
        assertThat(changed.getCohort()).isEqualTo("2026b");
        assertThat(changed.getCourseIdentifier()).isEqualTo("npq-headship");
        assertThat(TestDb.count("SELECT funded_places FROM funded_place_allocation WHERE lead_provider_id = '" + lp
                + "' AND cohort = '2026b' AND course_identifier = 'npq-headship'")).isEqualTo(45);
    }

    @Test
    void badRowsAreRefusedWholeWithTheirReasonsOrSkipped() {
        String lp = UUID.randomUUID().toString();
        String file = HEADER + "not-a-uuid,2026b,npq-headship,1\n" + lp + ",1999z,npq-headship,1\n" + lp + ",2026a,npq-headship,1\n"
                + lp + ",2023a,npq-headship,1\n" + lp + ",2026b,npq-juggling,1\n" + lp + ",2026b,npq-senco,-1\n"
                + lp + ",2026b,npq-senco,1.5\n" + lp + ",2026b,npq-senco,many\n" + lp + ",2026b,npq-headship,3\n"
                + lp + ",2026b,npq-headship,4\n";
        put(ContractDataTest.admin(), file).statusCode(422).contentType(startsWith("application/problem+json"))
                .body("errors.find { it.title == 'line 2' }.detail", equalTo("lead_provider_id 'not-a-uuid' is not a UUID"))
                .body("errors.find { it.title == 'line 3' }.detail", equalTo("cohort '1999z' does not exist"))
                .body("errors.find { it.title == 'line 4' }.detail", startsWith("cohort '2026a' is not capped (its funding is zero)"))
                .body("errors.find { it.title == 'line 5' }.detail", startsWith("cohort '2023a' is not capped (its funding is full)"))
                .body("errors.find { it.title == 'line 6' }.detail", equalTo("course_identifier 'npq-juggling' is not a course"))
                .body("errors.find { it.title == 'line 7' }.detail", startsWith("funded_places must be a whole number"))
                .body("errors.find { it.title == 'line 8' }.detail", startsWith("funded_places must be a whole number"))
                .body("errors.find { it.title == 'line 9' }.detail", startsWith("funded_places must be a whole number"))
                .body("errors.find { it.title == 'line 11' }.detail", startsWith("duplicate "))
                .body("errors.find { it.title == 'file' }.detail", startsWith("Nothing was imported"));
        assertThat(TestDb.count("SELECT count(*) FROM funded_place_allocation WHERE lead_provider_id = '" + lp + "'")).isZero();
        assertThat(ContractDataTest.published(lp + "/2026b/npq-headship")).isEmpty();

        given().filter(ContractDataTest.CONTRACT).header("Authorization", ContractDataTest.admin()).contentType("text/csv").body(file)
                .queryParam("on_invalid_rows", "skip").put("/api/v1/reference/allocations").then().statusCode(200)
                .body("data.attributes.inserted", equalTo(1)).body("data.attributes.refused.size()", equalTo(9));
        assertThat(latest(lp + "/2026b/npq-headship").getFundedPlaces()).isEqualTo(3);
        put(ContractDataTest.admin(), "lead_provider_id,cohort,course_identifier\n" + lp + ",2026b,npq-headship\n").statusCode(422)
                .body("errors[0].title", equalTo("file"));
        put(ContractDataTest.admin(), "").statusCode(400);
    }

    @Test
    void onlyAdminsAndFinanceImport() {
        String lp = UUID.randomUUID().toString();
        String file = HEADER + lp + ",2026b,npq-headship,5\n";
        for (String auth : List.of("Bearer " + TestTokens.leadProvider(lp),
                "Bearer " + TestTokens.token("school", List.of("school"), Map.of("school_urn", "100001")),
                "Bearer " + TestTokens.token("reporting", List.of("reporting"), Map.of()),
                "Bearer " + TestTokens.token("dp", List.of("delivery-partner"), Map.of()),
                "Bearer " + TestTokens.token("p", List.of("participant"), Map.of("participant_id", UUID.randomUUID().toString())))) {
            put(auth, file).statusCode(403);
        }
        given().filter(ContractDataTest.CONTRACT).contentType("text/csv").body(file).put("/api/v1/reference/allocations").then().statusCode(401);
        assertThat(TestDb.count("SELECT count(*) FROM funded_place_allocation WHERE lead_provider_id = '" + lp + "'")).isZero();
    }
}
