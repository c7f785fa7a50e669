package uk.npq.engagement.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every declaration text, written out as the DfE service words it (DFE-Digital/npq-registration, config/locales/en.yml,
 * with %{parameterized_attribute} filled in by the attribute the error names), so that changing one in
 * {@link DeclarationMessages} fails here and not only on the wire; the HTTP tests (DeclarationTest) check that the
 * service sends each one. %s and %d stand where the DfE interpolates a value.
 */
class DeclarationMessagesTest {
    /** The en.yml key of each text, then the text. */
    static final Map<String, String> DFE = new LinkedHashMap<>();

    static {
        // declarations/create.attributes.participant_id.blank
        DFE.put("PARTICIPANT_BLANK", "The property '#/participant_id' must be present");
        // participant_id.changed: %{from_participant_id}, %{to_participant_id}
        DFE.put("PARTICIPANT_REPLACED", "The participant_id '%s' has been replaced with '%s'.");
        // declarations/create.attributes.participant_id.invalid_participant
        DFE.put("PARTICIPANT_UNKNOWN",
                "Your update cannot be made as the '#/participant_id' is not recognised. Check participant details and try again.");
        // participant_id.declaration_must_be_before_withdrawal_date: %{withdrawal_date}
        DFE.put("WITHDRAWN",
                "This participant withdrew from this course on %s. Enter a '#/declaration_date' that's on or before the withdrawal date.");
        // declarations/create.attributes.course_identifier.invalid (the CourseForParticipantValidator's error)
        DFE.put("COURSE_UNKNOWN",
                "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again.");
        // declarations/create.attributes.declaration_date.blank, .invalid, .declaration_before_schedule_start, .future_declaration_date
        DFE.put("DATE_BLANK", "Enter a '#/declaration_date'.");
        DFE.put("DATE_INVALID", "Enter a valid RFC3339 '#/declaration_date'.");
        DFE.put("DATE_BEFORE_SCHEDULE", "Enter a '#/declaration_date' that's on or after the schedule start.");
        DFE.put("DATE_IN_FUTURE", "The '#/declaration_date' value cannot be a future date. Check the date and try again.");
        // declarations/create.attributes.declaration_type.blank, .inclusion, .mismatch_declaration_type_for_schedule
        DFE.put("TYPE_BLANK", "Enter a '#/declaration_type'.");
        DFE.put("TYPE_UNKNOWN", "The entered '#/declaration_type' is not recognised.");
        DFE.put("TYPE_NOT_IN_SCHEDULE", "The property '#/declaration_type' does not exist for this schedule.");
        // declarations/create.attributes.application.application_schedule_missing
        DFE.put("NO_SCHEDULE", "The application is missing a schedule.");
        // declarations/create.attributes.cohort.missing_contract_for_cohort_and_course
        DFE.put("NO_CONTRACT", "You cannot submit a declaration for this participant as you do not have a contract for the cohort and "
                + "course. Contact the DfE for assistance.");
        // declarations/create.attributes.cohort.no_output_fee_statement (and declarations/void): %{cohort}
        DFE.put("CONTRACT_ENDED", "You cannot submit or void declarations for the %d cohort. The funding contract for this cohort has "
                + "ended. Get in touch if you need to discuss this with us.");
        // declarations/create.attributes.has_passed.invalid
        DFE.put("HAS_PASSED", "Enter 'true' or 'false' in the '#/has_passed' field to indicate whether this participant has passed or "
                + "failed their course.");
        // declarations/create.attributes.base.declaration_already_exists
        DFE.put("DUPLICATE", "A declaration has already been submitted that will be, or has been, paid for this event");
        // declarations/create.attributes.delivery_partner_id.not_found, secondary_delivery_partner_id.not_found
        DFE.put("DP_NOT_FOUND", "The property '#/delivery_partner_id' does not exist");
        DFE.put("SECONDARY_DP_NOT_FOUND", "The property '#/secondary_delivery_partner_id' does not exist");
        // activerecord declaration.attributes.delivery_partner_id.blank, .overseas, .inclusion
        DFE.put("DP_REQUIRED", "The property '#/delivery_partner_id' must be present");
        DFE.put("DP_OUTSIDE_ENGLAND", "The property '#/delivery_partner_id' cannot be specified for Applications from outside of England");
        DFE.put("DP_NOT_CONFIRMED", "The entered '#/delivery_partner_id' is not from your list of confirmed Delivery Partners for the Cohort");
        // activerecord declaration.attributes.secondary_delivery_partner_id.present, .overseas, .inclusion, .duplicate_delivery_partner
        DFE.put("SECONDARY_WITHOUT_PRIMARY",
                "The property '#/secondary_delivery_partner_id' cannot be specified without the property '#/delivery_partner_id'");
        DFE.put("SECONDARY_OUTSIDE_ENGLAND",
                "The property '#/secondary_delivery_partner_id' cannot be specified for Applications from outside of England");
        DFE.put("SECONDARY_NOT_CONFIRMED",
                "The entered '#/secondary_delivery_partner_id' is not from your list of confirmed Delivery Partners for the Cohort");
        DFE.put("SECONDARY_SAME",
                "The property '#/secondary_delivery_partner_id' cannot have the same value as the property '#/delivery_partner_id'");
        // declaration.already_voided, declaration.not_already_refunded (sic: "been be")
        DFE.put("ALREADY_VOIDED", "This declaration has already been voided.");
        DFE.put("REFUNDED", "The declaration will or has been be refunded.");
    }

    @Test
    void everyTextIsTheDfesCharacterForCharacter() throws IllegalAccessException {
        Map<String, String> ours = new LinkedHashMap<>();
        for (Field f : DeclarationMessages.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) ours.put(f.getName(), (String) f.get(null));
        }
        // a text added to DeclarationMessages must be added here with its en.yml key, and one removed is noticed
        assertThat(ours.keySet()).containsExactlyInAnyOrderElementsOf(DFE.keySet());
        DFE.forEach((name, text) -> assertThat(ours.get(name)).as(name).isEqualTo(text));
    }
}
