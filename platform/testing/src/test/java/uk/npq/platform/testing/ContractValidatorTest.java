package uk.npq.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ContractValidator against the real registration-service contract: what our code emits passes, drift fails. */
class ContractValidatorTest {
    static final ContractValidator REGISTRATION = ContractValidator.forService("registration-service");
    static final String ID = "d0b4a32e-a272-489e-b30a-cb17131457fc";

    /** An application as NpqApplicationResource writes it: every attribute present, nulls included. */
    static String application(String status, String scheduleIdentifier) {
        return "{\"data\":" + data(status, scheduleIdentifier) + "}";
    }

    static String data(String status, String scheduleIdentifier) {
        return """
                {"id":"%s","type":"npq_application","attributes":{
                  "course_identifier":"npq-headship","email":"a@example.com","email_validated":true,"employer_name":null,
                  "employment_role":null,"full_name":"Ada Lovelace","funding_choice":null,"headteacher_status":null,
                  "ineligible_for_funding_reason":null,"participant_id":"7a8fef46-3c43-42c0-b3d5-1ba5904ba562",
                  "private_childcare_provider_urn":null,"teacher_reference_number":null,"teacher_reference_number_validated":false,
                  "school_urn":"106286","school_ukprn":null,"status":"%s","reason_for_rejection":null,"works_in_school":true,
                  "cohort":"2026","cohort_suffix":"a","eligible_for_funding":null,"targeted_delivery_funding_eligibility":false,
                  "teacher_catchment":true,"teacher_catchment_country":null,"teacher_catchment_iso_country_code":null,
                  "itt_provider":null,"lead_mentor":null,"funded_place":null,"created_at":"2026-05-31T02:21:32.123456Z",
                  "updated_at":"2026-05-31T02:22:32Z","schedule_identifier":%s,"works_as_senco":null,"senco_start_date":null}}
                """.formatted(ID, status, scheduleIdentifier);
    }

    @Test
    void aBodyAsTheCodeWritesItMatches() {
        assertThatCode(() -> REGISTRATION.assertResponse("GET", "/api/v3/npq-applications/" + ID, 200, application("pending", "null")))
                .doesNotThrowAnyException();
        assertThatCode(() -> REGISTRATION.assertResponse("POST", "/api/v3/npq-applications/" + ID + "/accept?x=1", 200,
                "application/json;charset=UTF-8", application("accepted", "\"npq-leadership-autumn\""))).doesNotThrowAnyException();
        assertThat(REGISTRATION.validate("GET", "/api/v3/npq-applications", 200, "application/json",
                "{\"data\":[" + data("rejected", "null").replace("\"reason_for_rejection\":null", "\"reason_for_rejection\":\"rejected_by_provider\"")
                        + "," + data("accepted", "\"npq-specialist-spring\"") + "]}")).isEmpty();
    }

    @Test
    void aBodyThatDriftedFromTheContractFailsNamingWhatIsWrong() {
        String drifted = application("approved", "\"npq-leadership-winter\"").replace("\"email_validated\":true", "\"email_validated\":\"yes\"");
        assertThatThrownBy(() -> REGISTRATION.assertResponse("GET", "/api/v3/npq-applications/" + ID, 200, drifted))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("registration-service GET /api/v3/npq-applications/" + ID + " 200")
                .hasMessageContaining("status").hasMessageContaining("schedule_identifier").hasMessageContaining("email_validated");
        String extra = application("pending", "null").replace("\"funded_place\":null,", "\"funded_place\":null,\"funding_eligibility_status_code\":\"funded\",");
        assertThat(REGISTRATION.validate("GET", "/api/v3/npq-applications/" + ID, 200, null, extra))
                .as("a v3 application carries exactly the DfE's attributes").anyMatch(m -> m.contains("funding_eligibility_status_code"));
        String missing = application("pending", "null").replace("\"funded_place\":null,", "");
        assertThat(REGISTRATION.validate("GET", "/api/v3/npq-applications/" + ID, 200, null, missing))
                .anyMatch(m -> m.contains("funded_place"));
    }

    @Test
    void theGoneProblemOfARetiredParticipantMatches() {
        String gone = """
                {"title":"Gone","status":410,"detail":"replaced","errors":[{"title":"Participant ID has been changed",
                 "detail":"replaced","participant_id_changes":[{"from_participant_id":"%s","to_participant_id":"%s",
                 "changed_at":"2026-01-01T00:00:00Z"}]}]}""".formatted(ID, ID);
        assertThat(REGISTRATION.validate("GET", "/api/v3/participants/npq/" + ID, 410, "application/problem+json", gone)).isEmpty();
        assertThat(REGISTRATION.validate("GET", "/api/v3/participants/npq/" + ID, 410, "application/problem+json",
                gone.replace("participant_id_changes", "changes"))).isNotEmpty();
    }

    @Test
    void anUndocumentedStatusOrPathFails() {
        assertThatThrownBy(() -> REGISTRATION.assertResponse("GET", "/api/v3/npq-applications/" + ID, 418, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("documents no 418");
        assertThatThrownBy(() -> REGISTRATION.assertResponse("GET", "/api/v3/nothing-here", 200, "{}"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no documented path");
    }

    /** Every $ref of every documented response resolves: a broken document fails here, not in a service's test. */
    @Test
    void everyDocumentedResponseSchemaLoads() {
        for (String service : List.of("registration-service", "funding-service", "engagement-service", "assessment-service")) {
            ContractValidator v = ContractValidator.forService(service);
            v.document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op ->
                    op.getValue().path("responses").fieldNames().forEachRemaining(status -> assertThatCode(() ->
                            v.validate(op.getKey(), path.getKey().replaceAll("\\{[^}]+}", "x"), Integer.parseInt(status), null, "{}"))
                            .as(service + " " + op.getKey() + " " + path.getKey() + " " + status).doesNotThrowAnyException())));
        }
    }

    @Test
    void theMostLiteralTemplateWins() {
        assertThat(REGISTRATION.template("/api/v3/participants/npq/" + ID + "/defer")).hasValue("/api/v3/participants/npq/{id}/defer");
        assertThat(REGISTRATION.template("/api/v3/delivery-partners")).hasValue("/api/v3/delivery-partners");
    }
}
