package uk.npq.engagement.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import uk.npq.contracts.Topics;
import uk.npq.contracts.engagement.AttendanceRecorded;
import uk.npq.contracts.engagement.SessionAttendance;
import uk.npq.engagement.config.EngagementConfig;
import uk.npq.engagement.domain.AttendanceRules;
import uk.npq.engagement.domain.SessionKind;
import uk.npq.engagement.repository.Enrolment;
import uk.npq.engagement.repository.EnrolmentHub;
import uk.npq.engagement.repository.Session;
import uk.npq.platform.outbox.Outbox;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;

/**
 * A hub's attendance upload, all or nothing: every row is checked (its form, the session is the hub's own and
 * has taken place, the participant is accepted on the session's course and cohort with the hub's lead provider,
 * is not another hub's, did not withdraw before it, the minutes fit) and any bad row refuses the whole upload
 * with every bad row's reason. A good upload records each row once per participant and session: the same row
 * again changes nothing, a changed row replaces the old. The first upload naming a participant makes the hub
 * their hub of record for the course.
 */
@ApplicationScoped
public class AttendanceUploads {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy").withZone(ZoneId.of("Europe/London"));

    @Inject EntityManager em;
    @Inject Outbox outbox;
    @Inject Engagements engagements;
    @Inject EngagementConfig config;
    @Inject DerivedDeclarations derived;

    /**
     * A row as sent: where it stands in the upload ("line 3", "rows[1]") and its four fields as text, or why it
     * could not even be split into fields.
     */
    public record RawRow(String label, String participantId, String sessionId, String attended, String minutes, String unreadable) {
        public static RawRow unreadable(String label, String why) {
            return new RawRow(label, null, null, null, null, why);
        }
    }

    /** {@code derivationsClaimed}: applications whose started declaration is to be derived once the upload has committed. */
    public record Result(UUID uploadId, int rows, int created, int updated, int unchanged, int participants, List<UUID> derivationsClaimed) {}

    private record Checked(RawRow raw, AttendanceRules.Row row, Session session, Enrolment enrolment) {}

    @Transactional
    public Result upload(List<RawRow> raw, UUID hub, UUID leadProvider) {
        if (raw.isEmpty()) throw Problems.unprocessable("rows", "The upload has no rows of attendance.");
        if (raw.size() > config.maxUploadRows()) {
            throw Problems.unprocessable("rows", "The upload has " + raw.size() + " rows; at most " + config.maxUploadRows()
                    + " are taken at once. Split it.");
        }
        Instant now = Instant.now();
        Map<RawRow, List<String>> reasons = new LinkedHashMap<>();
        List<AttendanceRules.Row> parsed = new ArrayList<>();
        Map<RawRow, AttendanceRules.Row> byRaw = new HashMap<>();
        for (RawRow r : raw) {
            if (r.unreadable() != null) {
                reasons.put(r, new ArrayList<>(List.of(r.unreadable())));
                continue;
            }
            var p = AttendanceRules.parse(r.participantId(), r.sessionId(), r.attended(), r.minutes());
            if (p.ok()) {
                parsed.add(p.row());
                byRaw.put(r, p.row());
            } else {
                reasons.put(r, new ArrayList<>(p.reasons()));
            }
        }
        Map<UUID, Session> sessions = sessions(parsed);
        Map<UUID, List<Enrolment>> enrolments = enrolments(parsed, leadProvider);
        Map<UUID, UUID> retired = retired(parsed);
        Map<UUID, UUID> hubs = hubs(enrolments);

        List<Checked> good = new ArrayList<>();
        Map<List<UUID>, String> seen = new HashMap<>();
        for (RawRow r : raw) {
            AttendanceRules.Row row = byRaw.get(r);
            if (row == null) continue;
            List<String> why = new ArrayList<>();
            Session s = sessions.get(row.sessionId());
            if (s == null || !s.deliveryPartnerId.equals(hub) || !s.leadProviderId.equals(leadProvider)) {
                why.add("session_id: none of your sessions has this id");
                s = null;
            } else if (s.scheduledAt.isAfter(now)) {
                why.add("session_id: the session is scheduled for " + DAY.format(s.scheduledAt) + " and has not taken place yet");
            }
            Enrolment en = null;
            List<Enrolment> candidates = enrolments.getOrDefault(row.participantId(), List.of());
            if (retired.containsKey(row.participantId())) {
                why.add("participant_id: this participant id was retired by a merge; use " + retired.get(row.participantId()));
            } else if (candidates.isEmpty()) {
                why.add("participant_id: none of your lead provider's participants has this id");
            } else if (s != null) {
                final Session session = s;
                en = candidates.stream().filter(e -> "accepted".equals(e.status) && session.courseIdentifier.equals(e.courseIdentifier)
                        && session.cohort.equals(e.cohort)).findFirst().orElse(null);
                if (en == null) {
                    why.add("participant_id: the participant is not accepted on " + s.courseIdentifier + " (cohort " + s.cohort
                            + ") with your lead provider");
                } else if (hubs.containsKey(en.applicationId) && !hubs.get(en.applicationId).equals(hub)) {
                    why.add("participant_id: another delivery partner records this participant's attendance on this course");
                } else if ("withdrawn".equals(en.trainingStatus) && en.withdrawnAt != null && !s.scheduledAt.isBefore(en.withdrawnAt)) {
                    why.add("participant_id: the participant withdrew on " + DAY.format(en.withdrawnAt) + ", before this session");
                }
            }
            if (s != null) why.addAll(AttendanceRules.fit(row, SessionKind.of(s.kind).orElseThrow(), s.weight));
            String earlier = seen.putIfAbsent(List.of(row.participantId(), row.sessionId()), r.label());
            if (earlier != null) why.add("the participant's attendance at this session is already in the upload at " + earlier);
            if (why.isEmpty()) good.add(new Checked(r, row, s, en));
            else reasons.put(r, why);
        }
        if (!reasons.isEmpty()) refuse(raw, reasons);
        return record(good, hub, now);
    }

    private Result record(List<Checked> rows, UUID hub, Instant now) {
        UUID uploadId = UUID.randomUUID();
        Set<UUID> applications = rows.stream().map(c -> c.enrolment().applicationId).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        for (UUID application : applications) claim(application, hub, now);
        // one statement for the whole upload; a row identical to what is recorded is left alone (and not returned)
        String csv = ",";
        @SuppressWarnings("unchecked")
        List<Object[]> changed = em.createNativeQuery("INSERT INTO attendance (session_id, application_id, attended, minutes, "
                        + "upload_id, recorded_at, updated_at) SELECT s, a, t, m, ?5, ?6, ?6 FROM unnest("
                        + "string_to_array(?1, ',')::uuid[], string_to_array(?2, ',')::uuid[], string_to_array(?3, ',')::boolean[], "
                        + "string_to_array(?4, ',', '')::int[]) AS u(s, a, t, m) "
                        + "ON CONFLICT (session_id, application_id) DO UPDATE SET attended = EXCLUDED.attended, minutes = EXCLUDED.minutes, "
                        + "upload_id = EXCLUDED.upload_id, updated_at = EXCLUDED.updated_at "
                        + "WHERE attendance.attended IS DISTINCT FROM EXCLUDED.attended OR attendance.minutes IS DISTINCT FROM EXCLUDED.minutes "
                        + "RETURNING session_id, application_id, (xmax = 0)")
                .setParameter(1, rows.stream().map(c -> c.session().id.toString()).collect(Collectors.joining(csv)))
                .setParameter(2, rows.stream().map(c -> c.enrolment().applicationId.toString()).collect(Collectors.joining(csv)))
                .setParameter(3, rows.stream().map(c -> String.valueOf(c.row().attended())).collect(Collectors.joining(csv)))
                .setParameter(4, rows.stream().map(c -> c.row().minutes() == null ? "" : c.row().minutes().toString()).collect(Collectors.joining(csv)))
                .setParameter(5, uploadId).setParameter(6, now)
                .getResultList();
        int created = 0;
        Set<List<UUID>> changedPairs = new HashSet<>();
        for (Object[] c : changed) {
            if (Boolean.TRUE.equals(c[2])) created++;
            changedPairs.add(List.of((UUID) c[0], (UUID) c[1]));
        }
        Map<UUID, List<Checked>> changedByApplication = new LinkedHashMap<>();
        for (Checked c : rows) {
            if (changedPairs.contains(List.of(c.session().id, c.enrolment().applicationId))) {
                changedByApplication.computeIfAbsent(c.enrolment().applicationId, k -> new ArrayList<>()).add(c);
            }
        }
        changedByApplication.forEach((application, recorded) -> published(recorded, hub, uploadId, now));
        engagements.refresh(changedByApplication.keySet());
        List<UUID> claimed = derived.attendanceRecorded(changedByApplication.keySet());
        return new Result(uploadId, rows.size(), created, changed.size() - created, rows.size() - changed.size(), applications.size(), claimed);
    }

    /** Makes {@code hub} the enrolment's hub of record unless one is set; a racing other hub's claim refuses the upload. */
    private void claim(UUID application, UUID hub, Instant now) {
        em.createNativeQuery("INSERT INTO enrolment_hub (application_id, delivery_partner_id, assigned_at) VALUES (?1, ?2, ?3) "
                + "ON CONFLICT (application_id) DO NOTHING").setParameter(1, application).setParameter(2, hub).setParameter(3, now)
                .executeUpdate();
        UUID holder = (UUID) em.createNativeQuery("SELECT delivery_partner_id FROM enrolment_hub WHERE application_id = ?1")
                .setParameter(1, application).getSingleResult();
        if (!holder.equals(hub)) {
            throw Problems.unprocessable("participant_id", "Another delivery partner has just started recording a participant of this "
                    + "upload on this course; nothing was recorded.");
        }
    }

    private void published(List<Checked> recorded, UUID hub, UUID uploadId, Instant now) {
        Enrolment en = recorded.get(0).enrolment();
        List<SessionAttendance> entries = recorded.stream().map(c -> {
            SessionKind kind = SessionKind.of(c.session().kind).orElseThrow();
            return SessionAttendance.newBuilder().setSessionId(c.session().id.toString()).setKind(kind.code())
                    .setAttended(c.row().attended()).setMinutes(c.row().minutes())
                    .setCredited(kind.credit(c.session().weight, c.row().attended(), c.row().minutes())).build();
        }).toList();
        outbox.publish(Topics.ENGAGEMENT, Engagements.AGGREGATE, en.participantId.toString(), AttendanceRecorded.newBuilder()
                .setEventId("").setOccurredAt(now).setAggregateId("")
                .setParticipantId(en.participantId.toString()).setApplicationId(en.applicationId.toString())
                .setLeadProviderId(en.leadProviderId.toString()).setDeliveryPartnerId(hub.toString())
                .setCourseIdentifier(en.courseIdentifier).setCohort(en.cohort).setUploadId(uploadId.toString())
                .setSessions(entries).setRecordedAt(now).build());
    }

    /** 422: a first error summing up, then one per bad row in upload order, titled by where the row stands. */
    private static void refuse(List<RawRow> raw, Map<RawRow, List<String>> reasons) {
        List<ApiError> errors = new ArrayList<>();
        errors.add(new ApiError("upload", reasons.size() + " of " + raw.size()
                + " rows cannot be recorded, so nothing was recorded; correct them and send the upload again."));
        for (RawRow r : raw) {
            List<String> why = reasons.get(r);
            if (why != null) errors.add(new ApiError(r.label(), String.join("; ", why) + "."));
        }
        throw Problems.unprocessable(errors);
    }

    private Map<UUID, Session> sessions(List<AttendanceRules.Row> rows) {
        Set<UUID> ids = rows.stream().map(AttendanceRules.Row::sessionId).collect(Collectors.toSet());
        if (ids.isEmpty()) return Map.of();
        return em.createQuery("SELECT s FROM Session s WHERE s.id IN :ids", Session.class).setParameter("ids", ids).getResultList()
                .stream().collect(Collectors.toMap(s -> s.id, s -> s));
    }

    /** The lead provider's enrolments of the participants named, newest acceptance first. */
    private Map<UUID, List<Enrolment>> enrolments(List<AttendanceRules.Row> rows, UUID leadProvider) {
        Set<UUID> ids = rows.stream().map(AttendanceRules.Row::participantId).collect(Collectors.toSet());
        if (ids.isEmpty()) return Map.of();
        return em.createQuery("SELECT e FROM Enrolment e WHERE e.participantId IN :ids AND e.leadProviderId = :lp "
                        + "ORDER BY e.acceptedAt DESC NULLS LAST, e.applicationId", Enrolment.class)
                .setParameter("ids", ids).setParameter("lp", leadProvider).getResultList()
                .stream().collect(Collectors.groupingBy(e -> e.participantId, LinkedHashMap::new, Collectors.toList()));
    }

    /** Participant ids retired by registration's merges, and what replaced them. */
    private Map<UUID, UUID> retired(List<AttendanceRules.Row> rows) {
        Set<UUID> ids = rows.stream().map(AttendanceRules.Row::participantId).collect(Collectors.toSet());
        if (ids.isEmpty()) return Map.of();
        @SuppressWarnings("unchecked")
        List<Object[]> found = em.createNativeQuery("SELECT from_participant_id, to_participant_id FROM participant_id_change "
                + "WHERE from_participant_id = ANY(string_to_array(?1, ',')::uuid[])")
                .setParameter(1, ids.stream().map(UUID::toString).collect(Collectors.joining(","))).getResultList();
        return found.stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (UUID) r[1]));
    }

    private Map<UUID, UUID> hubs(Map<UUID, List<Enrolment>> enrolments) {
        Set<UUID> applications = enrolments.values().stream().flatMap(List::stream).map(e -> e.applicationId).collect(Collectors.toSet());
        if (applications.isEmpty()) return Map.of();
        return em.createQuery("SELECT h FROM EnrolmentHub h WHERE h.applicationId IN :ids", EnrolmentHub.class)
                .setParameter("ids", applications).getResultList().stream()
                .collect(Collectors.toMap(h -> h.applicationId, h -> h.deliveryPartnerId));
    }
}
