package uk.npq.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PersonRepository implements PanacheRepositoryBase<Person, UUID> {
    /** Never matches on a missing TRN. */
    public Optional<Person> findByTrn(String trn) {
        if (trn == null) return Optional.empty();
        return find("trn = ?1 order by createdAt", trn).firstResultOptional();
    }
}
