package uk.npq.platform.rest;

import java.util.ArrayList;
import java.util.List;
import uk.npq.platform.problem.ApiError;
import uk.npq.platform.problem.Problems;

/**
 * The convention of admin bulk requests (uploads, lists of ids): a request with refused rows is refused whole
 * (422 listing every refused row and a summary, nothing written) unless the caller sent
 * {@code ?on_invalid_rows=skip}, which applies the valid rows and reports the refused ones in its answer.
 */
public final class InvalidRows {
    /** The query parameter: {@code refuse} (the default) or {@code skip}. */
    public static final String PARAMETER = "on_invalid_rows";

    private InvalidRows() {}

    /** Whether to skip refused rows; anything but absent, refuse or skip is a 400. */
    public static boolean skip(String onInvalidRows) {
        if (onInvalidRows == null || onInvalidRows.equals("refuse")) return false;
        if (onInvalidRows.equals("skip")) return true;
        throw Problems.badRequest("'" + PARAMETER + "' must be refuse (the default) or skip.");
    }

    /**
     * Throws the 422 that refuses the whole request, one error per refused row and then {@code summary}, unless
     * there is no refused row or the caller asked to skip them. Call it before anything is written.
     */
    public static void refuseUnlessSkipping(boolean skip, List<ApiError> refusedRows, ApiError summary) {
        if (refusedRows.isEmpty() || skip) return;
        List<ApiError> errors = new ArrayList<>(refusedRows);
        errors.add(summary);
        throw Problems.unprocessable(errors);
    }
}
