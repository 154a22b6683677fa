package org.transhash.examples.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.transhash.api.ImageDataset;
import org.transhash.api.io.Npy;
import org.transhash.api.io.NpyArray;
import org.transhash.data.split.Split;
import org.transhash.train.Encoder;
import org.transhash.train.SavedModel;
import org.transhash.train.TestTimeAugmentation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code transhash encode}: a saved model turns a split's images into codes. */
@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    description =
        "Encode images with a saved model (transhash train's OUT/model): the codes as numpy "
            + "packbits uint8 .npy, and optionally the continuous outputs and the labels. The same "
            + "model and images give the same codes, bit for bit.")
final class EncodeCommand implements Callable<Integer> {
  /** Which images of the split. */
  enum Part {
    query,
    database,
    train,
    all
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, description = "The saved model folder.")
  Path model;

  @Option(
      names = "--weights",
      description =
          "A checkpoint's weights to encode with in place of the kept epoch's: "
              + "OUT/checkpoints/epoch-NNN/weights.safetensors (the two newest epochs) or "
              + "OUT/checkpoints/best.safetensors of the run that saved --model.")
  Path weights;

  @Mixin DataOptions data = new DataOptions();

  @Option(
      names = "--part",
      defaultValue = "database",
      description = "Images to encode: query, database, train or all (default ${DEFAULT-VALUE}).")
  Part part;

  @Option(names = "--out", required = true, description = "Codes file (.npy).")
  Path out;

  @Option(
      names = "--outputs",
      description = "Continuous outputs file (float32 .npy), for re-ranking.")
  Path outputs;

  @Option(names = "--labels", description = "Labels file (.npy) of the encoded images.")
  Path labels;

  @Option(
      names = "--test-time",
      converter = TrainOptions.TestTimeConverter.class,
      description =
          "none, mirror (the mean of each image's outputs and its mirror image's) or mirror-shift"
              + " (mirror, and the image moved one pixel up and one down), in place of the saved"
              + " model's choice (its model.json's test_time).")
  TestTimeAugmentation testTime;

  @Option(
      names = "--batch",
      defaultValue = "256",
      description = "Images per forward pass (default ${DEFAULT-VALUE}).")
  int batch;

  @Override
  public Integer call() throws Exception {
    PrintWriter w = spec.commandLine().getOut();
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved =
          weights == null
              ? SavedModel.load(model, manager)
              : SavedModel.load(model, weights, manager);
      if (testTime != null) {
        saved = saved.withTestTime(testTime);
      }
      ImageDataset dataset = data.load(w);
      int[] positions;
      if (part == Part.all) {
        positions = IntStream.range(0, dataset.size()).toArray();
      } else {
        Split split = data.split(dataset);
        positions =
            switch (part) {
              case query -> split.query();
              case train -> split.train();
              default -> split.database();
            };
      }
      long start = System.nanoTime();
      Encoder.Encoded encoded = saved.encode(manager, dataset, positions, batch);
      double seconds = (System.nanoTime() - start) / 1e9;
      encoded.codes().writeNpy(out);
      if (outputs != null) {
        Npy.write(
            outputs, NpyArray.ofFloat32(encoded.outputs(), positions.length, saved.spec().bits()));
      }
      if (labels != null) {
        Npy.write(labels, dataset.labels().select(positions).toNpy());
      }
      w.printf(
          Locale.ROOT,
          "encoded %d images (%s) into %d-bit codes in %.1f s (%.0f images/s): %s%n",
          positions.length,
          part,
          saved.spec().bits(),
          seconds,
          positions.length / seconds,
          out);
    }
    return 0;
  }
}
