package org.transhash.examples.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transhash.train.LearningCurves;
import org.transhash.train.TrainingLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code transhash curves}: learning curves of training runs, from their logs. */
@Command(
    name = "curves",
    mixinStandardHelpOptions = true,
    description =
        "Plot the learning curves of training runs (the OUT folders of 'transhash train' or "
            + "'transhash demo', or their train.jsonl logs) into one PNG, one line per run, and "
            + "print each run's epochs, best validation mAP and last loss.")
final class CurvesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", description = "Run folders (with a train.jsonl) or .jsonl logs.")
  List<Path> runs;

  @Option(
      names = "--metric",
      defaultValue = "VALIDATION_MAP",
      description = "VALIDATION_MAP or LOSS (default ${DEFAULT-VALUE}).")
  LearningCurves.Metric metric;

  @Option(
      names = "--x",
      defaultValue = "EPOCH",
      description =
          "EPOCH or MINUTES of training (default ${DEFAULT-VALUE}); MINUTES compares runs at "
              + "equal time, as a time budget does.")
  LearningCurves.Axis axis;

  @Option(
      names = "--out",
      defaultValue = "learning_curves.png",
      description = "The PNG to write (default ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Map<String, List<TrainingLog.Epoch>> logs = new LinkedHashMap<>();
    for (Path run : runs) {
      Path log = Files.isDirectory(run) ? run.resolve("train.jsonl") : run;
      String name = nameOf(run);
      logs.put(logs.containsKey(name) ? run.toString() : name, TrainingLog.read(log));
    }
    LearningCurves.plot(logs, metric, axis, out);
    PrintWriter w = spec.commandLine().getOut();
    logs.forEach(
        (name, epochs) -> {
          w.printf(Locale.ROOT, "%s: %d epochs", name, epochs.size());
          epochs.stream()
              .filter(TrainingLog.Epoch::validated)
              .max(Comparator.comparingDouble(TrainingLog.Epoch::validationMap))
              .ifPresent(
                  best ->
                      w.printf(
                          Locale.ROOT,
                          ", best validation mAP %.4f (epoch %d)",
                          best.validationMap(),
                          best.epoch()));
          if (!epochs.isEmpty()) {
            TrainingLog.Epoch last = epochs.get(epochs.size() - 1);
            w.printf(
                Locale.ROOT, ", last loss %.4f, %.1f min%n", last.meanLoss(), last.seconds() / 60);
          } else {
            w.println();
          }
        });
    w.println("written to " + out);
    return 0;
  }

  /** A run folder's name, or the folder of a train.jsonl, or a log's name without .jsonl. */
  private static String nameOf(Path run) {
    Path file = run.toAbsolutePath().normalize();
    if (Files.isDirectory(file) || file.getParent() == null) {
      return String.valueOf(file.getFileName());
    }
    String name = file.getFileName().toString();
    if (name.equals("train.jsonl") && file.getParent().getFileName() != null) {
      return file.getParent().getFileName().toString();
    }
    return name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
  }
}
