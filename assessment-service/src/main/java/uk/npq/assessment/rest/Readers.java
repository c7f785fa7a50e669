package uk.npq.assessment.rest;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import uk.npq.assessment.repository.Candidates.Reader;
import uk.npq.platform.rest.PathIds;
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

    /**
     * The resource with this path id, when the caller may see it: on the lead provider side, when it is its lead
     * provider's; otherwise when {@code theirs} says so. Anything else (and an id that is no UUID) is a 404.
     */
    public <T> T visible(String id, Function<UUID, T> find, Function<T, UUID> leadProvider, BiPredicate<Reader, T> theirs) {
        Reader r = reader();
        T found = find.apply(PathIds.uuid(id));
        if (found == null) throw Problems.notFound();
        boolean mine = r.kind() == Reader.Kind.LEAD_PROVIDER ? leadProvider.apply(found).equals(r.value()) : theirs.test(r, found);
        if (!mine) throw Problems.notFound();
        return found;
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
