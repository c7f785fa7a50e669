package uk.npq.funding.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** The registration answers the decision reads, by the DfE attribute names of npq-domain.md section b. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FundingAnswers(
        String cohort, String courseIdentifier, String teacherCatchment, String teacherCatchmentCountry,
        String workSetting, String schoolUrn, String schoolUkprn, String privateChildcareProviderUrn,
        String kindOfNursery, String employmentType, String ittProvider, Boolean leadMentor,
        String referredByReturnToTeachingAdviser, String headteacherStatus, String trn) {}
