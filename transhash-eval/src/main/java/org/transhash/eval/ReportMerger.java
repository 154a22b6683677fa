package org.transhash.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transhash.api.io.CorruptFileException;

/**
 * Merges evaluation folders (written by {@link EvaluationReport#writeTo}) into one table and one
 * set of plots, one series per run.
 *
 * <pre>{@code
 * ReportMerger.merge(List.of(Path.of("runs/transhash-32"), Path.of("runs/itq-32")), Path.of("cmp"));
 * }</pre>
 */
public final class ReportMerger {
  private ReportMerger() {}

  /**
   * Writes {@code table.csv}, {@code table.md}, {@code pr_curve.png}, {@code p_at_n.png} and {@code
   * precision_radius.png} into {@code out}.
   *
   * @param runs evaluation folders
   * @param out the output folder
   * @return the merged rows
   * @throws IOException when a run folder lacks its files or they are malformed
   */
  public static List<ReportRow> merge(List<Path> runs, Path out) throws IOException {
    List<ReportRow> rows = new ArrayList<>();
    Map<String, Plots.Series> pr = new LinkedHashMap<>();
    Map<String, Plots.Series> pAtN = new LinkedHashMap<>();
    Map<String, Plots.Series> radius = new LinkedHashMap<>();
    for (Path run : runs) {
      List<ReportRow> runRows = ReportTables.readSummary(run);
      rows.addAll(runRows);
      String label = label(runRows.get(0), pr.keySet());
      double[][] curves = columns(run.resolve("curves.csv"), 3);
      pr.put(label, new Plots.Series(curves[2], curves[1]));
      double[][] n = columns(run.resolve("p_at_n.csv"), 3);
      pAtN.put(label, new Plots.Series(n[0], n[1]));
      double[][] r = columns(run.resolve("radius.csv"), 4);
      radius.put(label, new Plots.Series(r[0], r[1]));
    }
    Files.createDirectories(out);
    EvaluationReport.writeText(out.resolve("table.csv"), ReportTables.csv(rows));
    EvaluationReport.writeText(out.resolve("table.md"), ReportTables.markdown(rows));
    Plots.precisionRecall(pr, out.resolve("pr_curve.png"));
    Plots.precisionAtN(pAtN, out.resolve("p_at_n.png"));
    Plots.precisionWithinRadius(radius, out.resolve("precision_radius.png"));
    return rows;
  }

  private static String label(ReportRow row, java.util.Set<String> taken) {
    String base = row.method() + " " + row.bits() + " bits";
    String label = base;
    for (int i = 2; taken.contains(label); i++) {
      label = base + " (" + i + ")";
    }
    return label;
  }

  /** Numeric columns of a CSV file with a header line. */
  static double[][] columns(Path file, int count) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<double[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String[] f = lines.get(i).split(",");
      if (f.length != count) {
        throw CorruptFileException.atLine(file, i + 1, f.length + " fields, expected " + count);
      }
      double[] v = new double[count];
      try {
        for (int c = 0; c < count; c++) {
          v[c] = Double.parseDouble(f[c]);
        }
      } catch (NumberFormatException e) {
        throw CorruptFileException.atLine(file, i + 1, "bad number: " + e.getMessage());
      }
      rows.add(v);
    }
    double[][] out = new double[count][rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      for (int c = 0; c < count; c++) {
        out[c][i] = rows.get(i)[c];
      }
    }
    return out;
  }
}
