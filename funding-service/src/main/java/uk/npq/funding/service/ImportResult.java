package uk.npq.funding.service;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** What an import did: rows read, how many were new, changed or the same, and every row it refused and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ImportResult(String dataset, int rowsRead, int inserted, int updated, int unchanged, Integer version,
                           boolean applied, List<Refusal> refused) {

    /** A refused row: its line in the file (header is line 1) and the reason. */
    public record Refusal(int line, String reason) {}
}
