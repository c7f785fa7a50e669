package uk.npq.registration.service;

import java.util.List;

/**
 * What the Teacher Record System said about a person's TRN (e3): the status stored on the person
 * (verified, no_match_found, found_but_not_active, trn_and_nino_blank, unavailable, trn_requested), the
 * verified TRN (which may differ from the one typed) and the previous names it holds.
 */
public record TrnCheck(String status, String verifiedTrn, List<String> previousNames) {
    public boolean verified() {
        return "verified".equals(status);
    }

    public static TrnCheck requested() {
        return new TrnCheck("trn_requested", null, List.of());
    }
}
