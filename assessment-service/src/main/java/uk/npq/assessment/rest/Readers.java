package uk.npq.assessment.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import uk.npq.assessment.repository.Candidates.Reader;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.security.Caller;
import uk.npq.platform.security.Roles;

/** The caller as a reader of windows and submissions: its tenant claim decides what it sees; anything else is a 404. */
@RequestScoped
public class Readers {
    @Inject Caller caller;

    public Reader reader() {
        if (leadProviderSide()) return new Reader(Reader.Kind.LEAD_PROVIDER, caller.requireLeadProvider());
        if (caller.hasRole(Roles.PARTICIPANT)) return new Reader(Reader.Kind.PARTICIPANT, participant());
        if (caller.hasRole(Roles.DELIVERY_PARTNER)) return new Reader(Reader.Kind.HUB, hub());
        if (caller.hasRole(Roles.SCHOOL)) {
            return new Reader(Reader.Kind.SCHOOL, caller.schoolUrn().orElseThrow(() -> Problems.forbidden("Your token names no school")));
        }
        throw Problems.forbidden("Your role cannot read assessments");
    }

    /** A lead provider, or one of its markers or moderators. */
    public boolean leadProviderSide() {
        return caller.hasRole(Roles.LEAD_PROVIDER) || caller.hasRole(Roles.MARKER) || caller.hasRole(Roles.MODERATOR);
    }

    public UUID participant() {
        return caller.participantId().orElseThrow(() -> Problems.forbidden("Your token names no participant"));
    }

    public UUID hub() {
        return caller.deliveryPartnerId().orElseThrow(() -> Problems.forbidden("Your token names no delivery partner"));
    }

    static UUID pathId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound();
        }
    }

    static UUID filterId(String name, String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw Problems.badRequest("'filter[" + name + "]' must be a UUID.");
        }
    }
}
