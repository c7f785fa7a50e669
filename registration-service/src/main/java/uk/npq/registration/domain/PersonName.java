package uk.npq.registration.domain;

/** A name as the teacher record holds it; {@code middleName} may be empty or null. */
public record PersonName(String firstName, String middleName, String lastName) {}
