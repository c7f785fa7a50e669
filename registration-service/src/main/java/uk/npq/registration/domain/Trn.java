package uk.npq.registration.domain;

import java.util.Optional;

/**
 * Teacher Reference Number rules (npq-domain.md e1): canonical form is exactly seven digits and never
 * 0000000. User input is normalised once, at the edge: every non-digit is stripped and five to seven
 * remaining digits are left-padded with zeros (RP99/12345 -> 9912345, 12345 -> 0012345).
 */
public final class Trn {
    public static final String BLANK = "TRN can't be blank";
    public static final String NOT_NUMERIC = "TRN must only contain numbers";
    public static final String WRONG_LENGTH = "TRN is the wrong length (should be 7 characters)";

    private Trn() {}

    /** The outcome of normalising user input: a TRN or the DfE validation message. */
    public record Result(Optional<String> trn, Optional<String> error) {
        static Result ok(String trn) { return new Result(Optional.of(trn), Optional.empty()); }
        static Result error(String message) { return new Result(Optional.empty(), Optional.of(message)); }
    }

    public static Result normalise(String input) {
        if (input == null || input.isBlank()) return Result.error(BLANK);
        String digits = input.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) return Result.error(NOT_NUMERIC);
        if (digits.length() < 5 || digits.length() > 7) return Result.error(WRONG_LENGTH);
        String padded = "0".repeat(7 - digits.length()) + digits;
        if (padded.equals("0000000")) return Result.error(WRONG_LENGTH);
        return Result.ok(padded);
    }
}
