package org.transhash.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.transhash.api.BinaryCodes;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.data.source.IdxDatasetSource;
import org.transhash.data.split.Split;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.train.Encoder;
import org.transhash.train.SavedModel;
import org.transhash.train.TestTimeAugmentation.View;

/**
 * Scores sets of test-time views of a finished quality run: each view's outputs are computed once,
 * then every set averages its views' outputs before the sign, as {@code Encoder} does, and is
 * evaluated like the run (mAP@all, P@H<=2 of the run's queries against its database, or every
 * STRIDE-th database image for a quicker look). Prints one JSON line per set.
 *
 * <pre>
 * transhash-bench/scripts/test_time_views.sh [--stride 4] RUN_DIR VIEWSET...
 *   VIEWSET: views joined by '+', each DOWN,RIGHT or DOWN,RIGHT,m (mirrored after the move):
 *   0,0 is the plain code, 0,0+0,0,m the mirror's, 0,0+0,0,m+-1,0+1,0 mirror-shift's
 * </pre>
 */
public final class TestTimeViews {
  private TestTimeViews() {}

  /**
   * @param args {@code [--stride N] RUN_DIR VIEWSET...}
   * @throws Exception when the run's model, split or the dataset cannot be read
   */
  public static void main(String[] args) throws Exception {
    int stride = 1;
    int first = 0;
    if (args.length > 1 && args[0].equals("--stride")) {
      stride = Integer.parseInt(args[1]);
      first = 2;
    }
    InvalidInputException.check(
        args.length - first >= 2 && stride >= 1,
        "usage: TestTimeViews [--stride N>=1] RUN_DIR VIEWSET... (got %s)",
        String.join(" ", args));
    Path run = Path.of(args[first]);
    List<List<View>> sets = new ArrayList<>();
    for (int i = first + 1; i < args.length; i++) {
      sets.add(parseSet(args[i]));
    }
    ImageDataset data = IdxDatasetSource.fashionMnist().load(IdxDatasetSource.DEBIAN_FASHION_MNIST);
    Split split = Split.load(splitFile(run));
    split.checkMatches(data);
    int[] queries = split.query();
    int[] database = everyNth(split.database(), stride);
    Labels queryLabels = data.labels().select(queries);
    Labels databaseLabels = data.labels().select(database);
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved = SavedModel.load(run.resolve("model"), manager);
      int bits = saved.spec().bits();
      Map<View, float[][]> outputs = new LinkedHashMap<>(); // view -> {queries, database}
      for (List<View> set : sets) {
        for (View view : set) {
          if (!outputs.containsKey(view)) {
            long start = System.nanoTime();
            float[] q = encode(saved, manager, data, queries, view);
            float[] db = encode(saved, manager, data, database, view);
            outputs.put(view, new float[][] {q, db});
            System.err.printf(
                Locale.ROOT,
                "view %s: %d images in %.1f s%n",
                label(view),
                queries.length + database.length,
                (System.nanoTime() - start) / 1e9);
          }
        }
      }
      for (List<View> set : sets) {
        BinaryCodes q = BinaryCodes.fromSigns(mean(set, outputs, 0), queries.length, bits);
        BinaryCodes db = BinaryCodes.fromSigns(mean(set, outputs, 1), database.length, bits);
        RetrievalMetrics m =
            RetrievalEvaluator.evaluate(q, queryLabels, db, databaseLabels, EvalOptions.defaults());
        System.out.printf(
            Locale.ROOT,
            "{\"run\":\"%s\",\"views\":\"%s\",\"count\":%d,\"queries\":%d,\"database\":%d,"
                + "\"map_all\":%.4f,\"p_at_h2\":%.4f}%n",
            run.getFileName(),
            String.join("+", set.stream().map(TestTimeViews::label).toList()),
            set.size(),
            queries.length,
            database.length,
            m.map(),
            m.precisionWithinRadius2());
      }
    }
  }

  /** The mean of the views' outputs, summed in float in the set's order as the encoder does. */
  private static float[] mean(List<View> set, Map<View, float[][]> outputs, int part) {
    float[] sum = outputs.get(set.get(0))[part].clone();
    for (View view : set.subList(1, set.size())) {
      float[] next = outputs.get(view)[part];
      for (int i = 0; i < sum.length; i++) {
        sum[i] += next[i];
      }
    }
    if (set.size() > 1) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] /= set.size();
      }
    }
    return sum;
  }

  private static float[] encode(
      SavedModel saved, NDManager manager, ImageDataset data, int[] positions, View view)
      throws IOException {
    return Encoder.encode(
            saved.model(), manager, data, positions, view.then(saved.normalize()), 256)
        .outputs();
  }

  static List<View> parseSet(String set) {
    List<View> views = new ArrayList<>();
    for (String view : set.split("\\+")) {
      String[] parts = view.split(",");
      InvalidInputException.check(
          (parts.length == 2 || parts.length == 3 && parts[2].equals("m")),
          "a view is DOWN,RIGHT or DOWN,RIGHT,m; got '%s' in '%s'",
          view,
          set);
      try {
        views.add(
            new View(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts.length == 3));
      } catch (NumberFormatException e) {
        throw new InvalidInputException("a view's moves are whole pixels; got '" + view + "'");
      }
    }
    return views;
  }

  private static String label(View view) {
    return view.down() + "," + view.right() + (view.mirrored() ? ",m" : "");
  }

  private static int[] everyNth(int[] positions, int stride) {
    int[] out = new int[(positions.length + stride - 1) / stride];
    for (int i = 0; i < out.length; i++) {
      out[i] = positions[i * stride];
    }
    return out;
  }

  private static Path splitFile(Path run) throws IOException {
    try (Stream<Path> files = Files.list(run)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".split"))
          .findFirst()
          .orElseThrow(() -> new InvalidInputException(run + " has no .split file"));
    }
  }
}
