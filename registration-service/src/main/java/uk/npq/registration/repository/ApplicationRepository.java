package uk.npq.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ApplicationRepository implements PanacheRepositoryBase<Application, UUID> {

    public Optional<Application> findPending(UUID personId, String course, UUID leadProviderId, String cohort) {
        return find("person.id = ?1 and courseIdentifier = ?2 and leadProviderId = ?3 and cohort = ?4 and status = 'pending'",
                personId, course, leadProviderId, cohort).firstResultOptional();
    }

    /** The application if it belongs to {@code leadProviderId}; another provider's is as if absent. */
    public Optional<Application> findForLeadProvider(UUID id, UUID leadProviderId) {
        return find("id = ?1 and leadProviderId = ?2", id, leadProviderId).firstResultOptional();
    }
}
