package uk.npq.engagement.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@ApplicationScoped
public class AttendanceRepository implements PanacheRepositoryBase<Attendance, Attendance.Key> {
    public boolean anyForSession(UUID sessionId) {
        return count("id.sessionId", sessionId) > 0;
    }

    /** The most minutes recorded at the session (0 when none). */
    public int maxMinutes(UUID sessionId) {
        Integer max = getEntityManager().createQuery("SELECT max(a.minutes) FROM Attendance a WHERE a.id.sessionId = ?1", Integer.class)
                .setParameter(1, sessionId).getSingleResult();
        return max == null ? 0 : max;
    }

    /** application id -> participant id of everyone with attendance at the session. */
    public Map<UUID, UUID> participantsAt(UUID sessionId) {
        return getEntityManager().createQuery("SELECT e.applicationId, e.participantId FROM Enrolment e, Attendance a "
                        + "WHERE a.id.applicationId = e.applicationId AND a.id.sessionId = ?1", Object[].class)
                .setParameter(1, sessionId).getResultList().stream().collect(Collectors.toMap(r -> (UUID) r[0], r -> (UUID) r[1]));
    }

    public List<Attendance> forSession(UUID sessionId) {
        return list("id.sessionId = ?1 order by id.applicationId", sessionId);
    }
}
