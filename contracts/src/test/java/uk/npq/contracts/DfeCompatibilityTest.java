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
 * Our contracts stay wire-compatible with the DfE lead-provider API v3 for the resources we implement: the paths and
 * methods, the attribute names (and types) of Application, Participant, enrolment and DeliveryPartner
 * (registration-service), of ParticipantDeclaration (engagement-service) and of Statement (funding-service), the
 * list parameters, and the enum values. The DfE facts below were read from the DfE's published v3 OpenAPI document
 * (shared/reference/dfe, not in this repository) and are written here as expectations. A v3 response carries exactly
 * the DfE's attributes (a client generated from the DfE document, e.g. openapi-generator's Java default, throws on one it
 * does not know); other paths and enum values we add are allowed.
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

    /** The DfE v3 participant-declarations operations, documented by engagement-service. */
    static final List<String> DFE_DECLARATION_OPERATIONS = List.of(
            "GET /api/v3/participant-declarations",
            "POST /api/v3/participant-declarations",
            "GET /api/v3/participant-declarations/{id}",
            "PUT /api/v3/participant-declarations/{id}/void",
            "PUT /api/v3/participant-declarations/{id}/change-delivery-partner");

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
    /**
     * DfE ParticipantDeclaration attributes. has_passed is left out here: the DfE document types it a nullable string,
     * but the DfE API sends true, false or null, and so do we; {@link #HAS_PASSED_AS_SENT} is the expectation.
     */
    static final List<String> DECLARATION = List.of(
            "participant_id:string", "declaration_type:string", "course_identifier:string", "declaration_date:string",
            "state:string", "statement_id:string?", "clawback_statement_id:string?", "uplift_paid:boolean",
            "lead_provider_name:string", "ineligible_for_funding_reason:string?", "created_at:string",
            "delivery_partner_id:string?", "delivery_partner_name:string?", "secondary_delivery_partner_id:string?",
            "secondary_delivery_partner_name:string?", "application_id:string", "updated_at:string");
    static final List<String> HAS_PASSED_AS_SENT = List.of("has_passed:boolean?");
    static final List<String> DECLARATION_REQUEST = List.of("participant_id:string", "declaration_type:string",
            "declaration_date:string", "course_identifier:string", "has_passed:boolean", "delivery_partner_id:string",
            "secondary_delivery_partner_id:string");
    static final List<String> CHANGE_DELIVERY_PARTNER_REQUEST = List.of("delivery_partner_id:string", "secondary_delivery_partner_id:string");
    static final List<String> DECLARATION_FILTERS = List.of("filter[participant_id]", "filter[updated_since]", "filter[cohort]",
            "page[page]", "page[per_page]");

    /** The DfE v3 statements operations, documented by funding-service. */
    static final List<String> DFE_STATEMENT_OPERATIONS = List.of("GET /api/v3/statements", "GET /api/v3/statements/{id}");
    /** DfE Statement attributes (none nullable in the DfE document). */
    static final List<String> STATEMENT = List.of("month:string", "year:string", "cohort:string", "cut_off_date:string",
            "payment_date:string", "paid:boolean", "created_at:string", "updated_at:string");
    /** ListStatementsFilter (cohort, updated_since) and the pagination parameters. */
    static final List<String> STATEMENT_FILTERS = List.of("filter[cohort]", "filter[updated_since]", "page[page]", "page[per_page]");

    /** The DfE v3 participant-outcomes operations, documented by assessment-service. */
    static final List<String> DFE_OUTCOME_OPERATIONS = List.of(
            "GET /api/v3/participants/npq/outcomes",
            "GET /api/v3/participants/npq/{id}/outcomes",
            "POST /api/v3/participants/npq/{id}/outcomes");
    /** DfE ParticipantOutcome attributes (none nullable in the DfE document). */
    static final List<String> OUTCOME = List.of("state:string", "completion_date:string", "course_identifier:string",
            "participant_id:string", "created_at:string", "updated_at:string");
    static final List<String> OUTCOME_STATES = List.of("passed", "failed", "voided");
    /** The DfE lists only the courses with outcomes for an outcome (not npq-additional-support-offer nor npq-early-headship-coaching-offer). */
    static final List<String> OUTCOME_COURSES = List.of("npq-senior-leadership", "npq-headship", "npq-executive-leadership",
            "npq-early-years-leadership", "npq-leading-teaching", "npq-leading-behaviour-culture", "npq-leading-teaching-development",
            "npq-leading-literacy", "npq-leading-primary-mathematics", "npq-senco");
    static final List<String> OUTCOME_REQUEST = List.of("course_identifier:string", "state:string", "completion_date:string");

    /**
     * The query parameters of each DfE v3 list operation (its deepObject filter and page written out as the client sends
     * them); we may add our own (page[cursor]).
     */
    static final java.util.Map<String, List<String>> LIST_PARAMETERS = java.util.Map.of(
            "/api/v3/npq-applications", List.of("filter[cohort]", "filter[updated_since]", "filter[participant_id]", "page[page]", "page[per_page]", "sort"),
            "/api/v3/participants/npq", List.of("filter[updated_since]", "filter[training_status]", "filter[from_participant_id]", "page[page]", "page[per_page]", "sort"),
            "/api/v3/delivery-partners", List.of("filter[cohort]", "page[page]", "page[per_page]", "sort"),
            "/api/v3/participants/npq/outcomes", List.of("filter[created_since]", "page[page]", "page[per_page]"),
            "/api/v3/participants/npq/{id}/outcomes", List.of("page[page]", "page[per_page]"));

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
    static final List<String> DECLARATION_TYPES = List.of("started", "retained-1", "retained-2", "completed");
    /** The declaration states as the DfE document lists them. */
    static final List<String> DECLARATION_STATES_AS_DOCUMENTED = List.of("submitted", "eligible", "payable", "paid", "voided",
            "ineligible", "awaiting_clawback", "clawed_back");
    /**
     * The states as the DfE API actually sends them: dasherised (awaiting-clawback, clawed-back), not as its document
     * spells them. A DfE client sees the dasherised values, so that is what our document and code must say.
     */
    static final List<String> DECLARATION_STATES_AS_SENT = DECLARATION_STATES_AS_DOCUMENTED.stream().map(s -> s.replace('_', '-')).toList();
    static final List<String> INELIGIBLE_DECLARATION_REASONS = List.of("duplicate_declaration");
    static final List<String> SORT = List.of("created_at", "-created_at", "updated_at", "-updated_at");
    static final List<String> DELIVERY_PARTNER_SORT = List.of("name", "-name", "created_at", "-created_at", "updated_at", "-updated_at");

    /** registration-service's document; {@link #engagement} is engagement-service's, {@link #funding} funding-service's. */
    JsonNode doc;
    JsonNode engagement;
    JsonNode funding;
    /** assessment-service's document (participant outcomes). */
    JsonNode assessment;

    @BeforeEach
    void read() throws IOException {
        doc = read("registration-service");
        engagement = read("engagement-service");
        funding = read("funding-service");
        assessment = read("assessment-service");
    }

    static JsonNode read(String service) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("openapi", service, "openapi.yaml")));
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
        attributes.putObject("funding_eligibility_status_code").put("type", "string");
        assertThat(differences()).contains(
                "missing: PUT /api/v3/participants/npq/{id}/withdraw",
                "Application: missing attribute works_as_senco",
                "Application: attribute the DfE API does not have funding_eligibility_status_code",
                "Application: email_validated is string, the DfE API has boolean",
                "enrolment withdrawal reason: missing enum values [quality-of-programme-structure-not-suitable.]");
    }

    /** The same for declarations: a dropped operation, a lost nullability, a renamed attribute and a state spelled as the DfE document does. */
    @Test
    void aDeclarationContractThatDriftedFromTheDfeIsCaught() {
        assertThat(differences()).isEmpty();
        ((ObjectNode) engagement.path("paths").path("/api/v3/participant-declarations/{id}/void")).remove("put");
        ObjectNode attributes = (ObjectNode) attributes(engagement, "/api/v3/participant-declarations/{id}", "get");
        attributes.set("participant", attributes.remove("participant_id"));
        ((ObjectNode) attributes.path("statement_id")).remove("nullable");
        ((ObjectNode) attributes.path("has_passed")).put("type", "string");
        ArrayNode states = (ArrayNode) engagement.at("/components/schemas/DeclarationState/enum");
        for (int i = 0; i < states.size(); i++) if (states.get(i).asText().equals("clawed-back")) states.set(i, "clawed_back");
        assertThat(differences()).contains(
                "missing: PUT /api/v3/participant-declarations/{id}/void",
                "ParticipantDeclaration: missing attribute participant_id",
                "ParticipantDeclaration: statement_id must be nullable, as in the DfE API",
                "ParticipantDeclaration: has_passed is string, the DfE API has boolean",
                "ParticipantDeclaration state: missing enum values [clawed-back]",
                "ParticipantDeclaration state: enum values the DfE API does not have [clawed_back]");
    }

    /** The same for statements: a dropped operation, a renamed attribute, a changed type and a dropped filter are each found. */
    @Test
    void aStatementContractThatDriftedFromTheDfeIsCaught() {
        assertThat(differences()).isEmpty();
        ((ObjectNode) funding.path("paths").path("/api/v3/statements/{id}")).remove("get");
        ObjectNode attributes = (ObjectNode) funding.at("/components/schemas/Statement/properties/attributes/properties");
        attributes.set("deadline_date", attributes.remove("cut_off_date"));
        ((ObjectNode) attributes.path("year")).put("type", "integer");
        ArrayNode parameters = (ArrayNode) funding.path("paths").path("/api/v3/statements").path("get").path("parameters");
        for (int i = 0; i < parameters.size(); i++) if (parameters.get(i).path("name").asText().equals("filter[cohort]")) parameters.remove(i);
        assertThat(differences()).contains(
                "missing: GET /api/v3/statements/{id}",
                "listed Statement: missing attribute cut_off_date",
                "listed Statement: year is integer, the DfE API has string",
                "statements list: missing parameter filter[cohort]");
    }

    /** The DfE document has 22 operations; each is one of ours, in the document of the service that serves it. */
    @Test
    void everyDfeV3OperationIsMappedToOneOfOurDocuments() {
        List<String> all = new ArrayList<>();
        for (List<String> operations : List.of(DFE_OPERATIONS, DFE_DECLARATION_OPERATIONS, DFE_STATEMENT_OPERATIONS, DFE_OUTCOME_OPERATIONS)) {
            all.addAll(operations);
        }
        assertThat(new LinkedHashSet<>(all)).hasSize(22);
        assertThat(responseShapes().keySet()).containsExactlyInAnyOrderElementsOf(all);
    }

    /**
     * Participants, enrolments, delivery partners and outcomes drift too: an attribute added to an enrolment or an
     * outcome, a schema left open, a list envelope given a meta member, a lost outcome operation and an outcome
     * state the DfE lacks are each found.
     */
    @Test
    void aParticipantPartnerOrOutcomeContractThatDriftedFromTheDfeIsCaught() {
        assertThat(differences()).isEmpty();
        ObjectNode enrolment = (ObjectNode) doc.at("/components/schemas/Enrolment");
        ((ObjectNode) enrolment.path("properties")).putObject("accepted_at").put("type", "string");
        ((ObjectNode) enrolment.path("properties").path("deferral")).remove("additionalProperties");
        ((ObjectNode) doc.at("/components/schemas/ParticipantsResponse/properties")).putObject("meta").put("type", "object");
        ((ObjectNode) doc.at("/components/schemas/DeliveryPartner/properties/attributes")).remove("additionalProperties");
        ((ObjectNode) doc.at("/components/schemas/ParticipantIdChange/properties")).putObject("reason").put("type", "string");
        ObjectNode outcome = (ObjectNode) assessment.at("/components/schemas/Outcome/properties/attributes/properties");
        outcome.putObject("declaration_id").put("type", "string");
        ((ArrayNode) outcome.path("state").path("enum")).add("withdrawn");
        ((ObjectNode) assessment.path("paths").path("/api/v3/participants/npq/outcomes")).remove("get");
        ArrayNode parameters = (ArrayNode) doc.path("paths").path("/api/v3/participants/npq").path("get").path("parameters");
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).path("name").asText().equals("filter[from_participant_id]")) parameters.remove(i);
        }
        assertThat(differences()).contains(
                "GET /api/v3/participants/npq/{id} enrolment: attribute the DfE API does not have accepted_at",
                "GET /api/v3/participants/npq/{id} enrolment deferral: must have additionalProperties: false",
                "GET /api/v3/participants/npq envelope: attribute the DfE API does not have meta",
                "GET /api/v3/delivery-partners attributes: must have additionalProperties: false",
                "PUT /api/v3/participants/npq/{id}/defer participant id change: attribute the DfE API does not have reason",
                "POST /api/v3/participants/npq/{id}/outcomes attributes: attribute the DfE API does not have declaration_id",
                "ParticipantOutcome state: enum values the DfE API does not have [withdrawn]",
                "missing: GET /api/v3/participants/npq/outcomes",
                "GET /api/v3/participants/npq: missing parameter filter[from_participant_id]");
    }

    // ------------------------------------------------------------------------------------------------
    /**
     * The 200 response of each DfE v3 operation: our document, and the attributes the DfE's resource carries. Every
     * object on the way (envelope, resource, attributes, and a participant's enrolments, their withdrawal and deferral,
     * and its participant id changes) must carry exactly the DfE's members and be additionalProperties: false, so that
     * each service's response validation refuses an extra one.
     */
    java.util.Map<String, java.util.Map.Entry<JsonNode, List<String>>> responseShapes() {
        java.util.Map<String, java.util.Map.Entry<JsonNode, List<String>>> shapes = new java.util.LinkedHashMap<>();
        for (String operation : DFE_OPERATIONS) {
            List<String> attributes = operation.contains("npq-applications") ? APPLICATION
                    : operation.contains("delivery-partners") ? DELIVERY_PARTNER : PARTICIPANT;
            shapes.put(operation, java.util.Map.entry(doc, attributes));
        }
        List<String> declaration = new ArrayList<>(DECLARATION);
        declaration.addAll(HAS_PASSED_AS_SENT);
        for (String operation : DFE_DECLARATION_OPERATIONS) shapes.put(operation, java.util.Map.entry(engagement, declaration));
        for (String operation : DFE_STATEMENT_OPERATIONS) shapes.put(operation, java.util.Map.entry(funding, STATEMENT));
        for (String operation : DFE_OUTCOME_OPERATIONS) shapes.put(operation, java.util.Map.entry(assessment, OUTCOME));
        return shapes;
    }

    void responsesCarryExactlyTheDfeMembers(List<String> out) {
        responseShapes().forEach((operation, shape) -> {
            JsonNode doc = shape.getKey();
            String[] methodAndPath = operation.split(" ");
            if (!doc.path("paths").path(methodAndPath[1]).has(methodAndPath[0].toLowerCase())) return; // reported as missing
            JsonNode envelope = resolve(doc, schema(doc, methodAndPath[1], methodAndPath[0].toLowerCase()));
            exactly(out, doc, operation + " envelope", envelope, List.of("data"));
            JsonNode resource = resolve(doc, envelope.path("properties").path("data"));
            if (resource.path("type").asText().equals("array")) resource = resolve(doc, resource.path("items"));
            exactly(out, doc, operation + " resource", resource, List.of("id", "type", "attributes"));
            JsonNode attributes = resolve(doc, resource.path("properties").path("attributes"));
            exactly(out, doc, operation + " attributes", attributes, names(shape.getValue()));
            if (shape.getValue() == PARTICIPANT) {
                JsonNode enrolment = resolve(doc, attributes.path("properties").path("npq_enrolments").path("items"));
                exactly(out, doc, operation + " enrolment", enrolment, names(ENROLMENT));
                exactly(out, doc, operation + " enrolment withdrawal", resolve(doc, enrolment.path("properties").path("withdrawal")), names(STATUS_CHANGE));
                exactly(out, doc, operation + " enrolment deferral", resolve(doc, enrolment.path("properties").path("deferral")), names(STATUS_CHANGE));
                exactly(out, doc, operation + " participant id change",
                        resolve(doc, attributes.path("properties").path("participant_id_changes").path("items")), names(ID_CHANGE));
            }
        });
    }

    /** An object schema with exactly these members, and no others allowed (additionalProperties: false). */
    static void exactly(List<String> out, JsonNode doc, String what, JsonNode schema, List<String> members) {
        if (!(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())) {
            out.add(what + ": must have additionalProperties: false");
        }
        JsonNode properties = schema.path("properties");
        for (String member : members) if (!properties.has(member)) out.add(what + ": missing attribute " + member);
        properties.fieldNames().forEachRemaining(name -> {
            if (!members.contains(name)) out.add(what + ": attribute the DfE API does not have " + name);
        });
    }

    static List<String> names(List<String> attributes) {
        return attributes.stream().map(e -> e.substring(0, e.indexOf(':'))).toList();
    }

    /** participant outcomes, in assessment-service's document. */
    void outcomeDifferences(List<String> out, JsonNode doc) {
        operationsPresent(out, doc, DFE_OUTCOME_OPERATIONS);
        JsonNode created = resolve(doc, properties(doc, schema(doc, "/api/v3/participants/npq/{id}/outcomes", "post")).path("data"));
        JsonNode outcome = properties(doc, created.path("properties").path("attributes"));
        attributesMatch(out, doc, "ParticipantOutcome", outcome, OUTCOME);
        enumMatches(out, doc, "ParticipantOutcome state", outcome.path("state"), OUTCOME_STATES);
        enumMatches(out, doc, "ParticipantOutcome course_identifier", outcome.path("course_identifier"), OUTCOME_COURSES);
        JsonNode request = requestAttributes(doc, "/api/v3/participants/npq/{id}/outcomes", "post");
        attributesMatch(out, doc, "outcome request", request, OUTCOME_REQUEST);
        enumMatches(out, doc, "outcome request state", request.path("state"), List.of("passed", "failed"));
    }

    List<String> differences() {
        List<String> out = new ArrayList<>();
        operationsPresent(out, doc, DFE_OPERATIONS);
        JsonNode application = attributes(doc, "/api/v3/npq-applications/{id}", "get");
        JsonNode participant = attributes(doc, "/api/v3/participants/npq/{id}", "get");
        JsonNode enrolment = properties(doc, participant.path("npq_enrolments").path("items"));
        JsonNode partner = properties(doc, resolve(doc, schema(doc, "/api/v3/delivery-partners", "get")).path("properties").path("data").path("items"))
                .path("attributes");
        partner = properties(doc, partner);
        attributesMatch(out, doc, "Application", application, APPLICATION);
        noOtherAttributes(out, "Application", application, APPLICATION);
        attributesMatch(out, doc, "Participant", participant, PARTICIPANT);
        attributesMatch(out, doc, "enrolment", enrolment, ENROLMENT);
        attributesMatch(out, doc, "enrolment withdrawal", properties(doc, enrolment.path("withdrawal")), STATUS_CHANGE);
        attributesMatch(out, doc, "enrolment deferral", properties(doc, enrolment.path("deferral")), STATUS_CHANGE);
        attributesMatch(out, doc, "participant id change", properties(doc, participant.path("participant_id_changes").path("items")), ID_CHANGE);
        attributesMatch(out, doc, "DeliveryPartner", partner, DELIVERY_PARTNER);

        enumMatches(out, doc, "Application course_identifier", application.path("course_identifier"), COURSES);
        enumMatches(out, doc, "Application status", application.path("status"), APPLICATION_STATUSES);
        enumMatches(out, doc, "Application schedule_identifier", application.path("schedule_identifier"), SCHEDULES);
        enumMatches(out, doc, "Application funding_choice", application.path("funding_choice"), FUNDING_CHOICES);
        enumMatches(out, doc, "Application headteacher_status", application.path("headteacher_status"), HEADTEACHER_STATUSES);
        enumMatches(out, doc, "Application ineligible_for_funding_reason", application.path("ineligible_for_funding_reason"), INELIGIBLE_REASONS);
        enumMatches(out, doc, "enrolment course_identifier", enrolment.path("course_identifier"), COURSES);
        enumMatches(out, doc, "enrolment schedule_identifier", enrolment.path("schedule_identifier"), SCHEDULES);
        enumMatches(out, doc, "enrolment training_status", enrolment.path("training_status"), TRAINING_STATUSES);
        enumMatches(out, doc, "enrolment withdrawal reason", properties(doc, enrolment.path("withdrawal")).path("reason"), WITHDRAWAL_REASONS);
        enumMatches(out, doc, "enrolment deferral reason", properties(doc, enrolment.path("deferral")).path("reason"), DEFERRAL_REASONS);
        enumMatches(out, doc, "accept schedule_identifier", requestAttributes(doc, "/api/v3/npq-applications/{id}/accept", "post").path("schedule_identifier"), SCHEDULES);
        for (String action : List.of("resume", "defer", "withdraw", "change-schedule")) {
            JsonNode in = requestAttributes(doc, "/api/v3/participants/npq/{id}/" + action, "put");
            enumMatches(out, doc, action + " course_identifier", in.path("course_identifier"), COURSES);
        }
        enumMatches(out, doc, "defer reason", requestAttributes(doc, "/api/v3/participants/npq/{id}/defer", "put").path("reason"), DEFERRAL_REASONS);
        enumMatches(out, doc, "withdraw reason", requestAttributes(doc, "/api/v3/participants/npq/{id}/withdraw", "put").path("reason"), WITHDRAWAL_REASONS);
        enumMatches(out, doc, "change-schedule schedule_identifier",
                requestAttributes(doc, "/api/v3/participants/npq/{id}/change-schedule", "put").path("schedule_identifier"), SCHEDULES);
        enumMatches(out, doc, "participants filter[training_status]", parameter(doc, "/api/v3/participants/npq", "filter[training_status]"), TRAINING_STATUSES);
        enumMatches(out, doc, "npq-applications sort", parameter(doc, "/api/v3/npq-applications", "sort"), SORT);
        enumMatches(out, doc, "participants sort", parameter(doc, "/api/v3/participants/npq", "sort"), SORT);
        enumMatches(out, doc, "delivery-partners sort", parameter(doc, "/api/v3/delivery-partners", "sort"), DELIVERY_PARTNER_SORT);
        declarationDifferences(out, engagement);
        statementDifferences(out, funding);
        outcomeDifferences(out, assessment);
        LIST_PARAMETERS.forEach((path, names) -> {
            JsonNode owner = path.contains("outcomes") ? assessment : doc;
            if (!owner.path("paths").path(path).has("get")) return; // reported as missing
            for (String name : names) if (parameter(owner, path, name).isMissingNode()) out.add("GET " + path + ": missing parameter " + name);
        });
        responsesCarryExactlyTheDfeMembers(out);
        return out;
    }

    /** statements, in funding-service's document. */
    void statementDifferences(List<String> out, JsonNode doc) {
        operationsPresent(out, doc, DFE_STATEMENT_OPERATIONS);
        if (doc.path("paths").path("/api/v3/statements/{id}").has("get")) {
            attributesMatch(out, doc, "Statement", attributes(doc, "/api/v3/statements/{id}", "get"), STATEMENT);
            noOtherAttributes(out, "Statement", attributes(doc, "/api/v3/statements/{id}", "get"), STATEMENT);
        }
        JsonNode listed = properties(doc, properties(doc, schema(doc, "/api/v3/statements", "get")).path("data").path("items"));
        attributesMatch(out, doc, "listed Statement", properties(doc, listed.path("attributes")), STATEMENT);
        JsonNode type = listed.path("type");
        if (!enumValues(doc, type).equals(Set.of("statement"))) out.add("listed Statement: type must be \"statement\"");
        for (String name : STATEMENT_FILTERS) {
            if (parameter(doc, "/api/v3/statements", name).isMissingNode()) out.add("statements list: missing parameter " + name);
        }
    }

    /** participant-declarations, in engagement-service's document. */
    void declarationDifferences(List<String> out, JsonNode doc) {
        operationsPresent(out, doc, DFE_DECLARATION_OPERATIONS);
        JsonNode declaration = attributes(doc, "/api/v3/participant-declarations/{id}", "get");
        attributesMatch(out, doc, "ParticipantDeclaration", declaration, DECLARATION);
        attributesMatch(out, doc, "ParticipantDeclaration", declaration, HAS_PASSED_AS_SENT);
        noOtherAttributes(out, "ParticipantDeclaration", declaration, DECLARATION, HAS_PASSED_AS_SENT);
        JsonNode listed = properties(doc, properties(doc, schema(doc, "/api/v3/participant-declarations", "get")).path("data").path("items"));
        attributesMatch(out, doc, "listed ParticipantDeclaration", properties(doc, listed.path("attributes")), DECLARATION);
        JsonNode request = requestAttributes(doc, "/api/v3/participant-declarations", "post");
        attributesMatch(out, doc, "declaration request", request, DECLARATION_REQUEST);
        JsonNode change = requestAttributes(doc, "/api/v3/participant-declarations/{id}/change-delivery-partner", "put");
        attributesMatch(out, doc, "change-delivery-partner request", change, CHANGE_DELIVERY_PARTNER_REQUEST);
        for (String name : DECLARATION_FILTERS) {
            if (parameter(doc, "/api/v3/participant-declarations", name).isMissingNode()) out.add("declarations list: missing parameter " + name);
        }

        enumMatches(out, doc, "ParticipantDeclaration declaration_type", declaration.path("declaration_type"), DECLARATION_TYPES);
        enumMatches(out, doc, "ParticipantDeclaration course_identifier", declaration.path("course_identifier"), COURSES);
        // the DfE API sends the dasherised states, not the underscored ones its document lists (see DECLARATION_STATES_AS_SENT)
        enumMatches(out, doc, "ParticipantDeclaration state", declaration.path("state"), DECLARATION_STATES_AS_SENT);
        enumMatches(out, doc, "ParticipantDeclaration ineligible_for_funding_reason", declaration.path("ineligible_for_funding_reason"),
                INELIGIBLE_DECLARATION_REASONS);
        enumMatches(out, doc, "declaration request declaration_type", request.path("declaration_type"), DECLARATION_TYPES);
        enumMatches(out, doc, "declaration request course_identifier", request.path("course_identifier"), COURSES);
    }

    static void operationsPresent(List<String> out, JsonNode doc, List<String> operations) {
        for (String operation : operations) {
            String[] methodAndPath = operation.split(" ");
            if (!doc.path("paths").path(methodAndPath[1]).has(methodAndPath[0].toLowerCase())) out.add("missing: " + operation);
        }
    }

    /** Every DfE attribute is there with the DfE type, and nullable wherever the DfE API may send null. */
    static void attributesMatch(List<String> out, JsonNode doc, String what, JsonNode ours, List<String> dfe) {
        for (String expected : dfe) {
            String name = expected.substring(0, expected.indexOf(':'));
            String type = expected.substring(expected.indexOf(':') + 1).replace("?", "");
            JsonNode attribute = ours.path(name);
            if (attribute.isMissingNode()) {
                out.add(what + ": missing attribute " + name);
                continue;
            }
            String ourType = type(doc, attribute);
            if (!type.equals(ourType)) out.add(what + ": " + name + " is " + ourType + ", the DfE API has " + type);
            if (expected.endsWith("?") && !nullable(doc, attribute)) out.add(what + ": " + name + " must be nullable, as in the DfE API");
        }
    }

    /** And nothing more: a client generated from the DfE document (openapi-generator's Java default) refuses an attribute it does not know. */
    @SafeVarargs
    static void noOtherAttributes(List<String> out, String what, JsonNode ours, List<String>... dfe) {
        List<String> names = java.util.Arrays.stream(dfe).flatMap(List::stream).map(e -> e.substring(0, e.indexOf(':'))).toList();
        ours.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) out.add(what + ": attribute the DfE API does not have " + name);
        });
    }

    static void enumMatches(List<String> out, JsonNode doc, String what, JsonNode schema, List<String> dfe) {
        Set<String> ours = enumValues(doc, schema);
        List<String> missing = dfe.stream().filter(v -> !ours.contains(v)).toList();
        List<String> extra = ours.stream().filter(v -> !dfe.contains(v)).toList();
        if (!missing.isEmpty()) out.add(what + ": missing enum values " + missing);
        if (!extra.isEmpty()) out.add(what + ": enum values the DfE API does not have " + extra);
    }

    /** The enum values a schema allows, through $ref and anyOf/oneOf/allOf, null left out. */
    static Set<String> enumValues(JsonNode doc, JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        Set<String> values = new LinkedHashSet<>();
        s.path("enum").forEach(v -> {
            if (!v.isNull()) values.add(v.asText());
        });
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) s.path(combinator).forEach(sub -> values.addAll(enumValues(doc, sub)));
        return values;
    }

    /** The type of a schema: its own, else that of the non-null alternative it refers to. */
    static String type(JsonNode doc, JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        if (s.has("type")) return s.get("type").asText();
        for (String combinator : List.of("anyOf", "oneOf", "allOf")) {
            for (JsonNode sub : s.path(combinator)) {
                JsonNode r = resolve(doc, sub);
                if (!(r.path("enum").size() == 1 && r.path("enum").get(0).isNull())) return type(doc, r);
            }
        }
        return "(none)";
    }

    static boolean nullable(JsonNode doc, JsonNode schema) {
        JsonNode s = resolve(doc, schema);
        if (s.path("nullable").asBoolean(false)) return true;
        for (JsonNode sub : s.path("anyOf")) if (nullable(doc, sub)) return true;
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
