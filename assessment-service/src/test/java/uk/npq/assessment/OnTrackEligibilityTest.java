package uk.npq.assessment;

import static org.hamcrest.Matchers.contains;
import static uk.npq.assessment.Fixtures.textBody;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.npq.assessment.Fixtures.Tenant;

/**
 * npq.assessment.rules.eligibility=on-track: a participant not at risk may sit before meeting the threshold; at risk may not.
 * And a course's word limit set in configuration.
 */
@QuarkusTest
@TestProfile(OnTrackEligibilityTest.OnTrack.class)
class OnTrackEligibilityTest {
    public static class OnTrack implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("npq.assessment.rules.eligibility", "on-track", "npq.assessment.word-limit.npq-senco", "1800");
        }
    }

    @AfterEach
    void realTime() {
        TestClock.reset();
    }

    @Test
    void aCoursesWordLimitIsConfigurable() {
        Tenant.fresh().asLeadProvider().body(Fixtures.windowBody("npq-senco", "2026b", "2027-02-01", null)).post("/api/v1/assessment-windows")
                .then().statusCode(201).body("data.attributes.word_limit", org.hamcrest.Matchers.equalTo(1800));
    }

    @Test
    void onTrackSitsAndAtRiskDoesNot() {
        Tenant t = Tenant.fresh();
        String w = t.window("npq-headship", "2026b", "2027-02-01");
        UUID onTrack = t.candidate("npq-headship", "2026b", "accepted", "active", false, false);
        UUID atRisk = t.candidate("npq-headship", "2026b", "accepted", "active", true, true);
        UUID withdrawn = t.candidate("npq-headship", "2026b", "accepted", "withdrawn", false, false);
        TestClock.set("2027-02-01T00:01:00Z");
        String url = "/api/v1/assessment-windows/" + w + "/submissions";
        Fixtures.asParticipant(onTrack).body(textBody(null, "Answer")).post(url).then().statusCode(201);
        Fixtures.asParticipant(atRisk).body(textBody(null, "Answer")).post(url).then().statusCode(422)
                .body("errors.detail", contains("The participant's engagement is at risk of missing the completion threshold."));
        Fixtures.asParticipant(withdrawn).body(textBody(null, "Answer")).post(url).then().statusCode(422)
                .body("errors.detail", contains("The participant has withdrawn and may not sit the assessment."));
    }
}
