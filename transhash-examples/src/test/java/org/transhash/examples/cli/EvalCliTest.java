package org.transhash.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Labels;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;
import org.transhash.api.testing.TestData;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;

class EvalCliTest {

  private static void write(Path dir, String prefix, BinaryCodes codes, Labels labels)
      throws Exception {
    codes.writeNpy(dir.resolve(prefix + "_codes.npy"));
    Npy.write(dir.resolve(prefix + "_labels.npy"), labels.toNpy());
  }

  private static String[] evalArgs(Path dir, String... extra) {
    String[] base = {
      "eval",
      "--query-codes",
      dir.resolve("q_codes.npy").toString(),
      "--db-codes",
      dir.resolve("db_codes.npy").toString(),
      "--query-labels",
      dir.resolve("q_labels.npy").toString(),
      "--db-labels",
      dir.resolve("db_labels.npy").toString()
    };
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void evalPrintsHeadlinesAndWritesEveryFile(@TempDir Path dir) throws Exception {
    BinaryCodes db = TestData.clusteredCodes(1500, 32, 10, 0.15, 1);
    BinaryCodes q = TestData.clusteredCodes(40, 32, 10, 0.15, 1);
    Labels dl = TestData.randomClassIds(1500, 10, 2);
    Labels ql = TestData.randomClassIds(40, 10, 3);
    write(dir, "db", db, dl);
    write(dir, "q", q, ql);
    Path out = dir.resolve("run");
    CliTest.Run r =
        CliTest.run(evalArgs(dir, "--out", out.toString(), "--method", "itq", "--topk", "500"));
    assertEquals(0, r.status(), r.err());
    double map =
        RetrievalEvaluator.evaluate(q, ql, db, dl, EvalOptions.defaults().withTopK(500)).map();
    assertTrue(
        r.out().contains(String.format(java.util.Locale.ROOT, "mAP@500   %.4f", map)), r.out());
    assertTrue(r.out().contains("P@H<=2"), r.out());
    for (String f :
        new String[] {
          "report.json", "summary.csv", "curves.csv", "radius.csv", "p_at_n.csv", "table.md"
        }) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    String json = Files.readString(out.resolve("report.json"));
    for (String field :
        new String[] {
          "\"k\":\"500\"",
          "\"ties\":\"stable\"",
          "\"zero_relevant\":\"count\"",
          "\"bits\":32",
          "\"method\":\"itq\""
        }) {
      assertTrue(json.contains(field), field);
    }
    for (String png : new String[] {"pr_curve.png", "p_at_n.png", "precision_radius.png"}) {
      var image = ImageIO.read(out.resolve(png).toFile());
      assertEquals(720, image.getWidth(), png);
      assertEquals(480, image.getHeight(), png);
    }
    // a second run with other options, then the merged report
    Path out2 = dir.resolve("run2");
    CliTest.Run r2 =
        CliTest.run(
            evalArgs(
                dir,
                "--out",
                out2.toString(),
                "--method",
                "lsh",
                "--ties",
                "expected",
                "--protocol",
                "nuswide-21"));
    assertEquals(0, r2.status(), r2.err());
    assertTrue(r2.out().contains("mAP@5000") && r2.out().contains("ties expected"), r2.out());
    Path merged = dir.resolve("merged");
    CliTest.Run report =
        CliTest.run("report", out.toString(), out2.toString(), "--out", merged.toString());
    assertEquals(0, report.status(), report.err());
    assertTrue(report.out().contains("| itq |") && report.out().contains("| lsh |"), report.out());
    assertTrue(Files.readString(merged.resolve("table.csv")).lines().count() == 3);
    assertTrue(Files.size(merged.resolve("pr_curve.png")) > 1000);
  }

  @Test
  void continuousOutputsReRankTheTopK(@TempDir Path dir) throws Exception {
    int n = 300;
    int dim = 16;
    java.util.Random random = new java.util.Random(5);
    float[] dbOut = new float[n * dim];
    float[] qOut = new float[10 * dim];
    for (int i = 0; i < dbOut.length; i++) {
      dbOut[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < qOut.length; i++) {
      qOut[i] = (float) random.nextGaussian();
    }
    BinaryCodes db = BinaryCodes.fromSigns(dbOut, n, dim);
    BinaryCodes q = BinaryCodes.fromSigns(qOut, 10, dim);
    Labels dl = TestData.randomClassIds(n, 3, 1);
    Labels ql = TestData.randomClassIds(10, 3, 2);
    write(dir, "db", db, dl);
    write(dir, "q", q, ql);
    Npy.write(dir.resolve("qo.npy"), NpyArray.ofFloat32(qOut, 10, dim));
    Npy.write(dir.resolve("dbo.npy"), NpyArray.ofFloat32(dbOut, n, dim));
    CliTest.Run r =
        CliTest.run(
            evalArgs(
                dir,
                "--out",
                dir.resolve("o").toString(),
                "--topk",
                "50",
                "--query-outputs",
                dir.resolve("qo.npy").toString(),
                "--db-outputs",
                dir.resolve("dbo.npy").toString()));
    assertEquals(0, r.status(), r.err());
    double reranked =
        RetrievalEvaluator.evaluate(
                q,
                ql,
                db,
                dl,
                EvalOptions.defaults().withTopK(50),
                new org.transhash.eval.ContinuousOutputs(qOut, dbOut, dim))
            .rerankedMap();
    assertTrue(
        r.out()
            .contains(
                String.format(
                    java.util.Locale.ROOT, "mAP@50 re-ranked by cosine   %.4f", reranked)),
        r.out());
    CliTest.Run half =
        CliTest.run(
            evalArgs(
                dir,
                "--out",
                dir.resolve("o2").toString(),
                "--query-outputs",
                dir.resolve("qo.npy").toString()));
    assertEquals(1, half.status());
    assertTrue(half.err().contains("--db-outputs"), half.err());
  }

  @Test
  void badInputNamesTheProblem(@TempDir Path dir) throws Exception {
    write(dir, "db", TestData.randomCodes(20, 32, 1), TestData.randomClassIds(20, 3, 1));
    write(dir, "q", TestData.randomCodes(4, 32, 2), TestData.randomClassIds(5, 3, 2));
    CliTest.Run count = CliTest.run(evalArgs(dir, "--out", dir.resolve("o").toString()));
    assertEquals(1, count.status());
    assertTrue(count.err().contains("4 codes") && count.err().contains("5 labels"), count.err());
    assertTrue(!Files.exists(dir.resolve("o")), "no report for bad input");

    write(dir, "q", TestData.randomCodes(4, 64, 2), TestData.randomClassIds(4, 3, 2));
    CliTest.Run bits = CliTest.run(evalArgs(dir, "--out", dir.resolve("o").toString()));
    assertEquals(1, bits.status());
    assertTrue(bits.err().contains("64 bits") && bits.err().contains("32"), bits.err());

    write(dir, "q", TestData.randomCodes(4, 32, 2), TestData.randomClassIds(4, 3, 2));
    Npy.write(
        dir.resolve("q_labels.npy"), NpyArray.ofInt32(new int[] {0, 1, 0, 1, 0, 2, 0, 1}, 4, 2));
    CliTest.Run width = CliTest.run(evalArgs(dir, "--out", dir.resolve("o").toString()));
    assertEquals(1, width.status());
    assertTrue(width.err().contains("q_labels.npy"), width.err());

    Npy.write(dir.resolve("q_labels.npy"), NpyArray.ofInt64(new long[] {0, 1, 2, 1}, 4));
    CliTest.Run k = CliTest.run(evalArgs(dir, "--out", dir.resolve("o").toString(), "--topk", "0"));
    assertEquals(1, k.status());
    assertTrue(k.err().contains("K must be >= 1"), k.err());
    CliTest.Run ties =
        CliTest.run(evalArgs(dir, "--out", dir.resolve("o").toString(), "--ties", "random"));
    assertEquals(1, ties.status());
    assertTrue(ties.err().contains("stable, expected"), ties.err());
    Path empty = dir.resolve("e");
    write(dir, "q", TestData.randomCodes(0, 32, 2), Labels.ofClassIds(new int[0], 3));
    CliTest.Run none = CliTest.run(evalArgs(dir, "--out", empty.toString()));
    assertEquals(1, none.status());
    assertTrue(none.err().contains("empty"), none.err());
  }
}
