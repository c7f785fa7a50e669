package uk.npq.platform.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkiverse.resteasy.problem.HttpProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.npq.platform.problem.ApiError;

class InvalidRowsTest {

    @Test
    void refuseIsTheDefaultSkipIsAskedForAndAnythingElseIsABadRequest() {
        assertThat(InvalidRows.skip(null)).isFalse();
        assertThat(InvalidRows.skip("refuse")).isFalse();
        assertThat(InvalidRows.skip("skip")).isTrue();
        assertThatThrownBy(() -> InvalidRows.skip("maybe")).isInstanceOfSatisfying(HttpProblem.class,
                p -> assertThat(p.getStatusCode()).isEqualTo(400));
    }

    @Test
    void refusedRowsRefuseTheWholeRequestListingEachRowThenTheSummaryUnlessSkipping() {
        List<ApiError> refused = List.of(new ApiError("line 2", "not a UUID"), new ApiError("line 4", "unknown"));
        ApiError summary = new ApiError("file", "Nothing was changed");
        assertThatThrownBy(() -> InvalidRows.refuseUnlessSkipping(false, refused, summary)).isInstanceOfSatisfying(HttpProblem.class, p -> {
            assertThat(p.getStatusCode()).isEqualTo(422);
            assertThat(p.getParameters().get("errors")).isEqualTo(List.of(refused.get(0), refused.get(1), summary));
        });
        InvalidRows.refuseUnlessSkipping(true, refused, summary); // skipping: no exception
        InvalidRows.refuseUnlessSkipping(false, List.of(), summary); // nothing refused: no exception
        assertThat(refused).hasSize(2);
    }
}
