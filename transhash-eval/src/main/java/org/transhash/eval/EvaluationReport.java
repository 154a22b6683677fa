package org.transhash.eval;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transhash.api.io.AtomicFiles;
import org.transhash.api.io.Json;

/**
 * Everything one evaluation produced, with every option that shaped it, ready to be written to a
 * folder: {@code report.json} (all figures), {@code summary.csv} (one row, read back by {@link
 * ReportTables} to merge runs), {@code curves.csv}, {@code radius.csv}, {@code p_at_n.csv}, {@code
 * table.md} and three PNG plots.
 *
 * @param method the method's name, for example {@code "transhash"} or {@code "itq"}
 * @param protocol the protocol's name
 * @param codeSource where the codes came from (files, model)
 * @param bits code length
 * @param databaseSize database codes
 * @param options the options used
 * @param metrics the figures
 */
public record EvaluationReport(
    String method,
    String protocol,
    String codeSource,
    int bits,
    int databaseSize,
    EvalOptions options,
    RetrievalMetrics metrics) {

  /** The columns of {@code summary.csv}. */
  public static final List<String> SUMMARY_COLUMNS =
      List.of(
          "method",
          "bits",
          "protocol",
          "k",
          "ties",
          "zero_relevant",
          "queries",
          "evaluated",
          "database",
          "map",
          "p_at_h2",
          "p_at_1000",
          "shuffle_mean",
          "shuffle_std",
          "seconds");

  /** The report as one JSON document. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", method);
    json.put("protocol", protocol);
    json.put("code_source", codeSource);
    json.put("bits", bits);
    json.put("database", databaseSize);
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("k", options.topKLabel());
    opts.put("ties", options.ties().label());
    opts.put("zero_relevant", options.zeroRelevant().label());
    opts.put("curve_step", options.curveStep());
    opts.put("shuffles", options.shuffles());
    opts.put("shuffle_seed", options.shuffleSeed());
    opts.put("relevance", "share at least one label");
    opts.put("binarisation", "u >= 0 -> 1");
    json.put("options", opts);
    RetrievalMetrics m = metrics;
    json.put("queries", m.queries());
    json.put("unlabelled_queries", m.unlabelledQueries());
    json.put("dropped_queries", m.droppedQueries());
    json.put("evaluated_queries", m.evaluatedQueries());
    json.put("map", m.map());
    json.put("map_standard_error", m.mapStandardError());
    json.put("p_at_h2", m.precisionWithinRadius2());
    json.put("shuffle_map_mean", m.shuffleMean());
    json.put("shuffle_map_std", m.shuffleStd());
    json.put("reranked_map", m.rerankedMap());
    Map<String, Object> pAtN = new LinkedHashMap<>();
    Map<String, Object> rAtN = new LinkedHashMap<>();
    for (int i = 0; i < m.nValues().length; i++) {
      pAtN.put(Integer.toString(m.nValues()[i]), m.precisionAtN()[i]);
      rAtN.put(Integer.toString(m.nValues()[i]), m.recallAtN()[i]);
    }
    json.put("precision_at_n", pAtN);
    json.put("recall_at_n", rAtN);
    json.put("curve_ranks", m.curveRanks());
    json.put("precision_curve", m.precisionCurve());
    json.put("recall_curve", m.recallCurve());
    json.put("radius_precision", m.radiusPrecision());
    json.put("radius_recall", m.radiusRecall());
    json.put("radius_map", m.radiusMap());
    json.put("seconds", m.seconds());
    return json;
  }

  /** The row of {@code summary.csv}. */
  public ReportRow row() {
    return new ReportRow(
        method,
        bits,
        protocol,
        options.topKLabel(),
        options.ties().label(),
        options.zeroRelevant().label(),
        metrics.queries(),
        metrics.evaluatedQueries(),
        databaseSize,
        metrics.map(),
        metrics.precisionWithinRadius2(),
        metrics.precisionAt(1000),
        metrics.shuffleMean(),
        metrics.shuffleStd(),
        metrics.seconds());
  }

  /**
   * Writes every file of the report into a folder (each file atomically).
   *
   * @param dir the folder, created when missing
   * @throws IOException when a file cannot be written
   */
  public void writeTo(Path dir) throws IOException {
    Files.createDirectories(dir);
    writeText(dir.resolve("report.json"), Json.write(toJson()) + "\n");
    writeText(dir.resolve("summary.csv"), ReportTables.csv(List.of(row())));
    writeText(dir.resolve("table.md"), ReportTables.markdown(List.of(row())));
    StringBuilder curves = new StringBuilder("rank,precision,recall\n");
    for (int i = 0; i < metrics.curveRanks().length; i++) {
      curves.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f%n",
              metrics.curveRanks()[i],
              metrics.precisionCurve()[i],
              metrics.recallCurve()[i]));
    }
    writeText(dir.resolve("curves.csv"), curves.toString());
    StringBuilder radius = new StringBuilder("radius,precision,recall,map\n");
    for (int r = 0; r < metrics.radiusPrecision().length; r++) {
      radius.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f,%.6f%n",
              r,
              metrics.radiusPrecision()[r],
              metrics.radiusRecall()[r],
              metrics.radiusMap()[r]));
    }
    writeText(dir.resolve("radius.csv"), radius.toString());
    StringBuilder pAtN = new StringBuilder("n,precision,recall\n");
    for (int i = 0; i < metrics.nValues().length; i++) {
      pAtN.append(
          String.format(
              Locale.ROOT,
              "%d,%.6f,%.6f%n",
              metrics.nValues()[i],
              metrics.precisionAtN()[i],
              metrics.recallAtN()[i]));
    }
    writeText(dir.resolve("p_at_n.csv"), pAtN.toString());
    String label = method + " " + bits + " bits";
    Plots.precisionRecall(
        Map.of(label, new Plots.Series(metrics.recallCurve(), metrics.precisionCurve())),
        dir.resolve("pr_curve.png"));
    Plots.precisionAtN(
        Map.of(label, Plots.Series.ofRanks(metrics.nValues(), metrics.precisionAtN())),
        dir.resolve("p_at_n.png"));
    Plots.precisionWithinRadius(
        Map.of(label, Plots.Series.ofRadius(metrics.radiusPrecision())),
        dir.resolve("precision_radius.png"));
  }

  static void writeText(Path file, String text) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
          w.write(text);
          w.flush();
        });
  }
}
