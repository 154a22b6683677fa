package org.transhash.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import org.transhash.api.io.CorruptFileException;

/**
 * Tables of several evaluations: CSV with every column, and a Markdown table of methods (rows) by
 * bit lengths (columns) holding mAP@K and P@H<=2, with the protocol and options in its heading.
 */
public final class ReportTables {
  private ReportTables() {}

  /**
   * @param rows the evaluations
   * @return CSV text with a header line
   */
  public static String csv(List<ReportRow> rows) {
    StringBuilder out =
        new StringBuilder(String.join(",", EvaluationReport.SUMMARY_COLUMNS)).append('\n');
    for (ReportRow r : rows) {
      out.append(
              String.join(
                  ",",
                  quote(r.method()),
                  Integer.toString(r.bits()),
                  quote(r.protocol()),
                  r.topK(),
                  r.ties(),
                  r.zeroRelevant(),
                  Integer.toString(r.queries()),
                  Integer.toString(r.evaluated()),
                  Integer.toString(r.database()),
                  number(r.map()),
                  number(r.precisionWithinRadius2()),
                  number(r.precisionAt1000()),
                  number(r.shuffleMean()),
                  number(r.shuffleStd()),
                  number(r.seconds())))
          .append('\n');
    }
    return out.toString();
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String number(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
  }

  /**
   * A Markdown table per (protocol, K, ties, zero-relevant) setting: one row per method, one column
   * per bit length, cells "mAP / P@H<=2".
   *
   * @param rows the evaluations
   * @return Markdown text
   */
  public static String markdown(List<ReportRow> rows) {
    TreeMap<String, List<ReportRow>> bySetting = new TreeMap<>();
    for (ReportRow r : rows) {
      String setting =
          r.protocol()
              + ", mAP@"
              + r.topK()
              + ", ties "
              + r.ties()
              + ", zero-relevant queries "
              + r.zeroRelevant();
      bySetting.computeIfAbsent(setting, k -> new ArrayList<>()).add(r);
    }
    StringBuilder out = new StringBuilder();
    for (var e : bySetting.entrySet()) {
      TreeSet<Integer> bits = new TreeSet<>();
      List<String> methods = new ArrayList<>();
      for (ReportRow r : e.getValue()) {
        bits.add(r.bits());
        if (!methods.contains(r.method())) {
          methods.add(r.method());
        }
      }
      out.append("**").append(e.getKey()).append("** (cells: mAP / P@H<=2)\n\n| method |");
      for (int b : bits) {
        out.append(' ').append(b).append(" bits |");
      }
      out.append("\n|---|");
      out.append("---|".repeat(bits.size())).append('\n');
      for (String method : methods) {
        out.append("| ").append(method).append(" |");
        for (int b : bits) {
          ReportRow cell = null;
          for (ReportRow r : e.getValue()) {
            if (r.method().equals(method) && r.bits() == b) {
              cell = r;
            }
          }
          out.append(
              cell == null
                  ? " |"
                  : String.format(
                      Locale.ROOT, " %.4f / %.4f |", cell.map(), cell.precisionWithinRadius2()));
        }
        out.append('\n');
      }
      out.append('\n');
    }
    return out.toString();
  }

  /**
   * Reads the {@code summary.csv} of an evaluation folder.
   *
   * @param dir a folder written by {@link EvaluationReport#writeTo}
   * @return its rows
   * @throws IOException when the file is missing or malformed
   */
  public static List<ReportRow> readSummary(Path dir) throws IOException {
    Path file = dir.resolve("summary.csv");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()
        || !lines.get(0).equals(String.join(",", EvaluationReport.SUMMARY_COLUMNS))) {
      throw CorruptFileException.atLine(file, 1, "not a TransHash summary.csv header");
    }
    List<ReportRow> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      List<String> f = split(lines.get(i));
      if (f.size() != EvaluationReport.SUMMARY_COLUMNS.size()) {
        throw CorruptFileException.atLine(
            file, i + 1, f.size() + " fields, expected " + EvaluationReport.SUMMARY_COLUMNS.size());
      }
      try {
        rows.add(
            new ReportRow(
                f.get(0),
                Integer.parseInt(f.get(1)),
                f.get(2),
                f.get(3),
                f.get(4),
                f.get(5),
                Integer.parseInt(f.get(6)),
                Integer.parseInt(f.get(7)),
                Integer.parseInt(f.get(8)),
                parse(f.get(9)),
                parse(f.get(10)),
                parse(f.get(11)),
                parse(f.get(12)),
                parse(f.get(13)),
                parse(f.get(14))));
      } catch (NumberFormatException e) {
        throw CorruptFileException.atLine(file, i + 1, "bad number: " + e.getMessage());
      }
    }
    return rows;
  }

  private static double parse(String s) {
    return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
  }

  private static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    fields.add(cur.toString());
    return fields;
  }
}
