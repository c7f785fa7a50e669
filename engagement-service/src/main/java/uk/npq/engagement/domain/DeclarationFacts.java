package uk.npq.engagement.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import uk.npq.contracts.DfeFunding;

/**
 * Everything the declaration rules ({@link DeclarationRules}) read about a request, gathered beforehand by
 * {@code service.DeclarationFactsResolver} in a couple of set-based queries (the copies of registration's, funding's and
 * the partners' data, the course catalogue, the declarations already made). Immutable; null where a thing does not exist.
 *
 * @param courseExists          the requested course_identifier is a known course
 * @param courseHasOutcomes     the requested course takes has_passed on completion (leadership and specialist courses, f1)
 * @param identicalDeclaration  the billable declaration a byte-identical earlier request of the provider made (a retry), or null
 * @param replacedBy            the participant id that replaced the requested one in a merge, or null
 * @param acceptedWithProvider  the participant has an accepted application with the lead provider (any course)
 * @param target                the participant's latest accepted application with the provider in the requested course's family
 * @param schedule              the target's schedule (its cohort and schedule identifier), or null
 * @param contract              the provider has a contract for the target's cohort and course (f5 rule 7)
 * @param nextOutputFeeStatement the provider's next output-fee statement of the target's cohort, already claimed (f5 rule 8,
 *                              c3), or null when there is none
 * @param milestoneBillable     the target already has a billable declaration of the requested type
 * @param duplicateOf           the oldest live declaration of the milestone under another person record with the target's TRN
 * @param deliveryPartner       the delivery_partner_id sent (null when blank)
 * @param secondaryDeliveryPartner the secondary_delivery_partner_id sent (null when blank)
 */
public record DeclarationFacts(boolean courseExists, boolean courseHasOutcomes, UUID identicalDeclaration, UUID replacedBy,
                               boolean acceptedWithProvider, Enrolment target, Schedule schedule, boolean contract,
                               UUID nextOutputFeeStatement, boolean milestoneBillable, UUID duplicateOf, Partner deliveryPartner,
                               Partner secondaryDeliveryPartner) {

    /** An accepted application as the rules see it. */
    public record Enrolment(UUID applicationId, UUID participantId, String courseIdentifier, String cohort, String trn,
                            String teacherCatchment, String schoolUrn, Instant withdrawnAt, String scheduleIdentifier,
                            Boolean eligibleForFunding, String fundingStatusCode, boolean previouslyFunded, Boolean fundedPlace) {

        /**
         * c3: fundable when eligible for DfE funding (the stored verdict, not previously funded unless marked funded by policy:
         * contracts' DfeFunding, the rule registration shows) and funded_place null or true.
         */
        public boolean fundable() {
            return Boolean.TRUE.equals(DfeFunding.eligibleForDfeFunding(eligibleForFunding, fundingStatusCode, previouslyFunded))
                    && !Boolean.FALSE.equals(fundedPlace);
        }

        /** f5 rule 11: teacher_catchment england, or before cohort 2024 a school URN starting "1". */
        public boolean inEngland() {
            return "england".equals(teacherCatchment) || (startYear() < 2024 && schoolUrn != null && schoolUrn.startsWith("1"));
        }

        /** f5 rule 11: a declaration of this application must name a delivery partner (England, cohort 2024 on). */
        public boolean deliveryPartnerRequired() {
            return inEngland() && startYear() >= 2024;
        }

        public int startYear() {
            return Integer.parseInt(cohort.substring(0, 4));
        }
    }

    /** A schedule: the date it applies from and the declaration types it allows. */
    public record Schedule(LocalDate appliesFrom, List<String> allowedTypes) {
        public Schedule {
            allowedTypes = List.copyOf(allowedTypes);
        }
    }

    /**
     * A delivery partner id as sent: {@code id} null when it is not a UUID; {@code exists} whether it is a known partner;
     * {@code confirmed} whether it is a partner of the lead provider in the target's cohort; {@code name} its name (null when unknown).
     */
    public record Partner(UUID id, boolean exists, boolean confirmed, String name) {}
}
