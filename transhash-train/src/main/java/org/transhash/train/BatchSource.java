package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.util.SplittableRandom;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.data.transform.FloatImage;
import org.transhash.data.transform.ImageTransform;

/**
 * Images of a dataset, decoded once, turned into batches: transformed (seeded), stacked into an (N,
 * C, H, W) array and their labels into an (N, classes) multi-hot array, both in the step's manager.
 */
final class BatchSource {
  private final FloatImage[] images;
  private final Labels labels;
  private final int[] positions;

  /**
   * @param dataset the dataset
   * @param positions the images to use, by dataset position
   * @throws IOException when an image cannot be read
   */
  BatchSource(ImageDataset dataset, int[] positions) throws IOException {
    this.positions = positions.clone();
    this.images = new FloatImage[positions.length];
    for (int i = 0; i < positions.length; i++) {
      images[i] = FloatImage.fromImage(dataset.image(positions[i]));
    }
    this.labels = dataset.labels().select(positions);
  }

  int size() {
    return images.length;
  }

  Labels labels() {
    return labels;
  }

  int[] positions() {
    return positions.clone();
  }

  /** The images at {@code order[from..to)} after the transform, as (N, C, H, W). */
  NDArray images(
      NDManager manager,
      int[] order,
      int from,
      int to,
      ImageTransform transform,
      SplittableRandom random) {
    FloatImage first = transform.apply(images[order[from]], random);
    int per = first.channels() * first.height() * first.width();
    float[] data = new float[(to - from) * per];
    first.copyTo(data, 0);
    for (int i = from + 1; i < to; i++) {
      transform.apply(images[order[i]], random).copyTo(data, (i - from) * per);
    }
    return manager.create(
        data, new Shape(to - from, first.channels(), first.height(), first.width()));
  }

  /** The multi-hot labels at {@code order[from..to)}, as (N, classes). */
  NDArray labels(NDManager manager, int[] order, int from, int to) {
    int classes = labels.classCount();
    float[] data = new float[(to - from) * classes];
    for (int i = from; i < to; i++) {
      for (int c = 0; c < classes; c++) {
        if (labels.hasLabel(order[i], c)) {
          data[(i - from) * classes + c] = 1;
        }
      }
    }
    return manager.create(data, new Shape(to - from, classes));
  }
}
