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

    /** The SQL of a feed page's participants, for the index test (the text {@link #feedPage} puts in {@link #feedAround}). */
    public static String feedSql(UUID leadProviderId, ListQuery q) {
        return ChangeFeed.sql("person", FEED_PERSON_COLUMNS, feedWhere(leadProviderId, q, new HashMap<>()));
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

    /**
     * A participant of a feed page as plain values: its place in the feed, the person (detached, never managed), its
     * updated_at, its accepted enrolments with this provider (detached applications of that person, oldest acceptance
     * first) with each one's latest training-status change, and whether any participant id change leads to it.
     */
    public record FeedParticipant(ListQuery.Cursor position, Person person, Instant updatedAt, List<Application> enrolments,
                                  Map<UUID, ApplicationState> latestStates, boolean idChanged) {}

    /** The person's columns a feed page reads, beside (change_xid, id), in {@link #feedPage}'s order. */
    static final String FEED_PERSON_COLUMNS = "t.full_name, t.previous_names, t.trn::text AS trn, t.trn_verified, t.email, "
            + "t.significantly_updated_at, (SELECT max(x.updated_at) FROM application x WHERE x.person_id = t.id) AS applications_updated_at, "
            + "(SELECT max(c.created_at) FROM participant_id_change c WHERE c.person_id = t.id) AS id_changed_at";

    /**
     * The page's statement around {@link ChangeFeed#sql}: each participant of the page with each of its accepted
     * enrolments with the provider (application_person) and that enrolment's latest training-status change (a backward
     * step of application_state_application), one answer row per enrolment, in feed order then acceptance order.
     */
    static String feedAround(String page) {
        return "SELECT p.change_xid, p.id, p.full_name, p.previous_names, p.trn, p.trn_verified, p.email, p.significantly_updated_at, "
                + "p.applications_updated_at, p.id_changed_at, a.id AS a_id, a.course_identifier, a.schedule_identifier, a.cohort, "
                + "a.eligible_for_funding, a.training_status, a.school_urn, a.targeted_delivery_funding_eligibility, a.accepted_at, "
                + "a.funded_place, s.reason AS s_reason, s.created_at AS s_created_at FROM (" + page + ") p "
                + "LEFT JOIN application a ON a.person_id = p.id AND a.lead_provider_id = :lp AND a.status = 'accepted' "
                + "LEFT JOIN LATERAL (SELECT st.reason, st.created_at FROM application_state st WHERE st.application_id = a.id "
                + "ORDER BY st.created_at DESC LIMIT 1) s ON true ORDER BY p.change_xid, p.id, a.accepted_at, a.id";
    }

    /** The SQL of a feed page with its enrolments, for the index test (the same text {@link #feedPage} sends). */
    public static String feedPageSql(UUID leadProviderId, ListQuery q) {
        return feedAround(ChangeFeed.sql("person", FEED_PERSON_COLUMNS, feedWhere(leadProviderId, q, new HashMap<>())));
    }

    /**
     * A page of the provider's participant feed (page[cursor], platform ChangeFeed): the next people after the cursor in
     * commit order, with the filters. A person moves on every change of it, of any of its applications (with any provider)
     * and of its participant ids (migration V14), as its updated_at does. The page comes with everything it shows but the
     * (rare) participant id changes, in one
     * statement after the horizon's ({@link ChangeFeed#rows} with {@link #feedAround}): plain values, no entity loaded and
     * no persistence context, whatever the page's size. Read it in {@link ChangeFeed#readTransaction}.
     */
    public List<FeedParticipant> feedPage(UUID leadProviderId, ListQuery q) {
        Map<String, Object> params = new HashMap<>();
        String where = feedWhere(leadProviderId, q, params);
        List<FeedParticipant> out = new ArrayList<>();
        FeedParticipant current = null;
        for (Object[] r : ChangeFeed.rows(em, "person", FEED_PERSON_COLUMNS, where, params, q.cursor().orElseThrow(), q.perPage(),
                ParticipantRepository::feedAround)) {
            UUID id = (UUID) r[1];
            if (current == null || !current.person().id.equals(id)) {
                Person p = new Person();
                p.id = id;
                p.fullName = (String) r[2];
                p.previousNames = names(r[3]);
                p.trn = (String) r[4];
                p.trnVerified = (Boolean) r[5];
                p.email = (String) r[6];
                p.significantlyUpdatedAt = ChangeFeed.instant(r[7]);
                Instant idChangedAt = ChangeFeed.instant(r[9]);
                current = new FeedParticipant(ChangeFeed.position(r), p,
                        latest(p.significantlyUpdatedAt, latest(ChangeFeed.instant(r[8]), idChangedAt)),
                        new ArrayList<>(), new HashMap<>(), idChangedAt != null);
                out.add(current);
            }
            if (r[10] == null) continue; // no enrolment (none can be: the feed's EXISTS asks for one)
            Application a = new Application();
            a.id = (UUID) r[10];
            a.person = current.person();
            a.leadProviderId = leadProviderId;
            a.status = "accepted";
            a.courseIdentifier = (String) r[11];
            a.scheduleIdentifier = (String) r[12];
            a.cohort = (String) r[13];
            a.eligibleForFunding = (Boolean) r[14];
            a.trainingStatus = (String) r[15];
            a.schoolUrn = (String) r[16];
            a.targetedDeliveryFundingEligibility = (Boolean) r[17];
            a.acceptedAt = ChangeFeed.instant(r[18]);
            a.fundedPlace = (Boolean) r[19];
            current.enrolments().add(a);
            if (r[21] != null) {
                ApplicationState s = new ApplicationState();
                s.applicationId = a.id;
                s.reason = (String) r[20];
                s.createdAt = ChangeFeed.instant(r[21]);
                current.latestStates().put(a.id, s);
            }
        }
        return out;
    }

    /** The later of two times, either may be null (as SQL's GREATEST). */
    private static Instant latest(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    /** A text[] column's value of a native query (the driver's array, or Hibernate's). */
    private static String[] names(Object value) {
        try {
            Object array = value instanceof java.sql.Array sql ? sql.getArray() : value;
            if (array instanceof String[] strings) return strings;
            Object[] objects = (Object[]) array;
            String[] out = new String[objects.length];
            for (int i = 0; i < objects.length; i++) out[i] = (String) objects[i];
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The id changes leading to these people, oldest first, as plain values (detached). */
    public List<ParticipantIdChange> idChangeRows(List<UUID> personIds) {
        if (personIds.isEmpty()) return List.of();
        List<ParticipantIdChange> out = new ArrayList<>();
        for (Object r : em.createNativeQuery("SELECT c.id, c.person_id, c.from_participant_id, c.to_participant_id, c.created_at "
                + "FROM participant_id_change c WHERE c.person_id IN (:ids) ORDER BY c.created_at").setParameter("ids", personIds).getResultList()) {
            Object[] o = (Object[]) r;
            ParticipantIdChange c = new ParticipantIdChange();
            c.id = (UUID) o[0];
            c.personId = (UUID) o[1];
            c.fromParticipantId = (UUID) o[2];
            c.toParticipantId = (UUID) o[3];
            c.createdAt = ChangeFeed.instant(o[4]);
            out.add(c);
        }
        return out;
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
