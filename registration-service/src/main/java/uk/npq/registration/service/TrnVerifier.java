package uk.npq.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.Optional;
import org.jboss.logging.Logger;
import uk.npq.registration.client.TrsClient;
import uk.npq.registration.client.TrsPerson;
import uk.npq.registration.client.TrsUnavailableException;
import uk.npq.registration.domain.TrnMatcher;

/**
 * Verifies a typed TRN against the Teacher Record System with the e3 rules ({@link TrnMatcher}), or says
 * that TRS could not be asked (after the client's one retry). Reads and writes no database.
 */
@ApplicationScoped
public class TrnVerifier {
    private static final Logger LOG = Logger.getLogger(TrnVerifier.class);

    private final TrsClient trs;
    private final TrnMatcher matcher = new TrnMatcher();

    @Inject
    public TrnVerifier(TrsClient trs) {
        this.trs = trs;
    }

    /** The matcher's outcome, with {@link Status#UNAVAILABLE} added for "TRS did not answer". */
    public enum Status { VERIFIED, NO_MATCH_FOUND, FOUND_BUT_NOT_ACTIVE, TRN_AND_NINO_BLANK, UNAVAILABLE }

    /** The status and, unless TRS was unavailable, the matcher's full result (matched TRN, previous names, checks). */
    public record Verification(Status status, Optional<TrnMatcher.Result> match) {
        static final Verification UNAVAILABLE = new Verification(Status.UNAVAILABLE, Optional.empty());

        static Verification of(TrnMatcher.Result result) {
            return new Verification(Status.valueOf(result.outcome().name()), Optional.of(result));
        }

        /** The TRN to store as verified: the matched record's, which may differ from the typed one. */
        public Optional<String> verifiedTrn() {
            return match.flatMap(TrnMatcher.Result::trn);
        }
    }

    /**
     * @param trnOrNull a normalised TRN ({@code Trn.normalise}) or null/blank
     * @param ninoOrNull optional National Insurance number
     */
    public Verification verify(String trnOrNull, String fullName, LocalDate dateOfBirth, String ninoOrNull) {
        try {
            return Verification.of(matcher.match(trnOrNull, fullName, dateOfBirth, ninoOrNull, this::lookup));
        } catch (TrsUnavailableException e) {
            LOG.warnf("TRN not verified, TRS unavailable: %s", e.getMessage());
            return Verification.UNAVAILABLE;
        }
    }

    /** The matcher's placeholder TRN means "no TRN": the client then searches by NINO alone. */
    private Optional<TrsPerson> lookup(String trn, LocalDate dateOfBirth, String nino) throws TrsUnavailableException {
        return trs.findPerson(TrnMatcher.PLACEHOLDER_TRN.equals(trn) ? null : trn, dateOfBirth, nino);
    }
}
