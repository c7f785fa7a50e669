package uk.npq.engagement.domain;

/** A broken rule: the attribute (or row) it concerns and what is wrong, in words a client can act on. */
public record Violation(String attribute, String detail) {}
