package org.transhash.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.BinaryCodes;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;
import org.transhash.api.testing.TestData;
import org.transhash.backbone.OneDnn;
import org.transhash.index.LinearScanIndex;
import picocli.CommandLine;

class CliTest {

  /** Exit status, standard output and standard error of one command line. */
  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = TransHashCli.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  private static Path codes(Path dir, String name, BinaryCodes codes) throws Exception {
    Path file = dir.resolve(name);
    codes.writeNpy(file);
    return file;
  }

  @Test
  void searchPrintsOneJsonLineAndWritesFaissShapedOutputs(@TempDir Path dir) throws Exception {
    BinaryCodes db = TestData.clusteredCodes(500, 64, 5, 0.1, 1);
    BinaryCodes queries = TestData.clusteredCodes(7, 64, 5, 0.1, 1);
    Path dbFile = codes(dir, "db.npy", db);
    Path queryFile = codes(dir, "q.npy", queries);
    for (String index : new String[] {"linear", "mih"}) {
      Run r =
          run(
              "search",
              "--db",
              dbFile.toString(),
              "--queries",
              queryFile.toString(),
              "--k",
              "12",
              "--index",
              index,
              "--threads",
              "2",
              "--out-ids",
              dir.resolve("i.npy").toString(),
              "--out-dist",
              dir.resolve("d.npy").toString());
      assertEquals(0, r.status(), r.err());
      String line = r.out().strip();
      assertTrue(line.startsWith("{\"index\":\"" + index + "\",\"n\":500,\"bits\":64,"), line);
      for (String field :
          new String[] {
            "\"nq\":7", "\"k\":12", "\"threads\":2", "\"build_s\":", "\"search_s\":", "\"qps\":"
          }) {
        assertTrue(line.contains(field), field + " missing in " + line);
      }
      NpyArray ids = Npy.read(dir.resolve("i.npy"));
      NpyArray dist = Npy.read(dir.resolve("d.npy"));
      assertEquals(NpyArray.DType.INT64, ids.dtype());
      assertEquals(NpyArray.DType.INT32, dist.dtype());
      assertArrayEquals(new int[] {7, 12}, ids.shape());
      assertArrayEquals(new int[] {7, 12}, dist.shape());
      long[] idValues = ids.toLongArray();
      int[] distValues = dist.toIntArray();
      for (int q = 0; q < 7; q++) {
        for (int r2 = 0; r2 < 12; r2++) {
          int id = (int) idValues[q * 12 + r2];
          assertEquals(db.hamming(id, queries, q), distValues[q * 12 + r2]);
        }
      }
    }
  }

  @Test
  void kBeyondTheDatabaseIsPaddedAsFaissDoes(@TempDir Path dir) throws Exception {
    Path dbFile = codes(dir, "db.npy", TestData.randomCodes(3, 32, 1));
    Path queryFile = codes(dir, "q.npy", TestData.randomCodes(2, 32, 2));
    Run r =
        run(
            "search",
            "--db",
            dbFile.toString(),
            "--queries",
            queryFile.toString(),
            "--k",
            "5",
            "--out-ids",
            dir.resolve("i.npy").toString(),
            "--out-dist",
            dir.resolve("d.npy").toString());
    assertEquals(0, r.status(), r.err());
    long[] ids = Npy.read(dir.resolve("i.npy")).toLongArray();
    int[] dist = Npy.read(dir.resolve("d.npy")).toIntArray();
    assertEquals(-1, ids[3]);
    assertEquals(-1, ids[4]);
    assertEquals(Integer.MAX_VALUE, dist[4]);
  }

  @Test
  void indexBuildInfoAndSearch(@TempDir Path dir) throws Exception {
    BinaryCodes db = TestData.clusteredCodes(300, 128, 4, 0.1, 3);
    Path dbFile = codes(dir, "db.npy", db);
    long[] idValues = new long[300];
    for (int i = 0; i < 300; i++) {
      idValues[i] = 1000 + i;
    }
    Path ids = dir.resolve("ids.npy");
    Npy.write(ids, NpyArray.ofInt64(idValues, 300));
    Path file = dir.resolve("db.thi");
    Run build =
        run(
            "index",
            "build",
            "--codes",
            dbFile.toString(),
            "--ids",
            ids.toString(),
            "--index",
            "mih",
            "--out",
            file.toString(),
            "--model",
            "vit-dual",
            "--dataset",
            "fashion-mnist",
            "--seed",
            "3");
    assertEquals(0, build.status(), build.err());
    Run info = run("index", "info", file.toString());
    assertEquals(0, info.status(), info.err());
    assertTrue(
        info.out().contains("\"index\":\"mih\"") && info.out().contains("\"count\":300"),
        info.out());
    assertTrue(
        info.out().contains("\"model\":\"vit-dual\"") && info.out().contains("\"seed\":3"),
        info.out());
    Path queryFile = codes(dir, "q.npy", db.select(new int[] {5, 6}));
    Run search =
        run(
            "index",
            "search",
            file.toString(),
            "--queries",
            queryFile.toString(),
            "--k",
            "1",
            "--out-ids",
            dir.resolve("i.npy").toString());
    assertEquals(0, search.status(), search.err());
    long[] found = Npy.read(dir.resolve("i.npy")).toLongArray();
    LinearScanIndex reference = LinearScanIndex.builder(128).build();
    reference.add(db, idValues);
    assertEquals(reference.search(db.select(new int[] {5}), 1).id(0, 0), found[0]);
    Run radius =
        run("index", "search", file.toString(), "--queries", queryFile.toString(), "--radius", "0");
    assertEquals(0, radius.status(), radius.err());
    assertTrue(radius.out().contains("\"radius\":0"), radius.out());
  }

  @Test
  void badInputGetsOneClearLine(@TempDir Path dir) throws Exception {
    Run missing = run("search", "--db", dir.resolve("nope.npy").toString(), "--queries", "x.npy");
    assertEquals(1, missing.status());
    assertTrue(
        missing.err().contains("nope.npy") && missing.err().contains("not found"), missing.err());

    Path db = codes(dir, "db.npy", TestData.randomCodes(10, 64, 1));
    Path q = codes(dir, "q.npy", TestData.randomCodes(2, 32, 1));
    Run bits = run("search", "--db", db.toString(), "--queries", q.toString());
    assertEquals(1, bits.status());
    assertTrue(bits.err().contains("64-bit") && bits.err().contains("32-bit"), bits.err());

    Path notCodes = dir.resolve("f.npy");
    Npy.write(notCodes, NpyArray.ofFloat32(new float[] {1, 2}, 2));
    Run dtype = run("search", "--db", notCodes.toString(), "--queries", q.toString());
    assertEquals(1, dtype.status());
    assertTrue(dtype.err().contains("uint8"), dtype.err());

    Run unknown =
        run("search", "--db", db.toString(), "--queries", db.toString(), "--index", "hnsw");
    assertEquals(1, unknown.status());
    assertTrue(unknown.err().contains("known: linear, mih"), unknown.err());

    Run badK = run("search", "--db", db.toString(), "--queries", db.toString(), "--k", "0");
    assertEquals(1, badK.status());

    Run flag = run("search", "--db", db.toString(), "--queries", db.toString(), "--bogus");
    assertEquals(2, flag.status());
    assertTrue(flag.err().contains("--bogus"), flag.err());

    Path corrupt = dir.resolve("c.thi");
    Files.write(corrupt, new byte[100]);
    Run index = run("index", "info", corrupt.toString());
    assertEquals(1, index.status());
    assertTrue(index.err().contains("c.thi") && index.err().contains("magic"), index.err());
  }

  @Test
  void aBadOneDnnChoiceIsOneClearLine() {
    System.setProperty(OneDnn.PROPERTY, "maybe");
    try {
      Run r = run("eval", "--help");
      assertEquals(1, r.status());
      assertTrue(r.err().contains("-Dtranshash.onednn must be auto, on or off"), r.err());
    } finally {
      System.clearProperty(OneDnn.PROPERTY);
    }
    assertEquals(0, run("eval", "--help").status());
  }

  @Test
  void everyCommandHasHelp() {
    List<String[]> commands = new ArrayList<>();
    commands.add(new String[] {"--help"});
    new CommandLine(new TransHashCli())
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              commands.add(new String[] {name, "--help"});
              sub.getSubcommands()
                  .keySet()
                  .forEach(s -> commands.add(new String[] {name, s, "--help"}));
            });
    assertTrue(commands.size() >= 12, "every command and index's subcommands");
    for (String[] args : commands) {
      Run r = run(args);
      assertEquals(0, r.status(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  @Test
  void curvesPlotsLogsAndNamesTheBadLine(@TempDir Path dir) throws Exception {
    Path run = Files.createDirectories(dir.resolve("hybrid-32"));
    Files.writeString(
        run.resolve("train.jsonl"),
        String.join(
            "\n",
            "{\"loss\":5.3,\"step\":50,\"lr\":0.001,\"epoch\":1}",
            "{\"epoch\":1,\"mean_loss\":6.0,\"validation_map\":0.52,\"seconds\":50.0}",
            "{\"epoch\":2,\"mean_loss\":5.3,\"validation_map\":0.61,\"seconds\":96.0}",
            "{\"epoch\":3,\"mean_loss\":5.1,\"validation_map\":0.58,\"seconds\":140.0}"));
    Path noValidation = dir.resolve("plain.jsonl");
    Files.writeString(noValidation, "{\"epoch\":1,\"mean_loss\":2.0,\"seconds\":10.0}\n");
    Path png = dir.resolve("curves.png");

    Run r = run("curves", run.toString(), "--out", png.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(
        r.out().contains("hybrid-32: 3 epochs, best validation mAP 0.6100 (epoch 2)"), r.out());
    assertTrue(Files.size(png) > 1000);

    Run loss =
        run(
            "curves",
            run.toString(),
            noValidation.toString(),
            "--metric",
            "loss",
            "--out",
            png.toString());
    assertEquals(0, loss.status(), loss.err());
    assertTrue(loss.out().contains("plain: 1 epochs, last loss 2.0000"), loss.out());

    Run map = run("curves", noValidation.toString(), "--out", png.toString());
    assertEquals(1, map.status());
    assertTrue(map.err().contains("plain has no epoch with a validation mAP"), map.err());

    Files.writeString(
        noValidation, "{\"epoch\":1,\"mean_loss\":2.0,\"seconds\":10.0}\n{\"epoch\":2,");
    Run corrupt =
        run("curves", noValidation.toString(), "--metric", "loss", "--out", png.toString());
    assertEquals(1, corrupt.status());
    assertTrue(
        corrupt.err().contains("plain.jsonl") && corrupt.err().contains("line 2"), corrupt.err());

    Run missing = run("curves", dir.resolve("nowhere").toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("nowhere"), missing.err());
  }
}
