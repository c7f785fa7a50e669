package uk.npq.assessment.domain;

/**
 * How the server counts the words of a submission: runs of characters between whitespace, counted only when they
 * hold a letter or a digit. So "evidence-based" and "don't" are one word each, "2,000" is one, and a dash, a
 * bullet or other punctuation standing alone is none.
 */
public final class WordCount {
    private WordCount() {}

    public static int of(String text) {
        if (text == null) return 0;
        int words = 0;
        boolean counted = false; // the current run of non-space characters already counts as a word
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                counted = false;
            } else if (!counted && Character.isLetterOrDigit(cp)) {
                words++;
                counted = true;
            }
        }
        return words;
    }
}
