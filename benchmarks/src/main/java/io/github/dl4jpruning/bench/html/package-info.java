/**
 * The benchmark's side of the HTML report: {@link io.github.dl4jpruning.bench.html.ImpReports} turns {@code imp}
 * results (a run in this JVM, or JSON files) into a report of the {@code dl4j-pruning-report} module
 * ({@link io.github.dl4jpruning.htmlreport.PruningHtmlReport}), which draws the charts and writes the page.
 */
package io.github.dl4jpruning.bench.html;
