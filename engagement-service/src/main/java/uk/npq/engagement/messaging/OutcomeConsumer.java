package uk.npq.engagement.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.assessment.OutcomeRecorded;
import uk.npq.contracts.assessment.ResultFinalised;
import uk.npq.engagement.service.DerivedDeclarations;
import uk.npq.platform.correlation.Correlation;
import uk.npq.platform.inbox.Inbox;

/**
 * assessment-service's final results: one may derive a completed declaration (for providers that derive).
 * The claim commits with the inbox record; the declaration is then submitted in a transaction of its own, so a
 * refusal by the rules is recorded and the event is not retried.
 */
@ApplicationScoped
public class OutcomeConsumer {
    static final String CONSUMER = "engagement-service.outcomes";

    @Inject Inbox inbox;
    @Inject DerivedDeclarations derived;

    static final String RECORDS = "engagement-service.outcome-records";

    @Inject EntityManager em;

    /**
     * assessment.outcome.v1: each outcome row of a completed declaration. Its has_passed shows the latest outcome, as the
     * DfE shows it: passed true, failed false, voided null; the declaration's updated_at moves (a change a sync must see).
     */
    @Incoming("outcome-records")
    @Blocking(Inbox.WORKERS)
    @jakarta.transaction.Transactional
    public void onOutcomeRecorded(SpecificRecord event) {
        if (!(event instanceof OutcomeRecorded o)) return;
        inbox.once(RECORDS, o, () -> em.createNativeQuery("UPDATE declaration SET has_passed = CASE ?2 WHEN 'passed' THEN true "
                        + "WHEN 'failed' THEN false END, updated_at = now() WHERE id = ?1 AND has_passed IS DISTINCT FROM "
                        + "(CASE ?2 WHEN 'passed' THEN true WHEN 'failed' THEN false END)")
                .setParameter(1, UUID.fromString(o.getDeclarationId())).setParameter(2, o.getState()).executeUpdate());
    }

    @Incoming("outcomes")
    @Blocking(Inbox.WORKERS)
    public void onOutcome(SpecificRecord event) {
        if (!(event instanceof ResultFinalised o)) return;
        boolean[] claimed = {false};
        QuarkusTransaction.requiringNew().run(() -> inbox.once(CONSUMER, o, () -> claimed[0] = derived.resultFinalised(o)));
        // the derived declaration's events carry the outcome's correlation id, as a change made in the inbox would
        if (claimed[0]) Correlation.with(o.getCorrelationId(), () -> derived.process(List.of(UUID.fromString(o.getApplicationId()))));
    }
}
