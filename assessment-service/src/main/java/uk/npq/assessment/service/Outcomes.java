package uk.npq.assessment.service;

import uk.npq.platform.persistence.AdvisoryLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import uk.npq.assessment.domain.OutcomeMessages;
import uk.npq.assessment.repository.Candidate;
import uk.npq.assessment.repository.CompletedDeclaration;
import uk.npq.assessment.repository.ParticipantOutcome;
import uk.npq.contracts.Topics;
import uk.npq.contracts.assessment.OutcomeRecorded;
import uk.npq.contracts.engagement.DeclarationStateChanged;
import uk.npq.contracts.engagement.DeclarationSubmitted;
import uk.npq.contracts.engagement.DeclarationVoided;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.Problems;

/**
 * Participant outcomes (npq-domain.md c5): append-only rows per completed declaration, the latest being the
 * current outcome. They come from a completed declaration's has_passed, from the lead provider (DfE v3 POST),
 * from final marking, and a voided completed declaration appends voided. A repeated identical outcome and a
 * pass after a pass return the existing row instead of adding one. Serialised per declaration.
 */
@ApplicationScoped
public class Outcomes {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    @Inject EntityManager em;
    @Inject uk.npq.platform.projection.CourseCatalogue courses;
    @Inject Outbox outbox;
    @Inject Clock clock;

    /** The outcome the request ended with, and whether it added one. */
    public record Result(ParticipantOutcome outcome, boolean created) {}

    // ---------------------------------------------------------------- from engagement-service's declarations
    @Transactional(Transactional.TxType.MANDATORY)
    public void declarationSubmitted(DeclarationSubmitted e) {
        if (!"completed".equals(e.getDeclarationType())) return;
        UUID id = UUID.fromString(e.getDeclarationId());
        CompletedDeclaration d = em.find(CompletedDeclaration.class, id);
        Instant now = clock.instant();
        if (d == null) {
            d = new CompletedDeclaration();
            d.declarationId = id;
            d.applicationId = UUID.fromString(e.getApplicationId());
            d.participantId = UUID.fromString(e.getParticipantId());
            d.leadProviderId = UUID.fromString(e.getLeadProviderId());
            d.courseIdentifier = e.getCourseIdentifier();
            d.declarationDate = e.getDeclarationDate();
            d.state = e.getState();
            d.hasPassed = e.getHasPassed();
            d.createdAt = now;
            d.updatedAt = now;
            em.persist(d);
            em.flush();
        }
        if (!courses.hasOutcomes(d.courseIdentifier) || latest(id).isPresent()) return;
        // the declaration's has_passed records the first outcome, dated the declaration's (London) day; without
        // one, a final marking result that came first does
        if (d.hasPassed != null) {
            add(d, d.hasPassed ? "passed" : "failed", LocalDate.ofInstant(d.declarationDate, LONDON), "declaration");
        } else {
            Object[] early = finalResult(d.applicationId);
            if (early != null) add(d, (Boolean) early[0] ? "passed" : "failed", (LocalDate) early[1], "marking");
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void declarationState(DeclarationStateChanged e) {
        if (!"completed".equals(e.getDeclarationType())) return;
        CompletedDeclaration d = em.find(CompletedDeclaration.class, UUID.fromString(e.getDeclarationId()));
        if (d == null) return; // DeclarationSubmitted comes first on the same key
        d.state = e.getState();
        d.updatedAt = clock.instant();
    }

    /** c3: voiding a completed declaration appends a voided outcome, unless the latest already is voided. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void declarationVoided(DeclarationVoided e) {
        if (!"completed".equals(e.getDeclarationType())) return;
        CompletedDeclaration d = em.find(CompletedDeclaration.class, UUID.fromString(e.getDeclarationId()));
        if (d == null) return;
        d.state = e.getState();
        d.updatedAt = clock.instant();
        var current = latest(d.declarationId);
        if (current.isPresent() && !"voided".equals(current.get().state))
            add(d, "voided", current.get().completionDate, "declaration_voided");
    }

    static final java.util.regex.Pattern COMPLETION_DATE =
            java.util.regex.Pattern.compile("^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2}))?$");

    // ---------------------------------------------------------------- the lead provider (DfE v3)
    /** POST /api/v3/participants/npq/{id}/outcomes: c5 and f6. The participant is one of the provider's (checked by the caller). */
    @Transactional
    public Result submit(UUID leadProviderId, UUID participantId, String course, String state, String completionDate) {
        // the DfE order: course, state, completion date (a blank one is also "not recognised" / "not in the format"),
        // then the completed declaration, then a real and not future date
        var errors = Problems.errors();
        if (!courses.hasOutcomes(course)) errors.add("course_identifier", OutcomeMessages.COURSE_UNKNOWN);
        if (course == null || course.isBlank()) errors.add("course_identifier", OutcomeMessages.COURSE_BLANK);
        if (!"passed".equals(state) && !"failed".equals(state)) errors.add("state", OutcomeMessages.STATE_INVALID);
        if (state == null || state.isBlank()) errors.add("state", OutcomeMessages.STATE_BLANK);
        boolean blankDate = completionDate == null || completionDate.isBlank();
        if (blankDate) errors.add("completion_date", OutcomeMessages.DATE_BLANK);
        // a day, or an RFC 3339 date-time whose day counts: the DfE document's own example is 2021-05-31T00:00:00+00:00
        boolean shaped = !blankDate && COMPLETION_DATE.matcher(completionDate.strip()).matches();
        if (!shaped) errors.add("completion_date", OutcomeMessages.DATE_INVALID);
        Optional<CompletedDeclaration> declaration = candidate(participantId, leadProviderId, course)
                .flatMap(c -> completedDeclaration(c.applicationId));
        if (declaration.isEmpty()) errors.add("base", OutcomeMessages.NO_COMPLETED_DECLARATION);
        LocalDate date = null;
        if (shaped) {
            try {
                String written = completionDate.strip();
                if (written.length() > 10) java.time.OffsetDateTime.parse(written); // the time must be a real one too
                date = LocalDate.parse(written.substring(0, 10));
                if (date.isAfter(LocalDate.now(clock.withZone(LONDON)))) errors.add("completion_date", OutcomeMessages.DATE_IN_FUTURE);
            } catch (DateTimeParseException e) {
                errors.add("completion_date", OutcomeMessages.DATE_INVALID);
            }
        }
        errors.throwIfAny();
        CompletedDeclaration d = declaration.orElseThrow();
        return record(d, state, date, "lead_provider");
    }

    // ---------------------------------------------------------------- final marking
    /**
     * A final marking result (after moderation, or an appeal). It becomes an outcome of the application's completed
     * declaration; when there is none yet, it waits for that declaration (a declaration's own has_passed comes first).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordFinalResult(UUID applicationId, boolean passed, LocalDate completionDate) {
        em.createNativeQuery("INSERT INTO final_result (application_id, passed, completion_date, recorded_at) VALUES (?1, ?2, ?3, ?4) "
                        + "ON CONFLICT (application_id) DO UPDATE SET passed = EXCLUDED.passed, completion_date = EXCLUDED.completion_date, "
                        + "recorded_at = EXCLUDED.recorded_at")
                .setParameter(1, applicationId).setParameter(2, passed).setParameter(3, completionDate).setParameter(4, clock.instant())
                .executeUpdate();
        completedDeclaration(applicationId).ifPresent(d -> record(d, passed ? "passed" : "failed", completionDate, "marking"));
    }

    // ------------------------------------------------------------------------------------------------
    /** Adds an outcome unless it repeats the current one (same state and date), or is a pass after a pass. */
    Result record(CompletedDeclaration d, String state, LocalDate date, String source) {
        AdvisoryLocks.exclusive(em, "outcome:" + d.declarationId);
        var current = latest(d.declarationId);
        if (current.isPresent()) {
            ParticipantOutcome o = current.get();
            if (o.state.equals(state) && (o.completionDate.equals(date) || "passed".equals(state))) return new Result(o, false);
        }
        return new Result(add(d, state, date, source), true);
    }

    ParticipantOutcome add(CompletedDeclaration d, String state, LocalDate date, String source) {
        Instant now = clock.instant();
        ParticipantOutcome o = new ParticipantOutcome();
        o.id = UUID.randomUUID();
        o.declarationId = d.declarationId;
        o.applicationId = d.applicationId;
        o.participantId = d.participantId;
        o.leadProviderId = d.leadProviderId;
        o.courseIdentifier = d.courseIdentifier;
        o.state = state;
        o.completionDate = date;
        o.source = source;
        o.createdAt = now;
        o.updatedAt = now;
        em.persist(o);
        Candidate c = em.find(Candidate.class, d.applicationId);
        outbox.publish(Topics.OUTCOME, "outcome", d.applicationId.toString(), OutcomeRecorded.newBuilder().setEventId("")
                .setOccurredAt(now).setAggregateId("").setOutcomeId(o.id.toString()).setDeclarationId(d.declarationId.toString())
                .setApplicationId(d.applicationId.toString()).setParticipantId(d.participantId.toString())
                .setLeadProviderId(d.leadProviderId.toString()).setCourseIdentifier(d.courseIdentifier).setState(state)
                .setCompletionDate(date).setSource(source).setTrn(c == null ? null : c.trn).setRecordedAt(now).build());
        return o;
    }

    public Optional<ParticipantOutcome> latest(UUID declarationId) {
        return em.createQuery("from ParticipantOutcome o where o.declarationId = ?1 order by o.createdAt desc, o.id desc", ParticipantOutcome.class)
                .setParameter(1, declarationId).setMaxResults(1).getResultStream().findFirst();
    }

    /** The participant's accepted application with this provider for the course (or its family). */
    Optional<Candidate> candidate(UUID participantId, UUID leadProviderId, String course) {
        if (!courses.exists(course)) return Optional.empty();
        return em.createQuery("from Candidate c where c.participantId = ?1 and c.leadProviderId = ?2 and c.status = 'accepted' "
                        + "and c.courseIdentifier in ?3 order by c.acceptedAt desc", Candidate.class)
                .setParameter(1, participantId).setParameter(2, leadProviderId).setParameter(3, courses.family(course))
                .setMaxResults(1).getResultStream().findFirst();
    }

    /** f6: the latest completed declaration of the application in a state an outcome may hang on. */
    Optional<CompletedDeclaration> completedDeclaration(UUID applicationId) {
        return em.createQuery("from CompletedDeclaration d where d.applicationId = ?1 and d.state in ?2 order by d.createdAt desc",
                        CompletedDeclaration.class).setParameter(1, applicationId).setParameter(2, CompletedDeclaration.OUTCOME_STATES)
                .setMaxResults(1).getResultStream().findFirst();
    }

    Object[] finalResult(UUID applicationId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT passed, completion_date FROM final_result WHERE application_id = ?1")
                .setParameter(1, applicationId).getResultList();
        if (rows.isEmpty()) return null;
        Object date = rows.get(0)[1];
        return new Object[] {rows.get(0)[0], date instanceof java.sql.Date sd ? sd.toLocalDate() : date};
    }
}
