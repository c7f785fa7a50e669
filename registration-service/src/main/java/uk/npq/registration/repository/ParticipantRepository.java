package uk.npq.registration.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import uk.npq.platform.persistence.ChangeFeed;
import uk.npq.platform.rest.ListQuery;

/**
 * Participants of a lead provider: live people with at least one accepted application with it. A
 * participant's updated_at is the latest of its significant person changes, any of its applications'
 * changes (with any provider) and its participant id changes, so updated_since never misses one.
 */
@ApplicationScoped
public class ParticipantRepository {
    static final String UPDATED_AT = updatedAt("pe");

    /** A participant's updated_at, of the person aliased {@code alias}. */
    static String updatedAt(String alias) {
        return "GREATEST(" + alias + ".significantly_updated_at, "
                + "(SELECT max(x.updated_at) FROM application x WHERE x.person_id = " + alias + ".id), "
                + "(SELECT max(c.created_at) FROM participant_id_change c WHERE c.person_id = " + alias + ".id))";
    }

    @Inject EntityManager em;

    /** A participant row of a page: the person, and when it was created and last changed. */
    public record Row(UUID id, Instant createdAt, Instant updatedAt) {}

    /**
     * A page of the lead provider's participant feed (page[cursor], platform ChangeFeed): the positions of the next people
     * after the cursor in commit order, with the filters. A person moves on every change of it, of any of its
     * applications (with any provider) and of its participant ids (migration V14), as its updated_at does.
     */
    public List<ListQuery.Cursor> feed(UUID leadProviderId, ListQuery q) {
        Map<String, Object> params = new HashMap<>();
        return ChangeFeed.page(em, "person", feedWhere(leadProviderId, q, params), params, q.cursor().orElseThrow(), q.perPage());
    }

    /** The SQL of a feed page, for the index test (the same text feed() sends). */
    public static String feedSql(UUID leadProviderId, ListQuery q) {
        return ChangeFeed.sql("person", feedWhere(leadProviderId, q, new HashMap<>()));
    }

    /**
     * The feed's conditions: {@link #where}, with the provider's EXISTS kept a per-person check (a SubPlan, by its
     * {@code OFFSET 0}, which PostgreSQL never turns into a join). A page then walks person_feed from the cursor and
     * probes application_person for each person until it has its rows: its cost is its own size. As a join (a hash semi
     * join), a provider holding most people made every page read all of the provider's applications and sort all its
     * people (EXPLAIN ANALYZE at 10,000 participants: 29 ms a page, growing with the provider; per-person: see
     * benchmarks/README.md).
     */
    static String feedWhere(UUID leadProviderId, ListQuery q, Map<String, Object> params) {
        return where("t", leadProviderId, q, params, true);
    }

    /** The rows of a feed page, in its order. */
    public List<Row> load(List<ListQuery.Cursor> page) {
        if (page.isEmpty()) return List.of();
        List<Row> rows = new ArrayList<>();
        for (Object r : em.createNativeQuery("SELECT pe.id, pe.created_at, " + UPDATED_AT + " FROM person pe WHERE pe.id IN (:ids)")
                .setParameter("ids", ChangeFeed.ids(page)).getResultList()) {
            Object[] o = (Object[]) r;
            rows.add(new Row((UUID) o[0], instant(o[1]), instant(o[2])));
        }
        return ChangeFeed.inOrder(page, rows, Row::id);
    }

    /** The conditions on person {@code alias}: a live participant of the provider, and the list's filters. */
    static String where(String alias, UUID leadProviderId, ListQuery q, Map<String, Object> params) {
        return where(alias, leadProviderId, q, params, false);
    }

    /** {@link #where}; {@code perPerson}: the provider's EXISTS as a check per person (see {@link #feedWhere}). */
    static String where(String alias, UUID leadProviderId, ListQuery q, Map<String, Object> params, boolean perPerson) {
        StringBuilder where = new StringBuilder(alias + ".merged_into IS NULL AND EXISTS (SELECT 1 FROM application a WHERE a.person_id = "
                + alias + ".id AND a.lead_provider_id = :lp AND a.status = 'accepted'");
        params.put("lp", leadProviderId);
        q.trainingStatus().ifPresent(ts -> { where.append(" AND a.training_status = :ts"); params.put("ts", ts); });
        where.append(perPerson ? " OFFSET 0)" : ")");
        q.updatedSince().ifPresent(since -> { where.append(" AND " + updatedAt(alias) + " >= :since"); params.put("since", OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC)); });
        q.fromParticipantId().ifPresent(from -> {
            where.append(" AND EXISTS (SELECT 1 FROM participant_id_change c WHERE c.person_id = " + alias + ".id AND c.from_participant_id = :from)");
            params.put("from", from);
        });
        return where.toString();
    }

    /** A page of the provider's participants by page number, in the DfE sort. */
    public List<Row> page(UUID leadProviderId, ListQuery q) {
        Map<String, Object> params = new HashMap<>();
        String where = where("pe", leadProviderId, q, params);
        StringBuilder order = new StringBuilder();
        for (String s : q.sort()) {
            boolean desc = s.startsWith("-");
            order.append((desc ? s.substring(1) : s).equals("updated_at") ? "updated_at" : "created_at").append(desc ? " DESC, " : " ASC, ");
        }
        if (order.isEmpty()) order.append("created_at ASC, ");
        order.append("id ASC");
        long first = (q.page() - 1L) * q.perPage();
        if (first > Integer.MAX_VALUE) return List.of();
        var query = em.createNativeQuery("SELECT * FROM (SELECT pe.id, pe.created_at, " + UPDATED_AT + " AS updated_at FROM person pe WHERE "
                + where + ") p ORDER BY " + order);
        params.forEach(query::setParameter);
        List<Row> rows = new ArrayList<>();
        for (Object r : query.setFirstResult((int) first).setMaxResults(q.perPage()).getResultList()) {
            Object[] o = (Object[]) r;
            rows.add(new Row((UUID) o[0], instant(o[1]), instant(o[2])));
        }
        return rows;
    }

    /** The participant's row if it is one of this provider's participants (live, with an accepted application). */
    public java.util.Optional<Row> find(UUID leadProviderId, UUID id) {
        var rows = em.createNativeQuery("SELECT pe.id, pe.created_at, " + UPDATED_AT + " FROM person pe WHERE pe.id = :id AND pe.merged_into IS NULL "
                        + "AND EXISTS (SELECT 1 FROM application a WHERE a.person_id = pe.id AND a.lead_provider_id = :lp AND a.status = 'accepted')")
                .setParameter("id", id).setParameter("lp", leadProviderId).getResultList();
        if (rows.isEmpty()) return java.util.Optional.empty();
        Object[] o = (Object[]) rows.get(0);
        return java.util.Optional.of(new Row((UUID) o[0], instant(o[1]), instant(o[2])));
    }

    /** The participant's accepted applications with this provider, oldest acceptance first. */
    public List<Application> enrolments(UUID leadProviderId, List<UUID> personIds) {
        if (personIds.isEmpty()) return List.of();
        return em.createQuery("from Application a join fetch a.person where a.person.id in ?1 and a.leadProviderId = ?2 "
                + "and a.status = 'accepted' order by a.acceptedAt, a.id", Application.class)
                .setParameter(1, personIds).setParameter(2, leadProviderId).getResultList();
    }

    /** These people, in one query. */
    public List<Person> people(List<UUID> ids) {
        if (ids.isEmpty()) return List.of();
        return em.createQuery("from Person p where p.id in ?1", Person.class).setParameter(1, ids).getResultList();
    }

    /** The latest training-status change of each application. */
    public Map<UUID, ApplicationState> latestStates(List<UUID> applicationIds) {
        Map<UUID, ApplicationState> latest = new HashMap<>();
        if (applicationIds.isEmpty()) return latest;
        for (ApplicationState s : em.createQuery("from ApplicationState s where s.applicationId in ?1 order by s.createdAt", ApplicationState.class)
                .setParameter(1, applicationIds).getResultList()) {
            latest.put(s.applicationId, s);
        }
        return latest;
    }

    /** Every id change that now leads to one of these people, oldest first. */
    public List<ParticipantIdChange> idChanges(List<UUID> personIds) {
        if (personIds.isEmpty()) return List.of();
        return em.createQuery("from ParticipantIdChange c where c.personId in ?1 order by c.createdAt", ParticipantIdChange.class)
                .setParameter(1, personIds).getResultList();
    }

    /** The change that retired this id, if a merge retired it. */
    public java.util.Optional<ParticipantIdChange> retirement(UUID fromParticipantId) {
        return em.createQuery("from ParticipantIdChange c where c.fromParticipantId = ?1", ParticipantIdChange.class)
                .setParameter(1, fromParticipantId).getResultStream().findFirst();
    }

    private static Instant instant(Object o) {
        if (o instanceof Timestamp t) return t.toInstant();
        if (o instanceof OffsetDateTime odt) return odt.toInstant();
        return (Instant) o;
    }
}
