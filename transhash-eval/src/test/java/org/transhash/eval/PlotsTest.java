package org.transhash.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotsTest {
  @Test
  void seriesKeepTheCallersOrderSoColoursFollowIt() {
    Map<String, Plots.Series> series = new LinkedHashMap<>();
    series.put("single-32", new Plots.Series(new double[] {1, 2}, new double[] {0.5, 0.6}));
    series.put("dual-32", new Plots.Series(new double[] {1, 2}, new double[] {0.4, 0.7}));
    series.put("baseline", new Plots.Series(new double[] {1, 2}, new double[] {0.3, 0.8}));

    var chart = Plots.chart("t", "x", "y", series, false, false);

    assertEquals(
        List.of("single-32", "dual-32", "baseline"), List.copyOf(chart.getSeriesMap().keySet()));
  }

  @Test
  void writesAPng(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("curves.png");
    Plots.learningCurves(
        "t",
        "epoch",
        "mAP",
        Map.of("a", new Plots.Series(new double[] {1}, new double[] {0.5})),
        png);

    byte[] head = new byte[4];
    System.arraycopy(Files.readAllBytes(png), 0, head, 0, 4);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head);
  }
}
