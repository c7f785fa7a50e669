package uk.npq.registration.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class PersonRepository implements PanacheRepositoryBase<Person, UUID> {

    /** The live person holding this verified TRN. Never matches on a missing TRN. */
    public Optional<Person> findVerified(String trn) {
        if (trn == null) return Optional.empty();
        return find("trn = ?1 and trnVerified = true and mergedInto is null", trn).firstResultOptional();
    }

    /**
     * A live unverified person who typed the same TRN (or none) with the same date of birth and email: a
     * retry or a second course of someone whose TRN could not be checked yet. Never matches on a missing
     * TRN alone: without one, date of birth and email must both agree.
     */
    public Optional<Person> findUnverified(String trnOrNull, LocalDate dateOfBirth, String email) {
        if (trnOrNull == null) {
            return find("trn is null and trnVerified = false and mergedInto is null and dateOfBirth = ?1 and lower(email) = lower(?2) "
                    + "order by createdAt", dateOfBirth, email).firstResultOptional();
        }
        return find("trn = ?1 and trnVerified = false and mergedInto is null and dateOfBirth = ?2 and lower(email) = lower(?3) "
                + "order by createdAt", trnOrNull, dateOfBirth, email).firstResultOptional();
    }

    /** Locks the person's row for the rest of the transaction. */
    public Person lock(UUID id) {
        return findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
    }
}
