package uk.npq.funding.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Establishments as imported from GIAS, read by URN, by UKPRN, or found by a part of their name (case-insensitive,
 * served by the trigram index establishment_name_trgm; the UKPRN by establishment_ukprn).
 */
@ApplicationScoped
public class Establishments {
    static final String COLUMNS = "urn, ukprn, name, type_code, type_name, status_code, la_code, la_name, phase_code, number_of_pupils, "
            + "EXISTS (SELECT 1 FROM establishment_type t WHERE t.code = e.type_code AND t.eligible), imported_at";

    @Inject EntityManager em;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Map<String, Object>> byUrn(String urn) {
        return rows("SELECT " + COLUMNS + " FROM establishment e WHERE urn = ?1", List.of(urn), 1, 0).stream().findFirst();
    }

    /** A page of establishments whose name contains {@code name} and/or whose UKPRN is {@code ukprn}, by name then URN. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Map<String, Object>> search(String name, String ukprn, int offset, int limit) {
        StringBuilder where = new StringBuilder();
        List<Object> params = new java.util.ArrayList<>();
        if (name != null) {
            params.add("%" + name.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            where.append("lower(name) LIKE ?").append(params.size());
        }
        if (ukprn != null) {
            params.add(ukprn);
            where.append(where.isEmpty() ? "" : " AND ").append("ukprn = ?").append(params.size());
        }
        return rows("SELECT " + COLUMNS + " FROM establishment e WHERE " + where + " ORDER BY name, urn LIMIT " + limit + " OFFSET " + offset,
                params, limit, offset);
    }

    private List<Map<String, Object>> rows(String sql, List<Object> params, int limit, int offset) {
        var q = em.createNativeQuery(sql);
        for (int i = 0; i < params.size(); i++) q.setParameter(i + 1, params.get(i));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("urn", r[0]);
            m.put("ukprn", r[1]);
            m.put("name", r[2]);
            m.put("type_code", r[3] == null ? null : ((Number) r[3]).intValue());
            m.put("type_name", r[4]);
            m.put("status_code", r[5] == null ? null : ((Number) r[5]).intValue());
            m.put("la_code", r[6]);
            m.put("la_name", r[7]);
            m.put("phase_code", r[8]);
            m.put("number_of_pupils", r[9] == null ? null : ((Number) r[9]).intValue());
            m.put("eligible_type", r[10]);
            m.put("imported_at", r[11] instanceof java.time.Instant i ? i.toString()
                    : r[11] instanceof java.time.OffsetDateTime o ? o.toInstant().toString()
                    : r[11] instanceof java.sql.Timestamp t ? t.toInstant().toString() : String.valueOf(r[11]));
            return m;
        }).toList();
    }
}
