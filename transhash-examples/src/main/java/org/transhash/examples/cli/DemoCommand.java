package org.transhash.examples.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.TransHashException;
import org.transhash.backbone.HashingModels;
import org.transhash.backbone.vit.VitWeights;
import org.transhash.data.source.IdxDatasetSource;
import org.transhash.data.split.Split;
import org.transhash.data.split.SplitProtocol;
import org.transhash.data.transform.Normalize;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.EvaluationReport;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.index.HammingIndexes;
import org.transhash.loss.HashingLosses;
import org.transhash.train.Encoder;
import org.transhash.train.TrainConfig;
import org.transhash.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code transhash demo}: TransHash end to end on Fashion-MNIST: draw the fmnist split (seed 0),
 * train the small dual-stream ViT within a time budget, encode queries and database, index the
 * database, evaluate and write the report.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train TransHash on Fashion-MNIST (fmnist protocol: 5,000 training images, 1,000 queries,",
      "64,000 database images), then encode, index, evaluate and report. Every choice is a flag."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      description = "Folder of the Fashion-MNIST IDX files (default: Debian's).")
  Path data = IdxDatasetSource.DEBIAN_FASHION_MNIST;

  @Option(
      names = "--no-install",
      description = "Never install dataset-fashion-mnist when it is missing.")
  boolean noInstall;

  @Option(
      names = "--model",
      defaultValue = "vit-dual",
      description = "Model (default ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--preset",
      defaultValue = "small-28",
      description = "ViT preset (default ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--loss",
      defaultValue = "transhash",
      description = "Loss (default ${DEFAULT-VALUE}).")
  String loss;

  @Option(
      names = "--bits",
      defaultValue = "32",
      description = "Code length (default ${DEFAULT-VALUE}).")
  int bits;

  @Option(
      names = "--groups",
      defaultValue = "2",
      description = "Local groups K (default ${DEFAULT-VALUE}).")
  int groups;

  @Option(
      names = "--minutes",
      defaultValue = "10",
      description = "Training time budget (default ${DEFAULT-VALUE}).")
  double minutes;

  @Option(
      names = "--epochs",
      defaultValue = "60",
      description = "At most this many epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--lr",
      defaultValue = "1e-4",
      description = "Peak learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the split and the run (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    ensureDataset(w);
    ImageDataset dataset = IdxDatasetSource.fashionMnist().load(data);
    Split split = SplitProtocol.FMNIST.draw(dataset, seed);
    Files.createDirectories(out);
    split.save(out.resolve("fmnist-seed" + seed + ".split"));
    w.printf(Locale.ROOT, "%s; %s%n", dataset.description(), split);
    w.flush();
    TrainConfig config =
        new TrainConfig(
            epochs, batch, TrainConfig.OptimizerKind.ADAMW, lr, 1, 1e-4, 0.9, 100, 1.0, seed, true);
    try (NDManager manager = NDManager.newBaseManager()) {
      HashingModel net =
          HashingModels.create(model, new HashingModels.Spec(28, 1, bits, groups, preset, false));
      Trainer.Result result =
          new Trainer(config, net, HashingLosses.byName(loss), manager)
              .optTimeBudget(minutes * 60)
              .train(dataset, split.train(), Normalize.FASHION_MNIST, out.resolve("train.jsonl"));
      w.printf(
          Locale.ROOT,
          "trained %s + %s, %d bits: %d steps in %.1f s, epoch losses %s%n",
          net.name(),
          loss,
          bits,
          result.steps(),
          result.seconds(),
          result.epochLosses());
      VitWeights.save(net.block(), out.resolve("model.safetensors"));
      w.flush();
      long start = System.nanoTime();
      BinaryCodes database =
          Encoder.encode(net, manager, dataset, split.database(), Normalize.FASHION_MNIST, 256)
              .codes();
      BinaryCodes queries =
          Encoder.encode(net, manager, dataset, split.query(), Normalize.FASHION_MNIST, 256)
              .codes();
      double encodeSeconds = (System.nanoTime() - start) / 1e9;
      queries.writeNpy(out.resolve("query_codes.npy"));
      database.writeNpy(out.resolve("db_codes.npy"));
      HammingIndex index = HammingIndexes.create("linear", bits, 2, java.util.Map.of());
      long[] ids = java.util.Arrays.stream(split.database()).asLongStream().toArray();
      index.add(database, ids);
      index.search(queries, 100); // warm-up
      start = System.nanoTime();
      index.search(queries, 100);
      double searchSeconds = (System.nanoTime() - start) / 1e9;
      Labels queryLabels = dataset.labels().select(split.query());
      Labels dbLabels = dataset.labels().select(split.database());
      RetrievalMetrics metrics =
          RetrievalEvaluator.evaluate(
              queries, queryLabels, database, dbLabels, EvalOptions.defaults());
      new EvaluationReport(
              "transhash-" + net.name(),
              "fmnist",
              "demo " + net.name(),
              bits,
              database.count(),
              EvalOptions.defaults(),
              metrics)
          .writeTo(out.resolve("report"));
      w.printf(
          Locale.ROOT,
          "encoded %d images in %.1f s%n",
          database.count() + queries.count(),
          encodeSeconds);
      w.printf(Locale.ROOT, "mAP@all  %.4f%n", metrics.map());
      w.printf(Locale.ROOT, "P@H<=2   %.4f%n", metrics.precisionWithinRadius2());
      w.printf(
          Locale.ROOT,
          "search   %.0f queries/s (linear scan, k=100, 2 threads, %d database codes)%n",
          queries.count() / searchSeconds,
          database.count());
      w.printf("report, plots, codes and weights in %s%n", out);
    }
    return 0;
  }

  private void ensureDataset(PrintWriter w) throws Exception {
    if (Files.isDirectory(data)) {
      return;
    }
    String hint =
        data
            + " not found. Install Debian's package (apt-get install dataset-fashion-mnist) or pass"
            + " --data FOLDER with train-images-idx3-ubyte.gz and the three other IDX files";
    boolean canInstall =
        !noInstall
            && data.equals(IdxDatasetSource.DEBIAN_FASHION_MNIST)
            && "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    if (!canInstall) {
      throw new TransHashException(hint);
    }
    w.println("installing dataset-fashion-mnist (apt-get)...");
    w.flush();
    Process p =
        new ProcessBuilder("apt-get", "install", "-y", "-q", "dataset-fashion-mnist")
            .inheritIO()
            .start();
    if (p.waitFor() != 0 || !Files.isDirectory(data)) {
      throw new TransHashException("apt-get could not install dataset-fashion-mnist. " + hint);
    }
  }
}
