package uk.npq.registration.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDate;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import uk.npq.platform.testing.TrsStandIn;
import uk.npq.registration.client.TrnRequestInput;
import uk.npq.registration.client.TrnRequestStatus;
import uk.npq.registration.client.TrsClient;
import uk.npq.registration.client.TrsConfig;
import uk.npq.registration.client.TrsUnavailableException;
import uk.npq.registration.domain.TrnMatcherTest;
import uk.npq.registration.service.TrnVerifier.Status;

/**
 * TrnVerifier and TrsClient against the stand-in TRS (deploy/trs-stand-in, served in this JVM), one row per
 * seeded case of its README, and the retry: once on a 503 or a timeout, then UNAVAILABLE.
 */
@QuarkusTest
class TrnVerifierTest {
    @Inject
    TrnVerifier verifier;
    @Inject
    TrsClient trs;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "npq.trs.url")
    String trsUrl;
    @ConfigProperty(name = "npq.trs.read-timeout")
    Duration readTimeout;

    @BeforeEach
    void freshStandIn() {
        TrsStandIn.resetScenarios();
        TrsStandIn.resetRequests();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        // case                                     | TRN     | name              | born       | NINO      | status               | TRN     | checks | previous names
        "ordinary teacher                           | 1234567 | Ada Example       | 1985-04-12 | NULL      | VERIFIED             | 1234567 | tnd-   | ''",
        "title, capitals, NINO in lower case        | 1234567 | Dr ADA Example    | 1985-04-12 | qq123456a | VERIFIED             | 1234567 | tndi   | ''",
        "middle name not typed                      | 2000001 | Brian Sample      | 1979-11-03 | NULL      | VERIFIED             | 2000001 | tnd-   | ''",
        "wrong date of birth: TRS 404s              | 2000001 | Brian Sample      | 1979-11-30 | NULL      | NO_MATCH_FOUND       | NULL    | ----   | ''",
        "wrong date of birth, right NINO            | 2000001 | Brian Sample      | 1979-11-30 | QQ200001B | NO_MATCH_FOUND       | NULL    | ----   | ''",
        "surname changed: previous names kept       | 2000002 | Mrs Carys Oldname | 1990-06-21 | NULL      | VERIFIED             | 2000002 | tnd-   | Carys Oldname",
        "nickname: only the name missed             | 2000003 | Dan Short         | 1982-09-09 | NULL      | VERIFIED             | 2000003 | t-d-   | ''",
        "nickname and a wrong NINO                  | 2000003 | Dan Short         | 1982-09-09 | QQ999999D | NO_MATCH_FOUND       | NULL    | ----   | ''",
        "deactivated record                         | 2000005 | Gareth Merged     | 1975-05-05 | NULL      | FOUND_BUT_NOT_ACTIVE | NULL    | ----   | ''",
        "deactivated record, found by NINO          | ''      | Gareth Merged     | 1975-05-05 | QQ200005D | FOUND_BUT_NOT_ACTIVE | NULL    | ----   | ''",
        "someone else's TRN: found by NINO          | 2000001 | Hana Typo         | 1992-12-12 | QQ200006C | VERIFIED             | 2000006 | -ndi   | ''",
        "no TRN: found by NINO                      | ''      | Hana Typo         | 1992-12-12 | QQ200006C | VERIFIED             | 2000006 | -ndi   | ''",
        "twin's TRN: retried by NINO                | 2000007 | Iris Twin         | 1995-07-07 | QQ200008B | VERIFIED             | 2000008 | -ndi   | ''",
        "the other twin, own TRN                    | 2000007 | Ivy Twin          | 1995-07-07 | NULL      | VERIFIED             | 2000007 | tnd-   | ''",
        "no TRN and no NINO                         | ''      | Ada Example       | 1985-04-12 | ''        | TRN_AND_NINO_BLANK   | NULL    | ----   | ''",
        "unknown TRN                                | 7654321 | Ada Example       | 1985-04-12 | NULL      | NO_MATCH_FOUND       | NULL    | ----   | ''",
    })
    void seededCases(String what, String trn, String name, String born, String nino, Status status, String matchedTrn,
                     String checks, String previousNames) {
        var verification = verifier.verify(trn, name, LocalDate.parse(born), nino);
        assertThat(verification.status()).isEqualTo(status);
        assertThat(verification.verifiedTrn()).isEqualTo(Optional.ofNullable(matchedTrn));
        var match = verification.match().orElseThrow();
        assertThat(TrnMatcherTest.letters(match.checks())).isEqualTo(checks);
        assertThat(match.previousNames().stream().map(n -> n.firstName() + " " + n.lastName()).collect(Collectors.joining(";")))
                .isEqualTo(previousNames);
    }

    @Test
    void theTrnAndNinoBlankCaseAsksTrsNothing() {
        verifier.verify(null, "Ada Example", LocalDate.parse("1985-04-12"), null);
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons")).isZero();
    }

    @Test
    void thePlaceholderIsNeverSentAsATrn() {
        assertThat(verifier.verify("", "Hana Typo", LocalDate.parse("1992-12-12"), "QQ200006C").status()).isEqualTo(Status.VERIFIED);
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/0000001")).isZero();
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons")).isEqualTo(1);
    }

    @Test
    void a503IsRetriedOnceThenUnavailable() {
        var verification = verifier.verify("9000503", "Olive Outage", LocalDate.parse("1980-01-03"), null);
        assertThat(verification.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(verification.match()).isEmpty();
        assertThat(verification.verifiedTrn()).isEmpty();
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/9000503")).isEqualTo(2);
    }

    @Test
    void aTimeoutIsRetriedOnceThenUnavailable() {
        long t0 = System.nanoTime();
        var verification = verifier.verify("9000504", "Sol Slow", LocalDate.parse("1980-01-04"), null);
        Duration waited = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(verification.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/9000504")).isEqualTo(2);
        assertThat(waited).isGreaterThanOrEqualTo(readTimeout.multipliedBy(2)).isLessThan(Duration.ofSeconds(12));
    }

    @Test
    void oneFailureIsCoveredByTheRetry() {
        var verification = verifier.verify("9000502", "Fran Flaky", LocalDate.parse("1980-01-02"), null);
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(verification.verifiedTrn()).contains("9000502");
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/9000502")).isEqualTo(2);
    }

    @Test
    void oneTimeoutIsCoveredByTheRetry() {
        var verification = verifier.verify("9000508", "Sam Slowonce", LocalDate.parse("1980-01-08"), null);
        assertThat(verification.status()).isEqualTo(Status.VERIFIED);
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/9000508")).isEqualTo(2);
    }

    @Test
    void trsThatCannotBeReachedIsUnavailableAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        TrsClient unreachable = client("http://127.0.0.1:" + closedPort, "any");
        assertThatThrownBy(() -> unreachable.findPerson("1234567", LocalDate.parse("1985-04-12"), null))
                .isInstanceOf(TrsUnavailableException.class);
    }

    @Test
    void aRefusedKeyIsUnavailable() {
        TrsClient noKey = client(trsUrl, "");
        assertThatThrownBy(() -> noKey.findPerson("1234567", LocalDate.parse("1985-04-12"), null))
                .isInstanceOf(TrsUnavailableException.class).hasMessageContaining("401");
        assertThat(TrsStandIn.requestCount("GET", "/v3/persons/1234567")).isEqualTo(1);
    }

    @Test
    void aTrnRequestCanCompleteAtOnce() throws Exception {
        TrnRequestStatus status = trs.requestTrn(input("3f0c1d9e-0000-4000-8000-000000000001", "Newcomer"));
        assertThat(status).isEqualTo(new TrnRequestStatus("3f0c1d9e-0000-4000-8000-000000000001",
                TrnRequestStatus.Status.COMPLETED, Optional.of("3000001"), false));
        assertThat(trs.trnRequestStatus("3f0c1d9e-0000-4000-8000-000000000001").trn()).contains("3000001");
    }

    @Test
    void aPendingTrnRequestCompletesWhenPolledAgain() throws Exception {
        assertThat(trs.requestTrn(input("pending-1", "Newcomer")).status()).isEqualTo(TrnRequestStatus.Status.PENDING);
        TrnRequestStatus firstPoll = trs.trnRequestStatus("pending-1");
        assertThat(firstPoll.completed()).isFalse();
        assertThat(firstPoll.trn()).isEmpty();
        TrnRequestStatus secondPoll = trs.trnRequestStatus("pending-1");
        assertThat(secondPoll.completed()).isTrue();
        assertThat(secondPoll.trn()).contains("3000002");
    }

    @Test
    void aPotentialDuplicateStaysPending() throws Exception {
        TrnRequestStatus status = trs.requestTrn(input("3f0c1d9e-0000-4000-8000-000000000002", "Duplicate"));
        assertThat(status.status()).isEqualTo(TrnRequestStatus.Status.PENDING);
        assertThat(status.potentialDuplicate()).isTrue();
    }

    @Test
    void anUnknownTrnRequestIsNotFound() {
        assertThatThrownBy(() -> trs.trnRequestStatus("unknown-1")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aTrnRequestDuringAnOutageIsRetriedOnceThenUnavailable() {
        assertThatThrownBy(() -> trs.requestTrn(input("outage-1", "Newcomer"))).isInstanceOf(TrsUnavailableException.class);
        assertThat(TrsStandIn.requestCount("POST", "/v3/trn-requests")).isEqualTo(2);
    }

    static TrnRequestInput input(String requestId, String lastName) {
        return new TrnRequestInput(requestId, "Nia", null, lastName, LocalDate.parse("1999-09-09"), "nia@example.org",
                null, false, null);
    }

    TrsClient client(String url, String apiKey) {
        record Config(String url, String apiKey, String apiVersion, Duration connectTimeout, Duration readTimeout)
                implements TrsConfig {}
        return new TrsClient(new Config(url, apiKey, "20250425", Duration.ofSeconds(1), readTimeout), json);
    }
}
