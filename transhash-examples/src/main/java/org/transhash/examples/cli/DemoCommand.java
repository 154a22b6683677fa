package org.transhash.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transhash.api.ImageDataset;
import org.transhash.data.split.Split;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.train.guice.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    description =
        "Train TransHash on Fashion-MNIST (fmnist protocol: 5,000 training images, 1,000 "
            + "queries, 64,000 database images) for at most --minutes, then encode, index, evaluate "
            + "and report. Every choice is a flag; the outputs (model, checkpoints, codes, index, "
            + "report) go to --out.")
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Mixin TrainOptions train = new TrainOptions();

  @Option(
      names = "--index",
      defaultValue = "linear",
      description = "Index of the database codes: linear or mih (default ${DEFAULT-VALUE}).")
  String index;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "Search threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--out",
      defaultValue = "demo-out",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    train.check().index(index);
    ImageDataset dataset = data.load(w);
    Split split = data.split(dataset);
    Files.createDirectories(out);
    split.save(out.resolve(split.protocol() + "-seed" + split.seed() + ".split"));
    w.printf(Locale.ROOT, "%s; %s%n", dataset.description(), split);
    w.flush();
    Pipeline.Result result =
        train
            .pipelineRun(dataset, split, data.normalize())
            .index(index)
            .threads(threads)
            .output(out)
            .run();
    TrainOutput.print(w, train.model + " + " + train.loss, train.bits, result.training());
    RetrievalMetrics metrics = result.metrics();
    w.printf(
        Locale.ROOT,
        "encoded %d images in %.1f s%s%n",
        split.database().length + split.query().length,
        result.encodeSeconds(),
        switch (train.testTime) {
          case NONE -> "";
          case MIRROR -> " (outputs averaged with the mirror images')";
          case MIRROR_SHIFT ->
              " (outputs averaged over each image, its mirror image and two moved copies)";
        });
    w.printf(Locale.ROOT, "mAP@all  %.4f%n", metrics.map());
    w.printf(Locale.ROOT, "P@H<=2   %.4f%n", metrics.precisionWithinRadius2());
    w.printf(
        Locale.ROOT,
        "search   %.0f queries/s (%s index, k=100, %d threads, %d database codes)%n",
        result.queriesPerSecond(),
        index,
        threads,
        split.database().length);
    w.printf("report, plots, codes, index and model in %s%n", out);
    return 0;
  }
}
