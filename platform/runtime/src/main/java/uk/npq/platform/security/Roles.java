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

    private Roles() {}
}
