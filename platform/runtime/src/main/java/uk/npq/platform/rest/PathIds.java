package uk.npq.platform.rest;

import java.util.UUID;
import uk.npq.platform.problem.Problems;

/** Resource ids in paths: every id the API gives out is a UUID, so anything else names nothing (404). */
public final class PathIds {
    private PathIds() {}

    public static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw Problems.notFound();
        }
    }
}
