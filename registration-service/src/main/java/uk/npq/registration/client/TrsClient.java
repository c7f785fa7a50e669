package uk.npq.registration.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import uk.npq.registration.domain.PersonName;

/**
 * The Teacher Record System API v3 (deploy/trs-stand-in/README.md is the contract), over the JDK HTTP client.
 *
 * <p>Each call waits {@code npq.trs.connect-timeout} to connect and {@code npq.trs.read-timeout} for the
 * answer, and is sent once more, at once, when it times out or TRS answers 5xx; after that, or when TRS cannot
 * be reached at all or refuses our key, it throws {@link TrsUnavailableException}. "Not found" is an empty
 * answer, never an exception. Nothing about the person (TRN, date of birth, NINO, names) is logged: the log
 * names the call and what happened.
 */
@ApplicationScoped
public class TrsClient {
    private static final Logger LOG = Logger.getLogger(TrsClient.class);
    /** The stand-in's extension of TRS's {@code findBy} (TRS has only LastNameAndDateOfBirth). */
    static final String FIND_BY_NINO = "NationalInsuranceNumberAndDateOfBirth";
    /** TRS's errorCode for "Person is inactive." (a 404). */
    static final int PERSON_INACTIVE = 10058;
    private static final int ATTEMPTS = 2;

    private final TrsConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final String base;

    @Inject
    public TrsClient(TrsConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .build();
        this.base = config.url().replaceAll("/+$", "");
    }

    /**
     * The person with this TRN and date of birth ({@code GET /v3/persons/{trn}?dateOfBirth=}); when there is
     * none and a NINO is given, the one person with that NINO and date of birth (the stand-in's
     * {@code findBy=NationalInsuranceNumberAndDateOfBirth}). A deactivated record comes back with
     * {@code active() == false}. TRS refuses a date of birth and a NINO together, so the NINO is never sent
     * with the TRN: the caller compares it with the record's.
     *
     * @param trn seven digits, or null/blank to search by NINO only
     */
    public Optional<TrsPerson> findPerson(String trn, LocalDate dateOfBirth, String nationalInsuranceNumberOrNull)
            throws TrsUnavailableException {
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        if (!blank(trn)) {
            Optional<TrsPerson> byTrn = person(trn, dateOfBirth);
            if (byTrn.isPresent()) return byTrn;
        }
        if (blank(nationalInsuranceNumberOrNull)) return Optional.empty();
        Optional<String> byNino = trnByNino(nationalInsuranceNumberOrNull, dateOfBirth);
        return byNino.isPresent() ? person(byNino.get(), dateOfBirth) : Optional.empty();
    }

    /** Asks TRS for a TRN ({@code POST /v3/trn-requests}); safe to repeat with the same request id. */
    public TrnRequestStatus requestTrn(TrnRequestInput input) throws TrsUnavailableException {
        ObjectNode body = json.createObjectNode().put("requestId", input.requestId());
        ObjectNode person = body.putObject("person")
                .put("firstName", input.firstName())
                .put("middleName", input.middleName())
                .put("lastName", input.lastName())
                .put("dateOfBirth", input.dateOfBirth().toString())
                .put("nationalInsuranceNumber", blank(input.nationalInsuranceNumber()) ? null : nino(input.nationalInsuranceNumber()));
        var emails = person.putArray("emailAddresses");
        if (!blank(input.emailAddress())) emails.add(input.emailAddress());
        body.put("identityVerified", input.identityVerified()).put("oneLoginUserSubject", input.oneLoginUserSubject());

        Reply reply = send("TRN request", request("/v3/trn-requests")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        if (reply.status() == 200) return trnRequestStatus(reply);
        throw unexpected("TRN request", reply);
    }

    /**
     * Where a TRN request stands ({@code GET /v3/trn-requests?requestId=}).
     *
     * @throws NoSuchElementException when TRS has no request with this id
     */
    public TrnRequestStatus trnRequestStatus(String requestId) throws TrsUnavailableException {
        Reply reply = send("TRN request status", request("/v3/trn-requests?requestId=" + encoded(requestId)).GET());
        if (reply.status() == 200) return trnRequestStatus(reply);
        if (reply.status() == 404) throw new NoSuchElementException("TRS has no TRN request with this id");
        throw unexpected("TRN request status", reply);
    }

    private Optional<TrsPerson> person(String trn, LocalDate dateOfBirth) throws TrsUnavailableException {
        Reply reply = send("person lookup", request("/v3/persons/" + encoded(trn)
                + "?dateOfBirth=" + dateOfBirth + "&include=PreviousNames").GET());
        if (reply.status() == 200) return Optional.of(toPerson(parse(reply)));
        if (reply.status() == 404) {
            JsonNode problem = parseQuietly(reply.body());
            return problem.path("errorCode").asInt() == PERSON_INACTIVE ? Optional.of(TrsPerson.inactive(trn)) : Optional.empty();
        }
        throw unexpected("person lookup", reply);
    }

    /** The TRN of the one person with this NINO and date of birth; none (or several) is empty. */
    private Optional<String> trnByNino(String nino, LocalDate dateOfBirth) throws TrsUnavailableException {
        Reply reply = send("person search", request("/v3/persons?findBy=" + FIND_BY_NINO
                + "&nationalInsuranceNumber=" + encoded(nino(nino)) + "&dateOfBirth=" + dateOfBirth).GET());
        if (reply.status() != 200) throw unexpected("person search", reply);
        JsonNode results = parse(reply).path("results");
        return results.size() == 1 ? Optional.ofNullable(text(results.get(0), "trn")) : Optional.empty();
    }

    private static TrsPerson toPerson(JsonNode p) {
        List<PersonName> previous = new ArrayList<>();
        for (JsonNode n : p.path("previousNames")) {
            previous.add(new PersonName(text(n, "firstName"), text(n, "middleName"), text(n, "lastName")));
        }
        String born = text(p, "dateOfBirth");
        return new TrsPerson(text(p, "trn"), text(p, "firstName"), text(p, "middleName"), text(p, "lastName"),
                born == null ? null : LocalDate.parse(born), text(p, "nationalInsuranceNumber"), previous, true);
    }

    private TrnRequestStatus trnRequestStatus(Reply reply) throws TrsUnavailableException {
        JsonNode r = parse(reply);
        String status = text(r, "status");
        if (status == null) throw new TrsUnavailableException("TRS answered a TRN request without a status");
        return new TrnRequestStatus(text(r, "requestId"), TrnRequestStatus.Status.valueOf(status.toUpperCase(Locale.ROOT)),
                Optional.ofNullable(text(r, "trn")), r.path("potentialDuplicate").asBoolean(false));
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private record Reply(int status, String body) {}

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(config.readTimeout())
                .header("Authorization", "Bearer " + config.apiKey())
                .header("Accept", "application/json")
                .header("X-Api-Version", config.apiVersion());
    }

    /** Sends the request, once more when it times out or TRS answers 5xx. */
    private Reply send(String call, HttpRequest.Builder builder) throws TrsUnavailableException {
        HttpRequest request = builder.build();
        for (int attempt = 1; ; attempt++) {
            String failure;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) return new Reply(response.statusCode(), response.body());
                failure = "answered " + response.statusCode();
            } catch (HttpTimeoutException e) {
                failure = "timed out";
            } catch (IOException e) {
                LOG.warnf("TRS %s failed: %s", call, e.getClass().getSimpleName());
                throw new TrsUnavailableException("TRS " + call + " failed: " + e.getClass().getSimpleName(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TrsUnavailableException("interrupted while waiting for TRS " + call, e);
            }
            if (attempt == ATTEMPTS) {
                LOG.warnf("TRS %s %s again; giving up after %d attempts", call, failure, attempt);
                throw new TrsUnavailableException("TRS " + call + " " + failure + " (" + attempt + " attempts)");
            }
            LOG.infof("TRS %s %s; trying once more", call, failure);
        }
    }

    /** A status the call does not expect: a refused key makes TRS unusable; anything else is our mistake. */
    private static RuntimeException unexpected(String call, Reply reply) throws TrsUnavailableException {
        if (reply.status() == 401 || reply.status() == 403) {
            LOG.errorf("TRS refused the %s (%d): check npq.trs.api-key", call, reply.status());
            throw new TrsUnavailableException("TRS refused the " + call + " (" + reply.status() + ")");
        }
        return new IllegalStateException("TRS answered the " + call + " with " + reply.status());
    }

    private JsonNode parse(Reply reply) throws TrsUnavailableException {
        try {
            return json.readTree(reply.body());
        } catch (JsonProcessingException e) {
            throw new TrsUnavailableException("TRS answered with malformed JSON", e);
        }
    }

    private JsonNode parseQuietly(String body) {
        try {
            return json.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (JsonProcessingException e) {
            return json.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asText();
    }

    /** NINOs travel upper-case without spaces. */
    private static String nino(String nino) {
        return nino.replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
