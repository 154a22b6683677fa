package org.transhash.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.transhash.api.io.AtomicFiles;

/**
 * PNG plots of evaluations, drawn headless with XChart: precision-recall curves, P@N, precision
 * within Hamming radius r, and learning curves; one series per method or run, drawn (and coloured
 * and listed in the legend) in the map's iteration order: pass a {@link java.util.LinkedHashMap} to
 * choose it.
 */
public final class Plots {
  private Plots() {}

  /**
   * One line of a plot.
   *
   * @param x horizontal values
   * @param y vertical values
   */
  public record Series(double[] x, double[] y) {
    /** Copies the values. */
    public Series {
      x = x.clone();
      y = y.clone();
    }

    static Series ofRanks(int[] ranks, double[] values) {
      double[] x = new double[ranks.length];
      for (int i = 0; i < ranks.length; i++) {
        x[i] = ranks[i];
      }
      return new Series(x, values);
    }

    static Series ofRadius(double[] values) {
      double[] x = new double[values.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = i;
      }
      return new Series(x, values);
    }
  }

  /**
   * @param series recall (x) and precision (y) per method
   * @param png the file to write
   * @throws IOException when it cannot be written
   */
  public static void precisionRecall(Map<String, Series> series, Path png) throws IOException {
    write(
        chart("Precision-recall (Hamming ranking)", "recall", "precision", series, false, true),
        png);
  }

  /**
   * @param series N (x) and P@N (y) per method
   * @param png the file to write
   * @throws IOException when it cannot be written
   */
  public static void precisionAtN(Map<String, Series> series, Path png) throws IOException {
    write(chart("Precision at N", "N (returned items)", "precision", series, true, true), png);
  }

  /**
   * @param series radius (x) and precision within it (y) per method
   * @param png the file to write
   * @throws IOException when it cannot be written
   */
  public static void precisionWithinRadius(Map<String, Series> series, Path png)
      throws IOException {
    write(chart("Precision within Hamming radius r", "r", "precision", series, true, true), png);
  }

  /**
   * Learning curves (validation mAP or loss per epoch or over training time), one line per run; the
   * vertical axis fits the values.
   *
   * @param title the title
   * @param xTitle the horizontal axis's title
   * @param yTitle the vertical axis's title
   * @param series one line per run
   * @param png the file to write
   * @throws IOException when it cannot be written
   */
  public static void learningCurves(
      String title, String xTitle, String yTitle, Map<String, Series> series, Path png)
      throws IOException {
    write(chart(title, xTitle, yTitle, series, false, false), png);
  }

  /** The chart a plot draws, its series in the map's order (package-private for tests). */
  static XYChart chart(
      String title,
      String xTitle,
      String yTitle,
      Map<String, Series> series,
      boolean markers,
      boolean unitRange) {
    XYChart chart =
        new XYChartBuilder()
            .width(unitRange ? 720 : 900) // room for the legend beside a learning curve
            .height(480)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    // a learning curve's legend goes beside the plot: it never covers a line
    chart
        .getStyler()
        .setLegendPosition(
            unitRange ? Styler.LegendPosition.InsideNE : Styler.LegendPosition.OutsideE);
    if (unitRange) {
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(1.0);
    }
    chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    series.forEach(
        (name, s) -> {
          XYSeries line = chart.addSeries(name, s.x(), s.y());
          line.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        });
    return chart;
  }

  private static void write(XYChart chart, Path png) throws IOException {
    byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(png, out -> out.write(bytes));
  }
}
