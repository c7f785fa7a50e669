package uk.npq.registration.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import uk.npq.platform.persistence.JobLocks;
import uk.npq.registration.client.TrnRequestInput;
import uk.npq.registration.client.TrnRequestStatus;
import uk.npq.registration.client.TrsClient;
import uk.npq.registration.client.TrsUnavailableException;
import uk.npq.registration.repository.Person;
import uk.npq.registration.repository.TrnRequest;

/**
 * The Teacher Record System work that cannot happen inside a request (e2, c6): TRN requests for accepted
 * applicants without a TRN, polling them until the TRN arrives (then it is verified, and a record already
 * holding it absorbs this one), and re-checking TRNs the Teacher Record System could not answer. Calls to
 * the Teacher Record System happen outside transactions; each result is stored in its own. Logs carry ids
 * and counts only, never a TRN or a name. Every replica schedules them; one at a time runs them ({@link JobLocks}): a
 * replica whose tick comes while another runs them skips that tick, so no person's TRN is requested twice at once.
 */
@ApplicationScoped
public class TrnJobs {
    private static final Logger LOG = Logger.getLogger(TrnJobs.class);
    static final int BATCH = 50;

    @Inject EntityManager em;
    @Inject TrsClient trs;
    @Inject TrnChecks checks;
    @Inject PeopleService people;
    @Inject Clock clock;
    @Inject JobLocks jobs;
    @ConfigProperty(name = "npq.trn-jobs.recheck-after", defaultValue = "PT5M") Duration recheckAfter;

    @Scheduled(every = "${npq.trn-jobs.every:30s}", delayed = "${npq.trn-jobs.delay:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        jobs.runAlone("trn-jobs", () -> {
            int requested = requestTrns(), arrived = pollRequests(), rechecked = recheckUnavailable();
            if (requested + arrived + rechecked > 0) LOG.infof("TRN jobs: %d requested, %d arrived, %d re-checked", requested, arrived, rechecked);
        });
    }

    /** TRN requests for people without a TRN once one of their applications is accepted. */
    int requestTrns() {
        List<Person> waiting = QuarkusTransaction.requiringNew().call(() -> em.createQuery("from Person p where p.trn is null "
                + "and p.mergedInto is null and p.trnVerificationStatus = 'trn_requested' and exists (select 1 from Application a "
                + "where a.person = p and a.status = 'accepted') and not exists (select 1 from TrnRequest r where r.personId = p.id)",
                Person.class).setMaxResults(BATCH).getResultList());
        int done = 0;
        for (Person p : waiting) {
            String[] names = p.fullName.strip().split("\\s+");
            String first = names[0], last = names.length > 1 ? names[names.length - 1] : names[0];
            String middle = names.length > 2 ? String.join(" ", Arrays.copyOfRange(names, 1, names.length - 1)) : null;
            String requestId = "npq-" + p.id;
            try {
                TrnRequestStatus status = trs.requestTrn(new TrnRequestInput(requestId, first, middle, last, p.dateOfBirth, p.email,
                        p.nationalInsuranceNumber, false, null));
                QuarkusTransaction.requiringNew().run(() -> record(p.id, status));
                done++;
            } catch (TrsUnavailableException e) {
                LOG.warnf("TRN request for person %s not sent: the Teacher Record System is unavailable", p.id);
                return done;
            }
        }
        return done;
    }

    /** Pending TRN requests, oldest check first. */
    int pollRequests() {
        List<TrnRequest> pending = QuarkusTransaction.requiringNew().call(() -> em.createQuery(
                "from TrnRequest r where r.status = 'pending' order by r.checkedAt nulls first", TrnRequest.class)
                .setMaxResults(BATCH).getResultList());
        int arrived = 0;
        for (TrnRequest r : pending) {
            try {
                TrnRequestStatus status = trs.trnRequestStatus(r.requestId);
                QuarkusTransaction.requiringNew().run(() -> record(r.personId, status));
                if (status.completed()) arrived++;
            } catch (TrsUnavailableException e) {
                return arrived;
            } catch (java.util.NoSuchElementException unknown) {
                QuarkusTransaction.requiringNew().run(() -> em.find(TrnRequest.class, r.requestId).status = "failed");
            }
        }
        return arrived;
    }

    /** TRNs the Teacher Record System could not answer at registration. */
    int recheckUnavailable() {
        Instant before = clock.instant().minus(recheckAfter);
        List<Person> unanswered = QuarkusTransaction.requiringNew().call(() -> em.createQuery("from Person p where p.mergedInto is null "
                + "and p.trnVerificationStatus = 'unavailable' and (p.trnCheckedAt is null or p.trnCheckedAt < ?1)", Person.class)
                .setParameter(1, before).setMaxResults(BATCH).getResultList());
        int done = 0;
        for (Person p : unanswered) {
            TrnCheck check = checks.check(p.trn, p.fullName, p.dateOfBirth, p.nationalInsuranceNumber);
            QuarkusTransaction.requiringNew().run(() -> {
                Person current = em.find(Person.class, p.id);
                if (current.mergedInto == null) people.applyCheck(current, check, clock.instant());
                current.trnCheckedAt = clock.instant();
            });
            if (!"unavailable".equals(check.status())) done++;
        }
        return done;
    }

    /** Stores a TRN request's state; a TRN the Teacher Record System allocated is verified by that fact. */
    void record(UUID personId, TrnRequestStatus status) {
        Instant now = clock.instant();
        TrnRequest r = em.find(TrnRequest.class, status.requestId());
        if (r == null) {
            r = new TrnRequest();
            r.requestId = status.requestId();
            r.personId = personId;
            r.requestedAt = now;
            r.status = "pending";
            em.persist(r);
        }
        r.checkedAt = now;
        if (status.completed() && status.trn().isPresent() && !"completed".equals(r.status)) {
            r.status = "completed";
            r.trn = status.trn().get();
            r.completedAt = now;
            Person person = em.find(Person.class, personId);
            if (person.mergedInto == null) people.applyCheck(person, new TrnCheck("verified", r.trn, List.of()), now);
        }
    }
}
