package uk.npq.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/**
 * engagement-service's contract for the DfE v3 participant-declarations: a declaration as DeclarationResource writes it
 * (every attribute present, nulls included, state dasherised) matches, and drift from it fails.
 */
class DeclarationContractTest {
    static final ContractValidator ENGAGEMENT = ContractValidator.forService("engagement-service");
    static final String ID = "d0b4a32e-a272-489e-b30a-cb17131457fc";
    static final String PATH = "/api/v3/participant-declarations";

    /** The data of one declaration, attributes in DeclarationResource.Attributes order. */
    static String data(String state, String hasPassed, String deliveryPartnerName) {
        return """
                {"id":"%s","type":"participant-declaration","attributes":{
                  "participant_id":"7a8fef46-3c43-42c0-b3d5-1ba5904ba562","declaration_type":"completed",
                  "course_identifier":"npq-senco","declaration_date":"2026-05-31T02:21:32Z","state":"%s","has_passed":%s,
                  "statement_id":null,"clawback_statement_id":null,"uplift_paid":false,"lead_provider_name":null,
                  "ineligible_for_funding_reason":null,"created_at":"2026-05-31T02:21:32.123456Z",
                  "delivery_partner_id":"524df095-f9bf-4f9d-ba4c-772545a99e60","delivery_partner_name":%s,
                  "secondary_delivery_partner_id":null,"secondary_delivery_partner_name":null,
                  "application_id":"db3a7848-7308-4879-942a-c4a70ced400a","updated_at":"2026-05-31T02:22:32Z"}}
                """.formatted(ID, state, hasPassed, deliveryPartnerName);
    }

    static String declaration(String state, String hasPassed) {
        return "{\"data\":" + data(state, hasPassed, "\"Foo education\"") + "}";
    }

    @Test
    void aDeclarationAsTheCodeWritesItMatches() {
        assertThatCode(() -> ENGAGEMENT.assertResponse("POST", PATH, 200, "application/json", declaration("eligible", "true")))
                .doesNotThrowAnyException();
        assertThat(ENGAGEMENT.validate("POST", PATH, 200, "application/json", declaration("submitted", "false"))).isEmpty();
        assertThat(ENGAGEMENT.validate("GET", PATH + "/" + ID, 200, "application/json", declaration("clawed-back", "null"))).isEmpty();
        assertThat(ENGAGEMENT.validate("PUT", PATH + "/" + ID + "/void", 200, "application/json", declaration("awaiting-clawback", "null")))
                .isEmpty();
        String duplicate = data("ineligible", "null", "null")
                .replace("\"ineligible_for_funding_reason\":null", "\"ineligible_for_funding_reason\":\"duplicate_declaration\"");
        assertThat(ENGAGEMENT.validate("GET", PATH + "?filter[cohort]=2026", 200, "application/json",
                "{\"data\":[" + duplicate + "," + data("paid", "true", "\"Foo education\"") + "]}")).isEmpty();
        assertThat(ENGAGEMENT.validate("GET", PATH, 200, "application/json", "{\"data\":[]}")).isEmpty();
    }

    @Test
    void aDeclarationThatDriftedFailsNamingWhatIsWrong() {
        // the state as the DfE document spells it, not as the API sends it
        assertThat(ENGAGEMENT.validate("GET", PATH + "/" + ID, 200, null, declaration("awaiting_clawback", "null")))
                .anyMatch(m -> m.contains("state"));
        assertThat(ENGAGEMENT.validate("GET", PATH + "/" + ID, 200, null, declaration("paid", "\"true\"")))
                .anyMatch(m -> m.contains("has_passed"));
        // a null left out: every attribute is always present
        assertThat(ENGAGEMENT.validate("GET", PATH + "/" + ID, 200, null,
                declaration("paid", "true").replace("\"lead_provider_name\":null,", ""))).anyMatch(m -> m.contains("lead_provider_name"));
    }

    @Test
    void anotherProvidersDeclarationIsAProblem() {
        String forbidden = """
                {"title":"Cannot modify declaration","status":403,"detail":"The declaration cannot be modified because it was created by another lead provider",
                 "errors":[{"title":"Cannot modify declaration","detail":"The declaration cannot be modified because it was created by another lead provider"}]}""";
        assertThat(ENGAGEMENT.validate("PUT", PATH + "/" + ID + "/void", 403, "application/problem+json", forbidden)).isEmpty();
        assertThat(ENGAGEMENT.validate("PUT", PATH + "/" + ID + "/change-delivery-partner", 403, "application/problem+json", forbidden)).isEmpty();
    }

    /** The document in the contracts module, read as text rather than from the jar: the same answer. */
    @Test
    void theDocumentReadAsTextAgrees() throws java.io.IOException {
        ContractValidator fromText = ContractValidator.of("engagement-service",
                java.nio.file.Files.readString(java.nio.file.Path.of("..", "..", "contracts", "openapi", "engagement-service", "openapi.yaml")));
        assertThat(fromText.validate("POST", PATH, 200, "application/json", declaration("eligible", "true"))).isEmpty();
    }
}
