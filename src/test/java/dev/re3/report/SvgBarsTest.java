package dev.re3.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bar charts: colours by sign, tick steps, escaped labels, formatted numbers. */
class SvgBarsTest {
    @Test
    void barsAreColouredBySign() {
        String svg = SvgBars.chart(List.of(new SvgBars.Bar("up", 2), new SvgBars.Bar("down & out", -1)), "axis <t>");
        assertEquals(1, svg.split("fill=\"" + SvgBars.POSITIVE + "\"", -1).length - 1);
        assertEquals(1, svg.split("fill=\"" + SvgBars.NEGATIVE + "\"", -1).length - 1);
        assertTrue(svg.contains("down &amp; out"));
        assertTrue(svg.contains("axis &lt;t&gt;"));
        assertTrue(svg.contains("<title>up: +2.000</title>"), svg);
        assertTrue(svg.contains(">-1<") && svg.contains(">0<") && svg.contains(">2<"), svg);
    }

    @Test
    void allZeroStillDraws() {
        String svg = SvgBars.chart(List.of(new SvgBars.Bar("zero", 0)), "x");
        assertTrue(svg.contains("<rect") && svg.contains("width=\"0.0\""), svg);
    }

    @Test
    void niceSteps() {
        assertEquals(0.5, SvgBars.niceStep(0.3), 1e-15);
        assertEquals(2, SvgBars.niceStep(1.1), 1e-15);
        assertEquals(5, SvgBars.niceStep(4.2), 1e-15);
        assertEquals(10, SvgBars.niceStep(7), 1e-15);
        assertEquals(1e-14, SvgBars.niceStep(1e-14), 1e-28);
    }

    @Test
    void numbers() {
        assertEquals("0.1235", Html.num(0.123456));
        assertEquals("+12.35", Html.signed(12.345));
        assertEquals("0.3", Html.tick(0.1 * 3));
        assertEquals("-1.5", Html.tick(-1.5));
        assertEquals("0", Html.tick(0));
        assertEquals("n/a", Html.num(Double.NaN));
        assertEquals("&lt;&gt;&amp;&quot;&#39;", dev.re3.display.HtmlText.escape("<>&\"'"));
    }
}
