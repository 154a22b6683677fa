package org.transhash.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.transhash.api.BinaryCodes;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.data.source.IdxDatasetSource;
import org.transhash.data.split.Split;
import org.transhash.data.split.SplitProtocol;
import org.transhash.eval.EvalOptions;
import org.transhash.eval.RetrievalEvaluator;
import org.transhash.eval.RetrievalMetrics;
import org.transhash.loss.shallow.Itq;
import org.transhash.loss.shallow.Lsh;
import org.transhash.loss.shallow.ShallowHashing;
import org.transhash.loss.shallow.SpectralHashing;

/**
 * LSH, ITQ and spectral hashing on Fashion-MNIST pixels under the fmnist protocol (seed 0): fitted
 * on the 5,000 training images, 1,000 queries against the 64,000-image database, mAP@all and P@H<=2
 * at 16, 32 and 64 bits. Prints one JSON line per method and length.
 *
 * <pre>
 * transhash-bench/scripts/shallow_baselines.sh [FASHION_MNIST_FOLDER]
 * </pre>
 */
public final class ShallowBaselines {
  private ShallowBaselines() {}

  /**
   * @param args optional folder of the Fashion-MNIST IDX files
   * @throws Exception when the dataset cannot be read
   */
  public static void main(String[] args) throws Exception {
    Path folder = args.length > 0 ? Path.of(args[0]) : IdxDatasetSource.DEBIAN_FASHION_MNIST;
    ImageDataset data = IdxDatasetSource.fashionMnist().load(folder);
    Split split = SplitProtocol.FMNIST.draw(data, 0);
    double[][] train = pixels(data, split.train());
    double[][] queries = pixels(data, split.query());
    double[][] database = pixels(data, split.database());
    Labels ql = data.labels().select(split.query());
    Labels dl = data.labels().select(split.database());
    for (int bits : new int[] {16, 32, 64}) {
      for (ShallowHashing method :
          new ShallowHashing[] {new Lsh(), new Itq(), new SpectralHashing()}) {
        long start = System.nanoTime();
        ShallowHashing.Hasher hasher = method.fit(train, bits, 0);
        BinaryCodes q = hasher.encode(queries);
        BinaryCodes db = hasher.encode(database);
        double fitEncode = (System.nanoTime() - start) / 1e9;
        RetrievalMetrics m = RetrievalEvaluator.evaluate(q, ql, db, dl, EvalOptions.defaults());
        System.out.printf(
            Locale.ROOT,
            "{\"method\":\"%s\",\"bits\":%d,\"protocol\":\"fmnist\",\"seed\":0,\"map_all\":%.4f,"
                + "\"p_at_h2\":%.4f,\"fit_encode_s\":%.1f}%n",
            method.name(),
            bits,
            m.map(),
            m.precisionWithinRadius2(),
            fitEncode);
      }
    }
  }

  private static double[][] pixels(ImageDataset data, int[] positions) throws java.io.IOException {
    double[][] out = new double[positions.length][];
    for (int i = 0; i < positions.length; i++) {
      byte[] px = data.image(positions[i]).pixels();
      out[i] = new double[px.length];
      for (int p = 0; p < px.length; p++) {
        out[i][p] = (px[p] & 0xFF) / 255.0;
      }
    }
    return out;
  }
}
