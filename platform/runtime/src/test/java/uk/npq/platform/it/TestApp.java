package uk.npq.platform.it;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import uk.npq.contracts.funding.FundingDecisionMade;
import uk.npq.platform.idempotency.Idempotency;
import uk.npq.platform.inbox.Inbox;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;
import uk.npq.platform.rest.RequestReader;
import uk.npq.platform.security.Caller;

/** A minimal service built only from platform parts, to test them as a real service uses them. */
public final class TestApp {
    private TestApp() {}

    static final String TOPIC = "platform.test.v1";

    @Entity
    @Table(name = "note")
    public static class Note {
        @Id public UUID id;
        @Column(nullable = false) public String title;
        @Column(nullable = false) public int pages;
        @Column(name = "written_on", nullable = false) public LocalDate writtenOn;
    }

    @ApplicationScoped
    public static class Notes implements PanacheRepositoryBase<Note, UUID> {}

    /** {@code score} may be a number or a string on purpose (as funding's adjustment amount): it takes either. */
    public record NoteAttributes(String title, Integer pages, LocalDate written_on, Boolean starred, Instant reviewed_at,
                                 Object score, java.util.List<String> tags) {}

    @ApplicationScoped
    public static class NoteService {
        @Inject Notes notes;
        @Inject Outbox outbox;

        /** Stores a note and its event in one transaction; {@code failAfterWrite} rolls both back. */
        @Transactional
        public UUID create(NoteAttributes a, boolean failAfterWrite) {
            return create(a, failAfterWrite, TOPIC);
        }

        /** As {@link #create(NoteAttributes, boolean)}, its event on {@code topic} (BATCH_TOPIC: the batch consumer's). */
        @Transactional
        public UUID create(NoteAttributes a, boolean failAfterWrite, String topic) {
            Note n = new Note();
            n.id = UUID.randomUUID();
            n.title = a.title();
            n.pages = a.pages();
            n.writtenOn = a.written_on();
            notes.persist(n);
            FundingDecisionMade event = new FundingDecisionMade();
            event.setApplicationId(n.id.toString());
            event.setParticipantId(n.id.toString());
            event.setEligibleForFunding(false);
            event.setFundingEligibilityStatusCode("test");
            event.setRuleSet("test");
            event.setDecidedAt(Instant.now());
            outbox.publish(topic, "note", n.id.toString(), event);
            notes.flush();
            if (failAfterWrite) throw new IllegalStateException("rolled back on purpose");
            return n.id;
        }

        public Note find(UUID id) {
            return notes.findById(id);
        }

        public long countTitled(String title) {
            return notes.count("title", title);
        }
    }

    @Path("/test/notes")
    public static class NoteResource {
        @Inject NoteService service;
        @Inject Caller caller;
        @Inject RequestReader reader;
        @Inject Idempotency idempotency;

        @POST
        @RolesAllowed("admin")
        public Response create(String body, @QueryParam("fail") boolean fail, @QueryParam("batch") boolean batch,
                               @HeaderParam(Idempotency.HEADER) String key) {
            NoteAttributes a = reader.attributes(body, "note", NoteAttributes.class);
            var errors = Problems.errors();
            if (a.title() == null || a.title().isBlank()) errors.add("title", "Enter a '#/title'.");
            if (a.pages() == null) errors.add("pages", "Enter a '#/pages'.");
            if (a.written_on() == null) errors.add("written_on", "Enter a '#/written_on'.");
            errors.throwIfAny();
            return idempotency.execute(key, caller.subject(), "POST", "/test/notes", body,
                    () -> Response.ok(Map.of("id", service.create(a, fail, batch ? BATCH_TOPIC : TOPIC).toString())).build());
        }

        /** A read that takes its filters straight to PostgreSQL, as the services' lists do. */
        @GET
        @RolesAllowed("admin")
        public Response byTitle(@QueryParam("filter[title]") String title) {
            return Response.ok(Map.of("count", service.countTitled(title == null ? "" : title))).build();
        }

        @GET
        @Path("/titled/{title}")
        @RolesAllowed("admin")
        public Response titled(@jakarta.ws.rs.PathParam("title") String title) {
            return Response.ok(Map.of("count", service.countTitled(title))).build();
        }

        @GET
        @Path("/{id}")
        @RolesAllowed("admin")
        public Response one(@jakarta.ws.rs.PathParam("id") String id) {
            Note n = service.find(uk.npq.platform.rest.PathIds.uuid(id));
            if (n == null) throw Problems.notFound();
            return Response.ok(Map.of("title", n.title)).build();
        }

        /** Takes no body (as a DfE reject does): a client sends none and no Content-Type. */
        @POST
        @Path("/touch")
        @RolesAllowed("admin")
        public Response touch() {
            return Response.noContent().build();
        }

        /** A CSV upload: one note per row (title, pages, written_on). */
        @POST
        @Path("/csv")
        @jakarta.ws.rs.Consumes({"text/csv", jakarta.ws.rs.core.MediaType.TEXT_PLAIN})
        @RolesAllowed("admin")
        public Response csv(String body) {
            var csv = uk.npq.platform.csv.Csv.parse(body);
            int created = 0;
            for (var row : csv.rows()) {
                service.create(new NoteAttributes(row.get("title").orElse(""), Integer.valueOf(row.get("pages").orElse("0")),
                        LocalDate.parse(row.get("written_on").orElse("2026-01-01")), null, null, null, null), false);
                created++;
            }
            return Response.ok(Map.of("created", created)).build();
        }

        @GET
        @Path("/whoami")
        @RolesAllowed({"lead-provider", "admin"})
        public Map<String, String> whoami() {
            return Map.of("lead_provider_id", caller.leadProviderId().map(UUID::toString).orElse(""),
                    "school_urn", caller.schoolUrn().orElse(""));
        }
    }

    /**
     * Locks two notes in the order given. Two calls in opposite orders each take their first lock, wait for
     * each other at a barrier, then reach for the other's row: PostgreSQL finds the deadlock and aborts one.
     */
    @ApplicationScoped
    public static class LockService {
        @Inject EntityManager em;
        private final java.util.concurrent.CyclicBarrier bothHoldTheirFirst = new java.util.concurrent.CyclicBarrier(2);

        @Transactional
        public void lockBoth(UUID first, UUID second) throws Exception {
            em.createNativeQuery("SELECT id FROM note WHERE id = ?1 FOR UPDATE").setParameter(1, first).getResultList();
            bothHoldTheirFirst.await(10, java.util.concurrent.TimeUnit.SECONDS);
            em.createNativeQuery("UPDATE note SET pages = pages + 1 WHERE id = ?1").setParameter(1, second).executeUpdate();
        }
    }

    @Path("/test/locks")
    public static class LockResource {
        @Inject LockService locks;

        @POST
        @RolesAllowed("admin")
        public Response lock(@QueryParam("first") UUID first, @QueryParam("second") UUID second) throws Exception {
            locks.lockBoth(first, second);
            return Response.noContent().build();
        }
    }

    /** Requests that hold a worker thread of the HTTP pool until released: to saturate that pool in a test. */
    @ApplicationScoped
    public static class Holds {
        final java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
        volatile java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(0);
    }

    @Path("/test/hold")
    public static class HoldResource {
        @Inject Holds holds;

        @POST
        @RolesAllowed("admin")
        public Response hold() throws InterruptedException {
            holds.held.incrementAndGet();
            try {
                holds.release.await(2, java.util.concurrent.TimeUnit.MINUTES); // a bound, in case a test never releases
            } finally {
                holds.held.decrementAndGet();
            }
            return Response.noContent().build();
        }
    }

    /** Counts how often each application's decision was applied; the inbox must keep it at one. */
    @ApplicationScoped
    public static class TallyConsumer {
        @Inject Inbox inbox;
        @Inject EntityManager em;

        @Incoming("test-decisions")
        @Blocking(Inbox.WORKERS)
        @Transactional
        public void on(SpecificRecord event) {
            FundingDecisionMade d = (FundingDecisionMade) event;
            inbox.once("platform-test", d, () -> em.createNativeQuery(
                            "INSERT INTO tally (application_id, applied) VALUES (?1, 1) "
                                    + "ON CONFLICT (application_id) DO UPDATE SET applied = tally.applied + 1")
                    .setParameter(1, d.getApplicationId()).executeUpdate());
        }
    }

    static final String BATCH_TOPIC = "platform.test-batch.v1";

    /**
     * A batch consumer: each decision appends a row to trail (the order applied) and counts in tally. A decision whose
     * status code is "poison" fails, as a bad event would.
     */
    @ApplicationScoped
    public static class BatchConsumer {
        static final String CONSUMER = "platform-test.batch";
        @Inject Inbox inbox;
        @Inject EntityManager em;

        @Incoming("test-batch")
        @Blocking(Inbox.WORKERS)
        public void on(java.util.List<SpecificRecord> events,
                       io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordBatchMetadata<String, SpecificRecord> batch) {
            inbox.batch(CONSUMER, batch, this::changeOf);
        }

        Runnable changeOf(SpecificRecord event) {
            if (!(event instanceof FundingDecisionMade d)) return null;
            return () -> {
                if ("poison".equals(d.getFundingEligibilityStatusCode())) throw new IllegalStateException("a poison event");
                em.createNativeQuery("INSERT INTO trail (application_id, event_id) VALUES (?1, ?2)")
                        .setParameter(1, d.getApplicationId()).setParameter(2, d.getEventId()).executeUpdate();
                em.createNativeQuery("INSERT INTO tally (application_id, applied) VALUES (?1, 1) "
                                + "ON CONFLICT (application_id) DO UPDATE SET applied = tally.applied + 1")
                        .setParameter(1, d.getApplicationId()).executeUpdate();
            };
        }
    }
}
