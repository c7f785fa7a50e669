package uk.npq.funding.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import uk.npq.funding.domain.FundingEngine;
import uk.npq.funding.service.EngineProvider;
import uk.npq.funding.service.FundingAnswers;
import uk.npq.funding.service.FundingFactsResolver;
import uk.npq.funding.service.PreviewTrnAccess;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.Envelope;
import uk.npq.platform.rest.RequestReader;

/**
 * POST /api/v1/funding-eligibility-checks: "what if" on the registration answers; nothing is stored. A {@code trn} is
 * taken only from an admin or from a participant for their own verified TRN (PreviewTrnAccess).
 */
@Path("/api/v1/funding-eligibility-checks")
public class FundingEligibilityCheckResource {
    static final String TYPE = "funding-eligibility-check";

    @Inject RequestReader reader;
    @Inject FundingFactsResolver facts;
    @Inject EngineProvider engines;
    @Inject PreviewTrnAccess trnAccess;

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(boolean eligibleForFunding, String fundingEligibilityStatusCode, String ruleSet, String message,
                         boolean reviewRequired, List<String> trace, Map<String, Integer> listVersions,
                         boolean targetedDeliveryFundingEligibility, boolean tsfPrimaryEligibility,
                         boolean tsfPrimaryPlusEligibility) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Authenticated
    public Envelope<Result> check(String body) {
        FundingAnswers answers = reader.attributes(body, TYPE, FundingAnswers.class);
        // "previously funded" tells whether a TRN had a funded place: only an admin, or the participant it belongs to, may ask
        trnAccess.check(answers.trn());
        FundingFactsResolver.Resolution r = facts.resolve(answers, null);
        if (!r.ok()) {
            var errors = Problems.errors();
            r.problems().forEach(p -> errors.add(p.attribute(), p.detail()));
            errors.throwIfAny();
        }
        FundingEngine.Outcome o;
        try {
            o = engines.engine().decide(r.inputs());
        } catch (FundingEngine.MissingInput e) {
            throw Problems.unprocessable(e.attribute, e.getMessage());
        }
        return Envelope.of(null, TYPE, new Result(o.eligible(), o.code().code, o.ruleSet().id, o.code().messageKey,
                o.code().reviewRequired, o.trace(), r.listVersions(), o.targetedDeliveryFunding(), o.tsfPrimary(),
                o.tsfPrimaryPlus()));
    }
}
