/**
 * Self-contained HTML reports of Re3 explanations ({@link dev.re3.report.HtmlReport}): inline CSS, inline
 * SVG bar charts, no scripts and no external resources. Depends on {@code dev.re3} only.
 */
package dev.re3.report;
