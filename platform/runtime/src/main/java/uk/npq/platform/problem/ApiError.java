package uk.npq.platform.problem;

/** One DfE-style error: {@code title} names the attribute (or the kind of error), {@code detail} says what is wrong. */
public record ApiError(String title, String detail) {}
