package uk.npq.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.npq.registration.Fixtures.LP_A;
import static uk.npq.registration.Fixtures.LP_B;
import static uk.npq.registration.Fixtures.application;
import static uk.npq.registration.Fixtures.person;
import static uk.npq.registration.Fixtures.randomTrn;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.npq.platform.testing.SqlTrace;
import uk.npq.platform.testing.TestDb;
import uk.npq.registration.service.RegistrationService;
import uk.npq.registration.service.RegistrationService.FundingVerdict;

/**
 * Registration's copy of funding's verdicts, a Kafka poll at a time (issue 16): a batch of verdicts leaves exactly the
 * state that applying them one by one leaves (the newer verdict holds, an override keeps the targeted-delivery flag, the
 * "previously funded" judgement of the person's other applications follows), in a handful of statements however many
 * verdicts the batch holds.
 */
@QuarkusTest
class FundingDecisionBatchTest {
    /** Read the applications, write them, the people's locks (read, take), one judgement per course family. */
    static final int MAX_STATEMENTS_ONE_FAMILY = 5;

    @Inject RegistrationService registrations;

    @BeforeEach
    void reference() {
        Fixtures.reference();
    }

    /** One person with an accepted funded place awaiting its verdict and a pending application of the same family; another person. */
    record Scenario(UUID a1, UUID a2, UUID b1) {}

    static Scenario scenario() {
        UUID p1 = person(randomTrn(), true), p2 = person(randomTrn(), true);
        UUID a1 = application(p1, LP_A, "npq-headship", "2026b", false);
        TestDb.execute("UPDATE registration.application SET status = 'accepted', accepted_at = now(), training_status = 'active', "
                + "schedule_identifier = 'npq-leadership-autumn', funded_place = true WHERE id = '" + a1 + "'");
        UUID a2 = application(p1, LP_B, "npq-headship", "2025a", null);
        UUID b1 = application(p2, LP_A, "npq-senior-leadership", "2026b", null);
        return new Scenario(a1, a2, b1);
    }

    static List<FundingVerdict> verdicts(Scenario s, Instant t) {
        return List.of(
                new FundingVerdict(s.a1(), true, "funded", t.plusSeconds(1), false, null),      // a1 funded: a2 previously funded
                new FundingVerdict(s.a2(), true, "funded", t.plusSeconds(2), false, null),
                new FundingVerdict(s.a1(), false, "no_institution", t, false, null),              // older than a1's verdict: ignored
                new FundingVerdict(s.b1(), false, "no_institution", t.plusSeconds(3), true, null),
                new FundingVerdict(s.a1(), false, "marked_ineligible_by_policy", t.plusSeconds(4), null, null), // override
                new FundingVerdict(s.b1(), false, "no_institution", t.plusSeconds(5), true, null)); // the same again, later
    }

    static List<String> state(Scenario s) {
        List<String> rows = new ArrayList<>();
        for (UUID id : List.of(s.a1(), s.a2(), s.b1())) {
            rows.add(TestDb.string("SELECT concat_ws('|', eligible_for_funding, funding_eligibility_status_code, "
                    + "targeted_delivery_funding_eligibility, to_char(funding_decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), "
                    + "previously_funded) FROM registration.application WHERE id = '" + id + "'"));
        }
        return rows;
    }

    @Test
    void aBatchLeavesWhatTheVerdictsOneByOneLeave() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Scenario oneByOne = scenario(), together = scenario();
        for (FundingVerdict v : verdicts(oneByOne, t)) {
            QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(List.of(v)));
        }
        // midway, one by one, a2 was previously funded (a1 funded and accepted) until the override took a1's funding away
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event WHERE aggregateid = '" + oneByOne.a2()
                + "' AND type LIKE '%PreviouslyFundedChanged'")).isEqualTo(2);
        QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(verdicts(together, t)));

        List<String> expected = state(oneByOne);
        assertThat(expected).containsExactly(
                "f|marked_ineligible_by_policy|f|" + utc(t.plusSeconds(4)) + "|f",
                "t|funded|f|" + utc(t.plusSeconds(2)) + "|f",
                "f|no_institution|t|" + utc(t.plusSeconds(5)) + "|f");
        assertThat(state(together)).isEqualTo(expected);
    }

    @Test
    void aBatchJudgesPreviouslyFundedAsOneByOne() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Scenario oneByOne = scenario(), together = scenario();
        List<FundingVerdict> funded = verdicts(oneByOne, t).subList(0, 2);
        for (FundingVerdict v : funded) QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(List.of(v)));
        QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(verdicts(together, t).subList(0, 2)));

        assertThat(state(oneByOne).get(1)).endsWith("|t"); // a2 is previously funded: a1 is accepted, funded, with its place
        assertThat(state(together)).isEqualTo(state(oneByOne));
        assertThat(TestDb.count("SELECT count(*) FROM registration.outbox_event WHERE aggregateid = '" + together.a2()
                + "' AND type LIKE '%PreviouslyFundedChanged'")).isEqualTo(1);
    }

    @Test
    void aBatchSendsAHandfulOfStatementsHoweverManyVerdictsItHolds() {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<FundingVerdict> few = new ArrayList<>(), many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            UUID p = person(randomTrn(), true);
            UUID a = application(p, LP_A, "npq-headship", "2026b", null);
            (i < 2 ? few : many).add(new FundingVerdict(a, i % 3 != 0, i % 3 != 0 ? "funded" : "no_institution", t, false, null));
        }
        List<String> fewSql = SqlTrace.onThisThread(() -> QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(few)));
        List<String> manySql = SqlTrace.onThisThread(() -> QuarkusTransaction.requiringNew().run(() -> registrations.applyFundingDecisions(many)));

        assertThat(manySql).anyMatch(s -> s.contains("UPDATE application")); // it traced the work, so cannot pass by tracing nothing
        assertThat(TestDb.count("SELECT count(*) FROM registration.application WHERE id = '" + many.get(37).applicationId()
                + "' AND funding_eligibility_status_code = '" + many.get(37).statusCode() + "'")).isEqualTo(1);
        assertThat(manySql).as("statements of a batch of 38 verdicts").hasSizeLessThanOrEqualTo(MAX_STATEMENTS_ONE_FAMILY)
                .hasSameSizeAs(fewSql);
    }

    private static String utc(Instant i) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC).format(i);
    }
}
