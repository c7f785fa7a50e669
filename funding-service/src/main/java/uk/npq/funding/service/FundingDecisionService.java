package uk.npq.funding.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.contracts.registration.ApplicationSubmitted;
import uk.npq.funding.domain.FundingRules;
import uk.npq.funding.repository.FundingDecision;
import uk.npq.funding.repository.FundingDecisionRepository;
import uk.npq.platform.outbox.Outbox;

/** Decides on a submitted application, stores the decision and publishes FundingDecisionMade. */
@ApplicationScoped
public class FundingDecisionService {

    @Inject FundingDecisionRepository decisions;
    @Inject Outbox outbox;
    @Inject ObjectMapper json;

    @Transactional(Transactional.TxType.MANDATORY)
    public void decide(ApplicationSubmitted submitted) {
        UUID applicationId = UUID.fromString(submitted.getApplicationId());
        if (decisions.findById(applicationId) != null) return; // decided before; the stored decision stands
        var inputs = new FundingRules.Inputs(submitted.getCohort(), decisions.cohortFunding(submitted.getCohort()),
                submitted.getTeacherCatchment(), submitted.getCourseIdentifier());
        FundingRules.Decision d = FundingRules.decide(inputs);
        Instant now = Instant.now();

        FundingDecision row = new FundingDecision();
        row.applicationId = applicationId;
        row.participantId = UUID.fromString(submitted.getParticipantId());
        row.leadProviderId = UUID.fromString(submitted.getLeadProviderId());
        row.cohort = submitted.getCohort();
        row.courseIdentifier = submitted.getCourseIdentifier();
        row.inputs = write(inputs);
        row.ruleSet = d.ruleSet();
        row.statusCode = d.code();
        row.eligible = d.eligible();
        row.reviewRequired = d.reviewRequired();
        row.trace = write(d.trace());
        row.decidedAt = now;
        decisions.persist(row);

        FundingDecisionMade event = new FundingDecisionMade();
        event.setApplicationId(row.applicationId.toString());
        event.setParticipantId(row.participantId.toString());
        event.setEligibleForFunding(d.eligible());
        event.setFundingEligibilityStatusCode(d.code());
        event.setRuleSet(d.ruleSet());
        event.setReviewRequired(d.reviewRequired());
        event.setDecidedAt(now);
        outbox.publish(Topics.FUNDING_DECISION, "funding-decision", row.applicationId.toString(), event);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
