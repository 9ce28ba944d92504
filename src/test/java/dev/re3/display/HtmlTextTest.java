package dev.re3.display;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HtmlTextTest {

    @Test
    void escapesTheFiveSpecialCharacters() {
        assertEquals("&amp;&lt;&gt;&quot;&#39;", HtmlText.escape("&<>\"'"));
        assertEquals("a &lt;b&gt;x&lt;/b&gt; &amp;&amp; y=&quot;1&quot; it&#39;s",
                HtmlText.escape("a <b>x</b> && y=\"1\" it's"));
    }

    @Test
    void leavesOtherTextAloneAndEscapesOnlyOnce() {
        assertEquals("plain text, unicode \u2212 \u00e9", HtmlText.escape("plain text, unicode \u2212 \u00e9"));
        assertEquals("&amp;amp;", HtmlText.escape("&amp;"));
        assertEquals("", HtmlText.escape(""));
    }

    @Test
    void nullIsEmptyAndObjectsAreTheirString() {
        assertEquals("", HtmlText.escape(null));
        assertEquals("42", HtmlText.escape(42));
        assertEquals("[&lt;a&gt;]", HtmlText.escape(java.util.List.of("<a>")));
    }

    @Test
    void numbersHaveFourSignificantDigits() {
        assertEquals("0", Numbers.format(0.0));
        assertEquals("0", Numbers.format(-0.0));
        assertEquals("0.1235", Numbers.format(0.123456));
        assertEquals("12.35", Numbers.format(12.3456));
        assertEquals("-0.6667", Numbers.format(-2.0 / 3));
        assertEquals("0.5", Numbers.format(0.5));
        assertEquals("2", Numbers.format(2.0));
        assertEquals("0.001", Numbers.format(1e-3));
        assertEquals("1.235e-05", Numbers.format(1.2345e-5));
        assertEquals("1.235e+05", Numbers.format(123456.0));
        assertEquals("1.138e-08", Numbers.format(0.000000011375546039665375));
        assertEquals("NaN", Numbers.format(Double.NaN));
        assertEquals("Infinity", Numbers.format(Double.POSITIVE_INFINITY));
        assertEquals("-Infinity", Numbers.format(Double.NEGATIVE_INFINITY));
    }
}
