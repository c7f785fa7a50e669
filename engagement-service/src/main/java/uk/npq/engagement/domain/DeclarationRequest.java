package uk.npq.engagement.domain;

/**
 * The attributes of a declaration POST as sent (or as a derived declaration would send them): text as given, has_passed raw
 * (a JSON boolean, or the strings "true"/"false"), so that the rules judge exactly what the caller wrote.
 */
public record DeclarationRequest(String participantId, String declarationType, String declarationDate, String courseIdentifier,
                                 Object hasPassed, String deliveryPartnerId, String secondaryDeliveryPartnerId) {}
