package uk.npq.registration.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every DfE text of {@link Messages} against the DfE service's own (npq-registration config/locales/en.yml, the key
 * named, %{parameterized_attribute} filled in as the DfE fills it), so a text of ours can never creep back in.
 */
class MessagesTest {

    static Stream<Arguments> dfeTexts() {
        return Stream.of(
                // application (applications/accept, applications/reject, applications/change_funded_place)
                Arguments.of("application.has_already_been_accepted", Messages.ALREADY_ACCEPTED,
                        "This NPQ application has already been accepted"),
                Arguments.of("application.cannot_change_from_rejected", Messages.CANNOT_CHANGE_ONCE_REJECTED,
                        "Once rejected an application cannot change state"),
                Arguments.of("application.has_another_accepted_application", Messages.OTHER_ACCEPTED,
                        "The participant has already had an application accepted for this course."),
                Arguments.of("application.not_eligible_for_funded_place", Messages.FUNDED_PLACE_NOT_ELIGIBLE,
                        "The participant is not eligible for funding, so '#/funded_place' cannot be set to true."),
                Arguments.of("application.has_already_been_rejected", Messages.ALREADY_REJECTED,
                        "This NPQ application has already been rejected"),
                Arguments.of("application.cannot_change_funded_status_from_non_accepted", Messages.FUNDED_PLACE_NOT_ACCEPTED,
                        "You must accept the application before attempting to change the '#/funded_place' setting."),
                Arguments.of("application.cannot_change_funded_status_non_eligible", Messages.FUNDED_PLACE_CHANGE_NOT_ELIGIBLE,
                        "This participant is not eligible for funding. Contact us if you think this is wrong."),
                Arguments.of("application.cohort_does_not_accept_capping", Messages.FUNDED_PLACE_BLANK_FOR_FULL,
                        "Leave the '#/funded_place' field blank. It's only needed for participants starting NPQs from autumn 2024 onwards."),
                Arguments.of("application.cannot_change_funded_place", Messages.FUNDED_PLACE_WITH_DECLARATIONS,
                        "You cannot change the funded place because declarations have been submitted. You will need to void the "
                                + "existing declarations and resubmit them after changing the funded place."),
                Arguments.of("application.cannot_reject_with_declarations", Messages.REJECT_WITH_DECLARATIONS,
                        "This application has declarations that prevent it from being rejected. Void the declarations first, "
                                + "or contact us for assistance."),
                // funded_place
                Arguments.of("funded_place.inclusion", Messages.FUNDED_PLACE_REQUIRED, "Set '#/funded_place' to true or false."),
                Arguments.of("funded_place.cannot_be_funded_for_unfunded_cohort", Messages.FUNDED_PLACE_FALSE_FOR_UNFUNDED_COHORT,
                        "The '#/funded_place' field should be false for unfunded cohorts."),
                // schedule, applications/accept schedule
                Arguments.of("schedule_identifier.not_found", Messages.SCHEDULE_NOT_FOUND,
                        "The selected schedule cannot be found in the application cohort"),
                Arguments.of("schedule_identifier.invalid_for_course", Messages.SCHEDULE_WRONG_COURSE,
                        "The selected schedule is not valid for the course"),
                Arguments.of("applications/accept schedule.blank", Messages.NO_SCHEDULE, "Schedule cannot be determined"),
                // participants/defer, resume, withdraw, change_schedule
                Arguments.of("participant_course_identifier.invalid", Messages.COURSE_NOT_FOUND,
                        "The entered '#/course_identifier' is not recognised for the given participant. Check details and try again."),
                Arguments.of("participant_reason.inclusion", Messages.REASON_INVALID, "The property '#/reason' must be a valid reason"),
                Arguments.of("participant_id.already_deferred", Messages.ALREADY_DEFERRED, "The participant is already deferred"),
                Arguments.of("participant_id.already_withdrawn", Messages.ALREADY_WITHDRAWN, "The participant is already withdrawn"),
                Arguments.of("participant_id.already_active", Messages.ALREADY_ACTIVE, "The participant is already active"),
                Arguments.of("participant_id.no_declarations", Messages.DEFER_NO_DECLARATIONS,
                        "You cannot defer an NPQ participant that has no declarations"),
                Arguments.of("participant_id.no_started_declarations", Messages.WITHDRAW_NOT_STARTED,
                        "An NPQ participant who has not got a started declaration cannot be withdrawn. Please contact support for assistance"),
                Arguments.of("participant_id.application_not_found", Messages.NO_ACCEPTED_APPLICATION,
                        "Your update cannot be made as an accepted application cannot be found for the given '#/participant_id' "
                                + "and '#/course_identifier'."),
                Arguments.of("schedule_identifier.blank", Messages.SCHEDULE_BLANK, "The property '#/schedule_identifier' must be present"),
                Arguments.of("schedule_identifier.schedule_has_not_changed", Messages.SCHEDULE_UNCHANGED,
                        "The participant already has the specified schedule"),
                Arguments.of("schedule_identifier.invalidates_declaration", Messages.SCHEDULE_INVALID_FOR_DECLARATIONS,
                        "Changing schedule would invalidate existing declarations. Please void them first."),
                Arguments.of("cohort.missing_contract_for_cohort_and_course", Messages.NO_CONTRACT_FOR_COHORT,
                        "You cannot change a participant to this cohort as you do not have a contract for the cohort and course. "
                                + "Contact the DfE for assistance."),
                Arguments.of("cohort.cannot_change_with_declarations", Messages.COHORT_WITH_DECLARATIONS,
                        "You cannot change the '#/cohort' field when there are submitted, eligible, payable, or paid declarations in the new cohort"),
                Arguments.of("cohort.cannot_change_to_cohort_without_funding_cap", Messages.COHORT_FUNDING_REFUSED,
                        "You cannot change the '#/cohort' field from one with a funding cap to one without a funding cap"),
                Arguments.of("cohort.cannot_change_to_funded_cohort", Messages.ZERO_TO_FUNDED,
                        "You cannot change the '#/cohort' field from one that is not funded to with that is funded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dfeTexts")
    void isTheDfesText(String key, String ours, String dfe) {
        assertThat(ours).as(key).isEqualTo(dfe);
    }
}
