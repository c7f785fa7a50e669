package uk.npq.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import uk.npq.platform.problem.Problems;

/**
 * Writes a client may retry accept an {@code Idempotency-Key} header. The first request with a key runs
 * and its response is stored in the same transaction as its change; a retry with the same key and a
 * byte-identical request gets that response again (header {@code Idempotent-Replayed: true}), and the
 * same key with a different request is a 422. Concurrent twins wait on the key's row for the first to
 * commit and then replay it, so fifty identical requests at once make one change. Keys are per caller.
 */
@ApplicationScoped
public class Idempotency {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";

    @Inject EntityManager em;
    @Inject ObjectMapper json;

    /**
     * Runs {@code action} (which joins this transaction) unless the key already answered. Without a key
     * the action just runs.
     */
    public Response execute(String key, String caller, String method, String path, String body, Supplier<Response> action) {
        if (key == null) return action.get();
        if (key.isBlank() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            throw Problems.badRequest("The '" + HEADER + "' header must be 1 to 200 visible ASCII characters");
        }
        String hash = sha256(method + " " + path + "\n" + (body == null ? "" : body));
        return QuarkusTransaction.joiningExisting().call(() -> {
            // waits here while a twin holding the same key is still running; then inserts nothing
            int inserted = em.createNativeQuery("INSERT INTO idempotency_key (caller, key, request_hash, status) "
                            + "VALUES (?1, ?2, ?3, 0) ON CONFLICT DO NOTHING")
                    .setParameter(1, caller).setParameter(2, key).setParameter(3, hash).executeUpdate();
            if (inserted == 0) return replay(caller, key, hash);
            Response response = action.get();
            String stored = entityJson(response);
            em.createNativeQuery("UPDATE idempotency_key SET status = ?3, response_body = ?4 WHERE caller = ?1 AND key = ?2")
                    .setParameter(1, caller).setParameter(2, key).setParameter(3, response.getStatus()).setParameter(4, stored)
                    .executeUpdate();
            return response;
        });
    }

    private Response replay(String caller, String key, String hash) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT request_hash, status, response_body FROM idempotency_key "
                + "WHERE caller = ?1 AND key = ?2").setParameter(1, caller).setParameter(2, key).getSingleResult();
        if (!hash.equals(row[0])) {
            throw Problems.unprocessable(HEADER, "This " + HEADER + " was used with a different request; use a new key for a new request.");
        }
        Response.ResponseBuilder r = Response.status(((Number) row[1]).intValue()).header(REPLAYED, "true");
        if (row[2] != null) r.entity(row[2]).type(MediaType.APPLICATION_JSON);
        return r.build();
    }

    private String entityJson(Response response) {
        Object entity = response.getEntity();
        if (entity == null) return null;
        if (entity instanceof String s) return s;
        try {
            return json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the response for replay", e);
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
