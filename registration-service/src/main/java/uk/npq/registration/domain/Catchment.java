package uk.npq.registration.domain;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the applicant teaches, as the DfE service records it (npq-registration {@code HandleSubmissionForStore}
 * {@code #teacher_catchment_country} and {@code #teacher_catchment_iso_country_code}, {@code Application::UK_CATCHMENT_AREA}):
 * for a catchment in the UK (england, scotland, wales, northern_ireland, jersey_guernsey_isle_of_man) the country is
 * the United Kingdom by its ISO 3166 short name and the code GBR; otherwise the country is the one named and its
 * ISO 3166 alpha-3 code is looked up by name, or null when the name is no country's.
 *
 * <p>Names are looked up in the JDK's locale data (every code of {@link Locale#getISOCountries()}, its English
 * display name and {@link Locale#getISO3Country()}), so the list is maintained with the JDK, not by hand. A name
 * matches ignoring case, accents, spacing, "&amp;" for "and" and "St." for "Saint". The nations of the UK (and the
 * ISO short name the DfE itself writes) name the United Kingdom too.
 */
public final class Catchment {
    /** The catchments inside the UK (the DfE's UK_CATCHMENT_AREA); "another" is outside it. */
    public static final Set<String> UK = Set.of("england", "scotland", "wales", "northern_ireland", "jersey_guernsey_isle_of_man");
    /** How the DfE names the United Kingdom (the ISO 3166 short name of GB). */
    public static final String UNITED_KINGDOM = "United Kingdom of Great Britain and Northern Ireland";
    public static final String GBR = "GBR";

    private static final Map<String, String> ISO3_BY_NAME = iso3ByName();

    private Catchment() {}

    public static boolean inUk(String teacherCatchment) {
        return UK.contains(teacherCatchment);
    }

    /** teacher_catchment_country: the United Kingdom for a UK catchment, else the country named (null when none). */
    public static String country(String teacherCatchment, String namedCountry) {
        if (inUk(teacherCatchment)) return UNITED_KINGDOM;
        return namedCountry == null || namedCountry.isBlank() ? null : namedCountry.strip();
    }

    /** teacher_catchment_iso_country_code: GBR for a UK catchment, else the alpha-3 code of the country named, if it is one. */
    public static Optional<String> iso3(String teacherCatchment, String namedCountry) {
        if (inUk(teacherCatchment)) return Optional.of(GBR);
        return iso3(namedCountry);
    }

    /** The ISO 3166 alpha-3 code of a country's English name, if it is one. */
    public static Optional<String> iso3(String countryName) {
        if (countryName == null || countryName.isBlank()) return Optional.empty();
        return Optional.ofNullable(ISO3_BY_NAME.get(key(countryName)));
    }

    /** Whether {@code code} is an ISO 3166 alpha-3 code of the JDK's locale data. */
    public static boolean isIso3(String code) {
        return code != null && ISO3_BY_NAME.containsValue(code);
    }

    private static Map<String, String> iso3ByName() {
        Map<String, String> byName = new HashMap<>();
        for (String alpha2 : Locale.getISOCountries()) {
            Locale country = Locale.of("", alpha2);
            String alpha3 = country.getISO3Country();
            if (!alpha3.isEmpty()) byName.put(key(country.getDisplayCountry(Locale.ENGLISH)), alpha3);
        }
        String uk = Locale.UK.getISO3Country();
        for (String name : new String[] {UNITED_KINGDOM, "England", "Scotland", "Wales", "Northern Ireland"}) byName.put(key(name), uk);
        return Map.copyOf(byName);
    }

    /** A name compared without case, accents, punctuation of apostrophes, "&amp;" or "St." spellings, or extra spaces. */
    static String key(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        s = s.toLowerCase(Locale.ROOT).replace('’', '\'').replace("&", " and ").replaceAll("\\bst\\.", "saint ");
        return s.replaceAll("\\s+", " ").strip();
    }
}
