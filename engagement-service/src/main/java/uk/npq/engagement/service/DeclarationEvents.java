package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.engagement.repository.Declaration;
import uk.npq.platform.metrics.CommittedCounts;
import uk.npq.platform.outbox.Outbox;

/**
 * DeclarationStateChanged, the one event every reader of declaration states follows (registration's guards,
 * funding's override guard and its copy of statement items): the state, the statements of its billing and
 * refund items, and who and what it is for. Published whenever a declaration's state, statements or delivery partner change.
 */
@ApplicationScoped
public class DeclarationEvents {
    @Inject Outbox outbox;
    @Inject CommittedCounts counts;

    /** Declarations that entered each state (a new one counts in its first state), scraped at /q/metrics (management port). */
    static final String TRANSITIONS = "npq.declarations.transitions";

    /** What the event says about a declaration, whether it came from an entity or a set-based move. */
    public record Row(UUID id, UUID applicationId, UUID participantId, UUID leadProviderId, String courseIdentifier, String cohort,
                      String declarationType, Instant declarationDate, String state, UUID statementId, UUID clawbackStatementId,
                      UUID deliveryPartnerId, String scheduleIdentifier) {
        static Row of(Declaration d, String scheduleIdentifier) {
            return new Row(d.id, d.applicationId, d.participantId, d.leadProviderId, d.courseIdentifier, d.cohort, d.declarationType,
                    d.declarationDate, d.state, d.statementId, d.clawbackStatementId, d.deliveryPartnerId, scheduleIdentifier);
        }
    }

    /** {@code schedule}: the application's schedule identifier now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void stateChanged(Declaration d, String schedule, String previous, Instant now) {
        stateChanged(Row.of(d, schedule), previous, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void stateChanged(Row d, String previous, Instant now) {
        outbox.publish(Topics.DECLARATION, "declaration", d.id().toString(), DeclarationStateChanged.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setDeclarationId(d.id().toString()).setApplicationId(d.applicationId().toString())
                .setDeclarationType(d.declarationType()).setState(d.state()).setPreviousState(previous).setChangedAt(now)
                .setDeclarationDate(d.declarationDate()).setLeadProviderId(d.leadProviderId().toString())
                .setStatementId(string(d.statementId())).setClawbackStatementId(string(d.clawbackStatementId()))
                .setParticipantId(d.participantId().toString()).setCourseIdentifier(d.courseIdentifier()).setCohort(d.cohort())
                .setDeliveryPartnerId(string(d.deliveryPartnerId())).setScheduleIdentifier(d.scheduleIdentifier()).build());
        if (!d.state().equals(previous)) {
            counts.increment(TRANSITIONS, "Declarations that entered a state (committed), by the state entered", "state", d.state(), 1);
        }
    }

    private static String string(UUID id) {
        return id == null ? null : id.toString();
    }
}
