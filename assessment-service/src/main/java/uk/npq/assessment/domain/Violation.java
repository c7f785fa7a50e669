package uk.npq.assessment.domain;

/** A broken rule: the attribute it concerns and what is wrong, in words a client can act on. */
public record Violation(String attribute, String detail) {}
