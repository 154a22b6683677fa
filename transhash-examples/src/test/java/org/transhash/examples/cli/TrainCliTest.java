package org.transhash.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.BinaryCodes;
import org.transhash.data.testing.TestDatasets;
import org.transhash.train.TrainConfig;
import picocli.CommandLine;

/** train, encode and demo on the committed Fashion-MNIST fixture (fmnist-full: 1,500 / 500). */
class TrainCliTest {
  static String[] args(String command, Path out, String... more) {
    List<String> a = new ArrayList<>();
    a.add(command);
    a.addAll(
        List.of(
            "--data",
            TestDatasets.fashionMnistMiniFolder().toString(),
            "--protocol",
            "fmnist-full",
            "--preset",
            "small-28",
            "--minutes",
            "0",
            "--batch",
            "64",
            "--out",
            out.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /** Runs a command and checks that it fails with this exit status, its error naming each text. */
  private static void assertRefused(int status, String[] arguments, String... texts) {
    CliTest.Run r = CliTest.run(arguments);
    assertEquals(status, r.status(), String.join(" ", arguments));
    for (String text : texts) {
      assertTrue(r.err().contains(text), r.err());
    }
  }

  /** {@code encode} of a run's saved model on the fixture (fmnist-full), into a codes file. */
  static List<String> encodeArgs(Path run, Path codes, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "encode",
                "--model",
                run.resolve("model").toString(),
                "--data",
                TestDatasets.fashionMnistMiniFolder().toString(),
                "--protocol",
                "fmnist-full",
                "--out",
                codes.toString()));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void trainResumeAndEncodeTheSameCodesFromTheModelAndItsKeptCheckpoint(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("run");
    CliTest.Run first = CliTest.run(args("train", out, "--epochs", "1"));
    assertEquals(0, first.status(), first.err());
    assertTrue(first.out().contains("1 epochs"), first.out());
    assertTrue(first.out().contains("validation mAP"), first.out());
    assertTrue(Files.isRegularFile(out.resolve("model/model.json")));

    // the resumed session keeps by the one-standard-error rule: the epoch it names is still the
    // one whose weights the model, best.safetensors and that epoch's checkpoint hold
    CliTest.Run resumed =
        CliTest.run(args("train", out, "--epochs", "2", "--resume", "--keep-epoch", "one-se"));
    assertEquals(0, resumed.status(), resumed.err());
    assertTrue(resumed.out().contains("2 epochs"), resumed.out());

    Matcher kept = Pattern.compile("kept epoch (\\d+)").matcher(resumed.out());
    assertTrue(kept.find(), resumed.out());
    Path checkpoints = out.resolve("checkpoints");
    Path keptEpoch =
        checkpoints.resolve(String.format("epoch-%03d", Integer.parseInt(kept.group(1))));
    List<List<String>> weights =
        List.of(
            List.of(),
            List.of(),
            List.of("--weights", keptEpoch.resolve("weights.safetensors").toString()),
            List.of("--weights", checkpoints.resolve("best.safetensors").toString()));
    byte[][] codes = new byte[weights.size()][];
    for (int i = 0; i < weights.size(); i++) {
      Path file = dir.resolve("q" + i + ".npy");
      List<String> encode =
          encodeArgs(out, file, "--part", "query", "--labels", dir.resolve("l.npy").toString());
      encode.addAll(weights.get(i));
      CliTest.Run run = CliTest.run(encode.toArray(String[]::new));
      assertEquals(0, run.status(), run.err());
      codes[i] = Files.readAllBytes(file);
    }
    for (int i = 1; i < weights.size(); i++) {
      assertArrayEquals(codes[0], codes[i], "encode " + weights.get(i));
    }
    assertEquals(500, BinaryCodes.readNpy(dir.resolve("q0.npy")).count());

    CliTest.Run missing =
        CliTest.run(
            "encode",
            "--model",
            out.resolve("model").toString(),
            "--weights",
            checkpoints.resolve("epoch-009/weights.safetensors").toString(),
            "--out",
            dir.resolve("x.npy").toString());
    assertNotEquals(0, missing.status());
    assertTrue(missing.err().contains("epoch-009"), missing.err());
    assertFalse(Files.exists(dir.resolve("x.npy")));
  }

  @Test
  void demoPrintsTheFiguresAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    CliTest.Run r =
        CliTest.run(
            args(
                "demo",
                out,
                "--epochs",
                "1",
                "--bits",
                "16",
                "--erase",
                "0.5",
                "--rotate",
                "10",
                "--zoom",
                "0.1",
                "--crop-padding",
                "2",
                "--repeat-augment",
                "2",
                "--mixup",
                "0.2",
                "--cutmix",
                "1",
                "--cross-batch-memory",
                "64",
                "--memory-from-step",
                "3",
                "--depth",
                "3",
                "--test-time",
                "mirror",
                "--keep-epoch",
                "ONE-SE"));
    assertEquals(0, r.status(), r.err());
    String saved = Files.readString(out.resolve("model/model.json"));
    assertTrue(
        saved.contains("\"random_erasing\":0.5"),
        "the erasing probability is in the saved configuration");
    assertTrue(
        saved.contains("\"random_rotation_degrees\":10.0,\"random_scale\":0.1"),
        "the rotation and scaling are saved");
    assertTrue(saved.contains("\"crop_padding\":2"), "the crop padding is saved");
    assertTrue(saved.contains("\"repeated_augmentation\":2"), "the repeats are saved");
    assertTrue(
        saved.contains("\"mixup_alpha\":0.2,\"cutmix_alpha\":1.0,\"mixing_probability\":1.0"),
        "the mixing is saved");
    assertTrue(
        saved.contains("\"cross_batch_memory\":64,\"memory_from_step\":3"), "the memory is saved");
    assertTrue(saved.contains("\"vit_depth\":3"), "the depth is in the saved specification");
    assertTrue(saved.contains("\"test_time\":\"mirror\""), "the test-time view is saved");
    assertTrue(saved.contains("\"epoch_selection\":\"one-se\""), "the epoch rule is saved");
    assertTrue(saved.contains("\"validation_standard_errors\":[0."), saved);
    assertTrue(r.out().contains("kept epoch 1 (the latest within one standard error"), r.out());
    assertTrue(r.out().contains("averaged with the mirror images'"), r.out());
    // encode reproduces the demo's mirror-averaged database codes; other views do not
    byte[] demoCodes = Files.readAllBytes(out.resolve("db_codes.npy"));
    for (String view : new String[] {null, "none", "mirror-shift"}) {
      List<String> encode = encodeArgs(out, dir.resolve("db-" + view + ".npy"));
      if (view != null) {
        encode.addAll(List.of("--test-time", view));
      }
      CliTest.Run e = CliTest.run(encode.toArray(String[]::new));
      assertEquals(0, e.status(), e.err());
      byte[] codes = Files.readAllBytes(dir.resolve("db-" + view + ".npy"));
      if (view == null) {
        assertArrayEquals(demoCodes, codes, "the saved model's own view");
      } else {
        assertFalse(java.util.Arrays.equals(demoCodes, codes), view + " is not the mirror");
      }
    }
    for (String s : new String[] {"mAP@all", "P@H<=2", "queries/s", "validation mAP"}) {
      assertTrue(r.out().contains(s), r.out());
    }
    assertTrue(Files.isRegularFile(out.resolve("report/report.json")));
    assertTrue(Files.isRegularFile(out.resolve("index.thi")));
    assertTrue(Files.size(out.resolve("report/learning_curve.png")) > 1000);

    CliTest.Run curves =
        CliTest.run(
            "curves", out.toString(), "--x", "minutes", "--out", dir.resolve("c.png").toString());
    assertEquals(0, curves.status(), curves.err());
    assertTrue(curves.out().contains("demo: 1 epochs, best validation mAP"), curves.out());
    assertTrue(Files.size(dir.resolve("c.png")) > 1000);
  }

  @Test
  void badChoicesFailBeforeTrainingAndSayWhy(@TempDir Path dir) {
    Path out = dir.resolve("bad");
    assertRefused(1, args("train", out, "--model", "vit-huge"), "resnet18");
    assertRefused(1, args("train", out, "--bits", "12"), "local head");
    assertRefused(1, args("train", out, "--loss", "dpsh", "--gamma", "5"), "--gamma");
    assertRefused(1, args("train", out, "--model", "resnet18", "--local-norm"), "--local-norm");
    assertRefused(1, args("train", out, "--model", "resnet18", "--depth", "4"), "--depth");
    assertRefused(1, args("train", out, "--depth", "1"), "depth >= 2");
    assertRefused(1, args("train", out, "--depth", "-1"), "depth");
    assertRefused(1, args("train", out, "--erase", "1.5"), "erasing probability");
    assertRefused(1, args("train", out, "--rotate", "200"), "rotation's bound must be in 0..180");
    assertRefused(1, args("train", out, "--zoom", "1"), "scale's bound must be in [0, 1)");
    assertRefused(
        1, args("train", out, "--no-augment", "--rotate", "10"), "need the augmentation on");
    assertRefused(1, args("train", out, "--mixup", "-1"), "mixup alpha must be in 0..100");
    assertRefused(1, args("train", out, "--cutmix", "1", "--mix-prob", "2"), "probability");
    assertRefused(
        1, args("train", out, "--no-augment", "--cutmix", "1"), "needs the augmentation on");
    assertRefused(
        1, args("train", out, "--loss", "dsh", "--mixup", "0.2"), "dsh does not take mixed");
    assertRefused(
        2, args("train", out, "--test-time", "sideways"), "mirror, mirror-shift, none", "sideways");
    assertRefused(2, args("train", out, "--keep-epoch", "last"), "last", "best, one-se");
    assertRefused(1, args("train", out, "--no-augment", "--erase", "0.25"), "augmentation");
    for (String pixels : List.of("2", "4")) { // the default's value too: no crop, no padding
      assertRefused(
          1,
          args("train", out, "--no-augment", "--crop-padding", pixels),
          "crop padding is augmentation");
    }
    assertRefused(
        1,
        args("train", out, "--no-augment", "--repeat-augment", "2"),
        "needs the augmentation on");
    assertRefused(1, args("train", out, "--repeat-augment", "3"), "must divide the batch");
    assertRefused(
        1,
        args("train", out, "--loss", "dpsh", "--cross-batch-memory", "256"),
        "dpsh takes no cross-batch memory");
    assertRefused(1, args("train", out, "--crop-padding", "-1"), "crop padding must be >= 0");
    assertFalse(Files.exists(out.resolve("train.jsonl")), "nothing trained");
    CliTest.Run missing =
        CliTest.run("encode", "--model", dir.resolve("none").toString(), "--out", "x.npy");
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("none"), missing.err());
    CliTest.Run usage = CliTest.run("train", "--optimizer", "adagrad");
    assertEquals(2, usage.status());
  }

  @Test
  void learningRateAndWeightDecayDefaultToTheChosenOptimizers() {
    TrainConfig sgd = options().config();
    assertEquals(TrainConfig.OptimizerKind.SGD, sgd.optimizer());
    assertEquals(0.1, sgd.learningRate());
    assertEquals(1e-3, sgd.weightDecay());
    TrainConfig adamW = options("--optimizer", "ADAMW").config();
    assertEquals(TrainConfig.OptimizerKind.ADAMW, adamW.optimizer());
    assertEquals(1e-3, adamW.learningRate());
    assertEquals(0.05, adamW.weightDecay());
    TrainConfig given =
        options("--optimizer", "ADAMW", "--lr", "2e-3", "--weight-decay", "0").config();
    assertEquals(2e-3, given.learningRate());
    assertEquals(0, given.weightDecay());
  }

  private static TrainOptions options(String... args) {
    TrainOptions options = new TrainOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  @Test
  void unknownNamesFailBeforeAnyDataIsRead(@TempDir Path dir) {
    String noData = dir.resolve("no-such-dataset").toString();
    Path out = dir.resolve("out");
    String[][] typos = {
      {"train", "--preset", "small-28-residul-d2"},
      {"train", "--model", "vit-huge"},
      {"train", "--loss", "dhc"},
      {"demo", "--index", "hnsw"},
    };
    String[] known = {"small-28-residual-d2", "resnet18", "dch", "linear, mih"};
    for (int i = 0; i < typos.length; i++) {
      List<String> a = new ArrayList<>(List.of(typos[i]));
      a.addAll(List.of("--data", noData, "--no-install", "--out", out.toString()));
      CliTest.Run typo = CliTest.run(a.toArray(String[]::new));
      String what = String.join(" ", typos[i]);
      assertEquals(1, typo.status(), what);
      assertTrue(typo.err().contains(known[i]), what + ": " + typo.err());
      assertFalse(typo.err().contains("no-such-dataset"), what + ": " + typo.err());
    }
    assertFalse(Files.exists(out), "nothing written");
  }
}
