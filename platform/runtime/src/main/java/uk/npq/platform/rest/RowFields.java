package uk.npq.platform.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Reading one field of a bulk request's row (the admin imports): the value, or {@code null} with a problem added as
 * {@code "<field>: <what is wrong>"} (the value itself is never echoed: it may be personal data). Pure, so the imports'
 * rule classes in {@code domain} can use it.
 */
public final class RowFields {
    private RowFields() {}

    /** A UUID in its 36-character form; blank is absent ({@code required}: a problem). */
    public static UUID uuid(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) problems.add(field + ": is required");
            return null;
        }
        String s = value.strip();
        try {
            if (s.length() == 36) return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        problems.add(field + ": must be a UUID");
        return null;
    }

    /** An RFC 3339 date and time with its offset; blank is absent ({@code required}: a problem). */
    public static Instant instant(List<String> problems, String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) problems.add(field + ": is required");
            return null;
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(field + ": must be an RFC 3339 date and time");
            return null;
        }
    }
}
