package org.transhash.examples.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.transhash.api.ImageDataset;
import org.transhash.data.split.Split;
import org.transhash.train.guice.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transhash train}: train a model and save it (weights, configuration, provenance). */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a hashing model on a split's training images and save it in OUT/model (weights, "
            + "configuration, provenance), with a checkpoint per epoch in OUT/checkpoints and the "
            + "log in OUT/train.jsonl. --resume continues from the newest checkpoint; without it "
            + "a run starts afresh and replaces the checkpoints and log of an earlier run in OUT.")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin DataOptions data = new DataOptions();

  @Mixin TrainOptions train = new TrainOptions();

  @Option(
      names = "--out",
      defaultValue = "transhash-out",
      description = "Output folder (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--resume",
      description =
          "Continue from the newest checkpoint in OUT (without it, an earlier run's checkpoints "
              + "and log in OUT are replaced).")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    train.check();
    ImageDataset dataset = data.load(w);
    Split split = data.split(dataset);
    Pipeline.Run run =
        train.pipelineRun(dataset, split, data.normalize()).resume(resume).output(out);
    w.printf(Locale.ROOT, "%s; %s%n", dataset.description(), split);
    w.flush();
    try (NDManager manager = NDManager.newBaseManager()) {
      Pipeline.Trained trained = run.trainIn(manager);
      TrainOutput.print(
          w,
          trained.model().model().name() + " + " + trained.model().description().get("loss"),
          trained.model().spec().bits(),
          trained.training());
      w.printf("model saved in %s%n", out.resolve("model"));
    }
    return 0;
  }
}
