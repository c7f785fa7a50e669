package uk.npq.engagement.domain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/** declaration_date as f5 reads it: RFC 3339, {@code YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]}, nothing looser. */
public final class DeclarationDate {
    private static final Pattern RFC3339 =
            Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");

    private DeclarationDate() {}

    /** The instant, or empty when the text is not an RFC 3339 date-time (a bare date, a space, no offset...). */
    public static Optional<Instant> parse(String text) {
        if (text == null || !RFC3339.matcher(text).matches()) return Optional.empty();
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty(); // e.g. month 13
        }
    }
}
