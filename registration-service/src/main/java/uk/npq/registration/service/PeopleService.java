package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import uk.npq.contracts.Topics;
import uk.npq.contracts.registration.ParticipantIdChanged;
import uk.npq.contracts.registration.TrnVerified;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.registration.repository.Application;
import uk.npq.registration.repository.ParticipantIdChange;
import uk.npq.registration.repository.Person;
import uk.npq.registration.repository.PersonRepository;

/**
 * People and their TRNs (c6, e2, e3): which record a registration belongs to, what the Teacher Record
 * System said, and merges of two records that turn out to hold the same verified TRN. A merge keeps the
 * older record, moves the other's applications to it, retires the other id (410 Gone, ParticipantIdChanged)
 * and can never form a cycle: only a live record can be merged, and only into another live record.
 */
@ApplicationScoped
public class PeopleService {
    @Inject PersonRepository people;
    @Inject EntityManager em;
    @Inject Outbox outbox;
    @Inject PreviouslyFunded previouslyFunded;
    @Inject Clock clock;

    /** The person of a registration, and whether the registration made the record (then it holds nothing else yet). */
    public record Found(Person person, boolean created) {}

    /** The person a registration belongs to, created when none matches; never matched on a missing TRN alone. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Found personFor(String typedTrn, String fullName, LocalDate dateOfBirth, String nino, String email, TrnCheck check, Instant now) {
        Person person = check.verified() ? people.findVerified(check.verifiedTrn()).orElse(null) : null;
        if (person == null) person = people.findUnverified(typedTrn, dateOfBirth, email).orElse(null);
        if (person == null && !check.verified()) {
            // a new record with a TRN the Teacher Record System did not verify: its answer is part of the record from its
            // first write (one INSERT, where applyCheck below made an INSERT then an UPDATE), the same event published
            person = newPerson(typedTrn, fullName, dateOfBirth, nino, email, now);
            if (!Objects.equals(person.trnVerificationStatus, check.status())) {
                person.trnVerificationStatus = check.status();
                person.trnCheckedAt = now;
                publishCheck(person, check, now);
            }
            people.persist(person);
            return new Found(person, true);
        }
        boolean created = person == null;
        if (person == null) {
            person = newPerson(typedTrn, fullName, dateOfBirth, nino, email, now);
            people.persist(person);
            people.flush();
        } else if (!email.equalsIgnoreCase(person.email) || (nino != null && !nino.equals(person.nationalInsuranceNumber))) {
            person.email = email;
            if (nino != null) person.nationalInsuranceNumber = nino;
            person.updatedAt = now;
            person.significantlyUpdatedAt = now; // email is in the lead providers' view
        }
        if (!person.trnVerified) applyCheck(person, check, now);
        return new Found(person, created);
    }

    private static Person newPerson(String typedTrn, String fullName, LocalDate dateOfBirth, String nino, String email, Instant now) {
        Person person = new Person();
        person.id = UUID.randomUUID();
        person.trn = typedTrn;
        person.fullName = fullName;
        person.dateOfBirth = dateOfBirth;
        person.nationalInsuranceNumber = nino;
        person.email = email;
        person.createdAt = now;
        person.updatedAt = now;
        person.significantlyUpdatedAt = now;
        return person;
    }

    /**
     * Records a Teacher Record System answer about {@code person}. A TRN verified now that another live record
     * already holds merges this record into that one; the returned person is the one that remains.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Person applyCheck(Person person, TrnCheck check, Instant now) {
        if (person.trnVerified) return person; // a verified TRN is never downgraded (e2)
        if (check.verified()) {
            var holder = people.findVerified(check.verifiedTrn());
            if (holder.isPresent() && !holder.get().id.equals(person.id)) {
                Person survivor = holder.get().createdAt.isAfter(person.createdAt) ? person : holder.get();
                Person retired = survivor == person ? holder.get() : person;
                if (survivor == person) {
                    // the older record takes the TRN once the newer one that holds it is retired
                    merge(retired, survivor, now);
                    setVerified(survivor, check, now);
                    return survivor;
                }
                merge(retired, survivor, now);
                return survivor;
            }
            setVerified(person, check, now);
        } else if (!Objects.equals(person.trnVerificationStatus, check.status())) {
            person.trnVerificationStatus = check.status();
            person.trnCheckedAt = now;
            person.updatedAt = now;
            publishCheck(person, check, now);
        }
        return person;
    }

    /** Admin merge of two records with the same TRN: {@code fromId} is retired into {@code intoId}. */
    @Transactional
    public Person merge(UUID fromId, UUID intoId) {
        if (fromId.equals(intoId)) throw Problems.unprocessable("into", "A participant cannot be merged into itself.");
        Person from = people.lock(fromId), into = people.lock(intoId);
        if (from == null || into == null) throw Problems.notFound();
        if (from.mergedInto != null) throw Problems.unprocessable("participant_id", "This participant has already been merged into another record.");
        if (into.mergedInto != null) throw Problems.unprocessable("into", "A participant can only be merged into a live record, not a retired one.");
        if (from.trn == null || !from.trn.equals(into.trn))
            throw Problems.unprocessable("into", "Only records with the same TRN can be merged.");
        Instant now = clock.instant();
        boolean takeVerification = from.trnVerified && !into.trnVerified;
        merge(from, into, now);
        if (takeVerification) setVerified(into, new TrnCheck("verified", into.trn, List.of(from.previousNames)), now);
        return into;
    }

    void merge(Person retired, Person survivor, Instant now) {
        List<String> moved = new ArrayList<>();
        for (Application a : em.createQuery("from Application a where a.person.id = ?1", Application.class)
                .setParameter(1, retired.id).getResultList()) {
            boolean twin = "pending".equals(a.status) && em.createQuery("select count(b) from Application b where b.person.id = ?1 "
                            + "and b.status = 'pending' and b.courseIdentifier = ?2 and b.leadProviderId = ?3 and b.cohort = ?4", Long.class)
                    .setParameter(1, survivor.id).setParameter(2, a.courseIdentifier).setParameter(3, a.leadProviderId)
                    .setParameter(4, a.cohort).getSingleResult() > 0;
            if (twin) { // the same registration twice: the survivor's stands
                a.status = "rejected";
                a.reasonForRejection = "registration_expired";
            }
            a.person = survivor;
            a.updatedAt = now;
            moved.add(a.id.toString());
        }
        em.flush();
        // earlier retirements that led to the retired record now lead to the survivor
        em.createQuery("update ParticipantIdChange c set c.personId = ?1 where c.personId = ?2")
                .setParameter(1, survivor.id).setParameter(2, retired.id).executeUpdate();
        ParticipantIdChange change = new ParticipantIdChange();
        change.id = UUID.randomUUID();
        change.personId = survivor.id;
        change.fromParticipantId = retired.id;
        change.toParticipantId = survivor.id;
        change.createdAt = now;
        em.persist(change);
        retired.mergedInto = survivor.id;
        retired.mergedAt = now;
        if (retired.trnVerified) { // the unique live verified TRN moves with the merge
            retired.trnVerified = false;
            retired.trnVerificationStatus = "unchecked";
        }
        retired.updatedAt = now;
        survivor.updatedAt = now;
        survivor.significantlyUpdatedAt = now;
        em.flush();
        outbox.publish(Topics.PARTICIPANT, "participant", survivor.id.toString(), ParticipantIdChanged.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setFromParticipantId(retired.id.toString())
                .setToParticipantId(survivor.id.toString()).setMovedApplicationIds(moved).setChangedAt(now).build());
        previouslyFunded.rejudgePeople(List.of(survivor.id, retired.id)); // one person now, with one history
    }

    void setVerified(Person person, TrnCheck check, Instant now) {
        person.trn = check.verifiedTrn();
        person.trnVerified = true;
        person.trnVerificationStatus = "verified";
        person.trnCheckedAt = now;
        if (!check.previousNames().isEmpty()) person.previousNames = check.previousNames().toArray(String[]::new);
        person.updatedAt = now;
        person.significantlyUpdatedAt = now; // the TRN becomes visible to lead providers
        em.flush();
        publishCheck(person, check, now);
        previouslyFunded.rejudgePeople(List.of(person.id)); // a verified TRN joins the histories of its holders
    }

    void publishCheck(Person person, TrnCheck check, Instant now) {
        outbox.publish(Topics.PARTICIPANT, "participant", person.id.toString(), TrnVerified.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("").setParticipantId(person.id.toString())
                .setTrn(person.trnVerified ? person.trn : null).setVerified(person.trnVerified).setOutcome(check.status())
                .setCheckedAt(now).build());
    }
}
