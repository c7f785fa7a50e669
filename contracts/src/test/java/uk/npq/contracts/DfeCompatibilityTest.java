package uk.npq.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registration-service contract stays wire-compatible with the DfE lead-provider API v3 for the resources we
 * implement: its paths and methods, the attribute names (and types) of Application, Participant, enrolment and
 * DeliveryPartner, and the enum values. The DfE facts below were read from the DfE's published v3 OpenAPI document
 * (shared/reference/dfe, not in this repository) and are written here as expectations; what we add beyond them
 * (paths, attributes, enum values) is allowed.
 */
class DfeCompatibilityTest {
    /** The DfE v3 operations of the resources we implement. */
    static final List<String> DFE_OPERATIONS = List.of(
            "GET /api/v3/npq-applications",
            "GET /api/v3/npq-applications/{id}",
            "POST /api/v3/npq-applications/{id}/accept",
            "POST /api/v3/npq-applications/{id}/reject",
            "PUT /api/v3/npq-applications/{id}/change-funded-place",
            "GET /api/v3/participants/npq",
            "GET /api/v3/participants/npq/{id}",
            "PUT /api/v3/participants/npq/{id}/resume",
            "PUT /api/v3/participants/npq/{id}/defer",
            "PUT /api/v3/participants/npq/{id}/withdraw",
            "PUT /api/v3/participants/npq/{id}/change-schedule",
            "GET /api/v3/delivery-partners");

    /** DfE Application attributes with their type; a trailing '?' where the DfE API may send null. */
    static final List<String> APPLICATION = List.of(
            "course_identifier:string", "email:string?", "email_validated:boolean", "employer_name:string?",
            "employment_role:string?", "full_name:string", "funding_choice:string?", "headteacher_status:string",
            "ineligible_for_funding_reason:string?", "participant_id:string", "private_childcare_provider_urn:string?",
            "teacher_reference_number:string?", "teacher_reference_number_validated:boolean", "school_urn:string",
            "school_ukprn:string?", "status:string?", "reason_for_rejection:string?", "works_in_school:boolean",
            "cohort:string?", "cohort_suffix:string", "eligible_for_funding:boolean", "targeted_delivery_funding_eligibility:boolean",
            "teacher_catchment:boolean?", "teacher_catchment_country:string?", "teacher_catchment_iso_country_code:string?",
            "itt_provider:string?", "lead_mentor:boolean?", "funded_place:boolean?", "created_at:string", "updated_at:string",
            "schedule_identifier:string?", "works_as_senco:boolean?", "senco_start_date:string?");
    static final List<String> PARTICIPANT = List.of(
            "full_name:string", "previous_names:array", "teacher_reference_number:string?", "updated_at:string",
            "npq_enrolments:array", "participant_id_changes:array");
    static final List<String> ENROLMENT = List.of(
            "course_identifier:string", "schedule_identifier:string?", "cohort:string?", "cohort_suffix:string",
            "npq_application_id:string", "eligible_for_funding:boolean", "training_status:string", "school_urn:string?",
            "targeted_delivery_funding_eligibility:boolean", "funded_place:boolean?", "email:string?", "withdrawal:object?",
            "deferral:object?", "created_at:string");
    static final List<String> STATUS_CHANGE = List.of("reason:string", "date:string");
    static final List<String> ID_CHANGE = List.of("from_participant_id:string", "to_participant_id:string", "changed_at:string");
    static final List<String> DELIVERY_PARTNER = List.of("name:string", "cohort:array", "created_at:string", "updated_at:string");

    static final List<String> COURSES = List.of("npq-senior-leadership", "npq-headship", "npq-executive-leadership",
            "npq-early-years-leadership", "npq-leading-teaching", "npq-leading-behaviour-culture", "npq-leading-teaching-development",
            "npq-leading-literacy", "npq-leading-primary-mathematics", "npq-additional-support-offer",
            "npq-early-headship-coaching-offer", "npq-senco");
    static final List<String> APPLICATION_STATUSES = List.of("pending", "accepted", "rejected");
    static final List<String> SCHEDULES = List.of("npq-aso-march", "npq-aso-june", "npq-aso-november", "npq-aso-december",
            "npq-ehco-march", "npq-ehco-june", "npq-ehco-november", "npq-ehco-december", "npq-leadership-autumn",
            "npq-leadership-spring", "npq-specialist-autumn", "npq-specialist-spring");
    static final List<String> FUNDING_CHOICES = List.of("school", "trust", "self", "another", "employer");
    static final List<String> HEADTEACHER_STATUSES = List.of("no", "yes_when_course_starts", "yes_in_first_two_years",
            "yes_over_two_years", "yes_in_first_five_years", "yes_over_five_years");
    static final List<String> INELIGIBLE_REASONS = List.of("previously-funded", "establishment-ineligible");
    static final List<String> TRAINING_STATUSES = List.of("active", "deferred", "withdrawn");
    static final List<String> DEFERRAL_REASONS = List.of("bereavement", "long-term-sickness", "parental-leave", "career-break", "other");
    static final List<String> WITHDRAWAL_REASONS = List.of("insufficient-capacity-to-undertake-programme",
            "personal-reason-health-or-pregnancy-related", "personal-reason-moving-school", "personal-reason-other",
            "insufficient-capacity", "change-in-developmental-or-personal-priorities", "change-in-school-circumstances",
            "change-in-school-leadership", "quality-of-programme-structure-not-suitable.", "quality-of-programme-content-not-suitable",
            "quality-of-programme-facilitation-not-effective", "quality-of-programme-accessibility", "quality-of-programme-other",
            "programme-not-appropriate-for-role-and-cpd-needs", "started-in-error", "expected-commitment-unclear",
            "assessment-requirements-not-met", "change-in-career", "disengaged-and-unresponsive", "non-payment-of-invoice", "other");
    static final List<String> SORT = List.of("created_at", "-created_at", "updated_at", "-updated_at");
    static final List<String> DELIVERY_PARTNER_SORT = List.of("name", "-name", "created_at", "-created_at", "updated_at", "-updated_at");

    JsonNode doc;

    @BeforeEach
    void read() throws IOException {
        doc = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("openapi", "registration-service", "openapi.yaml")));
    }

    @Test
    void ourContractKeepsTheDfeV3PathsAttributesAndEnums() {
        assertThat(differences()).isEmpty();
    }

    /** The comparison can fail: a dropped path, a renamed attribute, a changed type and a lost full stop are each found. */
    @Test
    void aContractThatDriftedFromTheDfeIsCaught() {
        ObjectNode paths = (ObjectNode) doc.path("paths");
        paths.remove("/api/v3/participants/npq/{id}/withdraw");
        ObjectNode attributes = (ObjectNode) attributes(doc, "/api/v3/npq-applications/{id}", "get");
        attributes.set("works_as_a_senco", attributes.remove("works_as_senco"));
        ((ObjectNode) attributes.path("email_validated")).put("type", "string");
        ArrayNode reasons = (ArrayNode) doc.at("/components/schemas/WithdrawalReason/enum");
        for (int i = 0; i < reasons.size(); i++) {
            if (reasons.get(i).asText().equals("quality-of-programme-structure-not-suitable.")) reasons.set(i, "quality-of-programme-structure-not-suitable");
        }
        assertThat(differences()).contains(
                "missing: PUT /api/v3/participants/npq/{id}/withdraw",
                "Application: missing attribute works_as_senco",
                "Application: email_validated is string, the DfE API has boolean",
                "enrolment withdrawal reason: missing enum values [quality-of-programme-structure-not-suitable.]");
    }

    // ------------------------------------------------------------------------------------------------
    List<String> differences() {
        List<String> out = new ArrayList<>();
        for (String operation : DFE_OPERATIONS) {
            String[] methodAndPath = operation.split(" ");
            if (!doc.path("paths").path(methodAndPath[1]).has(methodAndPath[0].toLowerCase())) out.add("missing: " + operation);
        }
        JsonNode application = attributes(doc, "/api/v3/npq-applications/{id}", "get");
        JsonNode participant = attributes(doc, "/api/v3/participants/npq/{id}", "get");
        JsonNode enrolment = properties(doc, participant.path("npq_enrolments").path("items"));
        JsonNode partner = properties(doc, resolve(doc, schema(doc, "/api/v3/delivery-partners", "get")).path("properties").path("data").path("items"))
                .path("attributes");
        partner = properties(doc, partner);
        attributesMatch(out, "Application", application, APPLICATION);
        attributesMatch(out, "Participant", participant, PARTICIPANT);
        attributesMatch(out, "enrolment", enrolment, ENROLMENT);
        attributesMatch(out, "enrolment withdrawal", properties(doc, enrolment.path("withdrawal")), STATUS_CHANGE);
        attributesMatch(out, "enrolment deferral", properties(doc, enrolment.path("deferral")), STATUS_CHANGE);
        attributesMatch(out, "participant id change", properties(doc, participant.path("participant_id_changes").path("items")), ID_CHANGE);
        attributesMatch(out, "DeliveryPartner", partner, DELIVERY_PARTNER);

        enumMatches(out, "Application course_identifier", application.path("course_identifier"), COURSES);
        enumMatches(out, "Application status", application.path("status"), APPLICATION_STATUSES);
        enumMatches(out, "Application schedule_identifier", application.path("schedule_identifier"), SCHEDULES);
        enumMatches(out, "Application funding_choice", application.path("funding_choice"), FUNDING_CHOICES);
        enumMatches(out, "Application headteacher_status", application.path("headteacher_status"), HEADTEACHER_STATUSES);
        enumMatches(out, "Application ineligible_for_funding_reason", application.path("ineligible_for_funding_reason"), INELIGIBLE_REASONS);
        enumMatches(out, "enrolment course_identifier", enrolment.path("course_identifier"), COURSES);
        enumMatches(out, "enrolment schedule_identifier", enrolment.path("schedule_identifier"), SCHEDULES);
        enumMatches(out, "enrolment training_status", enrolment.path("training_status"), TRAINING_STATUSES);
        enumMatches(out, "enrolment withdrawal reason", properties(doc, enrolment.path("withdrawal")).path("reason"), WITHDRAWAL_REASONS);
        enumMatches(out, "enrolment deferral reason", properties(doc, enrolment.path("deferral")).path("reason"), DEFERRAL_REASONS);
        enumMatches(out, "accept schedule_identifier", requestAttributes(doc, "/api/v3/npq-applications/{id}/accept", "post").path("schedule_identifier"), SCHEDULES);
        for (String action : List.of("resume", "defer", "withdraw", "change-schedule")) {
            JsonNode in = requestAttributes(doc, "/api/v3/participants/npq/{id}/" + action, "put");
            enumMatches(out, action + " course_identifier", in.path("course_identifier"), COURSES);
        }
        enumMatches(out, "defer reason", requestAttributes(doc, "/api/v3/participants/npq/{id}/defer", "put").path("reason"), DEFERRAL_REASONS);
        enumMatches(out, "withdraw reason", requestAttributes(doc, "/api/v3/participants/npq/{id}/withdraw", "put").path("reason"), WITHDRAWAL_REASONS);
        enumMatches(out, "change-schedule schedule_identifier",
                requestAttributes(doc, "/api/v3/participants/npq/{id}/change-schedule", "put").path("schedule_identifier"), SCHEDULES);
        enumMatches(out, "participants filter[training_status]", parameter(doc, "/api/v3/participants/npq", "filter[training_status]"), TRAINING_STATUSES);
        enumMatches(out, "npq-applications sort", parameter(doc, "/api/v3/npq-applications", "sort"), SORT);
        enumMatches(out, "participants sort", parameter(doc, "/api/v3/participants/npq", "sort"), SORT);
        enumMatches(out, "delivery-partners sort", parameter(doc, "/api/v3/delivery-partners", "sort"), DELIVERY_PARTNER_SORT);
        return out;
    }

    /** Every DfE attribute is there with the DfE type, and nullable wherever the DfE API may send null. */
    void attributesMatch(List<String> out, String what, JsonNode ours, List<String> dfe) {
        for (String expected : dfe) {
            String name = expected.substring(0, expected.indexOf(':'));
            String type = expected.substring(expected.indexOf(':') + 1).replace("?", "");
            JsonNode attribute = ours.path(name);
            if (attribute.isMissingNode()) {
                out.add(what + ": missing attribute " + name);
                continue;
            }
            String ourType = type(attribute);
            if (!type.equals(ourType)) out.add(what + ": " + name + " is " + ourType + ", the DfE API has " + type);
            if (expected.endsWith("?") && !nullable(attribute)) out.add(what + ": " + name + " must be nullable, as in the DfE API");
        }
    }

    void enumMatches(List<String> out, String what, JsonNode schema, List<String> dfe) {
        Set<String> ours = enumValues(schema);
        List<String> missing = dfe.stream().filter(v -> !ours.contains(v)).toList();
        List<String> extra = ours.stream().filter(v -> !dfe.contains(v)).toList();
        if (!missing.isEmpty()) out.add(what + ": missing enum values " + missing);
        if (!extra.isEmpty()) out.add(what + ": enum values the DfE API does not have " + extra);
    }

    /** The enum values a schema allows, through $ref and anyOf/oneOf/allOf, null left out. */
    Set<String> enumValues(JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        Set<String> values = new LinkedHashSet<>();
        s.path("enum").forEach(v -> {
            if (!v.isNull()) values.add(v.asText());
        });
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) s.path(combinator).forEach(sub -> values.addAll(enumValues(sub)));
        return values;
    }

    /** The type of a schema: its own, else that of the non-null alternative it refers to. */
    String type(JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        if (s.has("type")) return s.get("type").asText();
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode sub : s.path(combinator)) {
                JsonNode r = resolve(doc, sub);
                if (!(r.path("enum").size() == 1 && r.path("enum").get(0).isNull())) return type(r);
            }
        }
        return "(none)";
    }

    boolean nullable(JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        if (s.path("nullable").asBoolean(false)) return true;
        for (JsonNode sub : s.path("anyOf")) if (nullable(sub)) return true;
        return false;
    }

    static JsonNode resolve(JsonNode doc, JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) s = doc.at(s.get("$ref").asText().substring(1));
        return s;
    }

    static JsonNode properties(JsonNode doc, JsonNode schema) {
        return resolve(doc, schema).path("properties");
    }

    /** The schema of an operation's 200 application/json response. */
    static JsonNode schema(JsonNode doc, String path, String method) {
        JsonNode response = resolve(doc, doc.path("paths").path(path).path(method).path("responses").path("200"));
        return response.path("content").path("application/json").path("schema");
    }

    static JsonNode attributes(JsonNode doc, String path, String method) {
        JsonNode data = properties(doc, schema(doc, path, method)).path("data");
        return properties(doc, properties(doc, data).path("attributes"));
    }

    static JsonNode requestAttributes(JsonNode doc, String path, String method) {
        JsonNode body = doc.path("paths").path(path).path(method).path("requestBody").path("content").path("application/json").path("schema");
        return properties(doc, properties(doc, properties(doc, body).path("data")).path("attributes"));
    }

    static JsonNode parameter(JsonNode doc, String path, String name) {
        for (JsonNode p : doc.path("paths").path(path).path("get").path("parameters")) {
            JsonNode r = resolve(doc, p);
            if (name.equals(r.path("name").asText())) return r.path("schema");
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
}
