package uk.npq.platform.security;

/** The realm roles of Keycloak realm npq. */
public final class Roles {
    public static final String LEAD_PROVIDER = "lead-provider";
    public static final String DELIVERY_PARTNER = "delivery-partner";
    public static final String SCHOOL = "school";
    public static final String PARTICIPANT = "participant";
    public static final String ADMIN = "admin";
    public static final String FINANCE = "finance";
    public static final String REPORTING = "reporting";
    /** A lead provider's assessment marker (token also carries lead_provider_id). */
    public static final String MARKER = "marker";
    /** A lead provider's moderator: confirms the moderation sample before a result is final. */
    public static final String MODERATOR = "moderator";

    private Roles() {}
}
