package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
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

  /**
   * The images at {@code order[from..to)} after the transform and their labels, both mixed by
   * {@code mixing} (which draws after the transform, and nothing when off).
   *
   * @return the images (N, C, H, W) and the labels (N, classes)
   */
  NDList batch(
      NDManager manager,
      int[] order,
      int from,
      int to,
      ImageTransform transform,
      SplittableRandom random,
      BatchMixing mixing) {
    int[] shape = new int[4];
    float[] data = transformed(order, from, to, transform, random, shape);
    float[] flags = labelFlags(order, from, to);
    mixing.mix(data, flags, shape, random);
    return new NDList(
        manager.create(data, new Shape(shape[0], shape[1], shape[2], shape[3])),
        manager.create(flags, new Shape(shape[0], labels.classCount())));
  }

  /** The images at {@code order[from..to)} after the transform, as (N, C, H, W). */
  NDArray images(
      NDManager manager,
      int[] order,
      int from,
      int to,
      ImageTransform transform,
      SplittableRandom random) {
    int[] shape = new int[4];
    float[] data = transformed(order, from, to, transform, random, shape);
    return manager.create(data, new Shape(shape[0], shape[1], shape[2], shape[3]));
  }

  /**
   * The images at {@code order[from..to)} after the transform, row-major (N, C, H, W); their shape
   * goes into {@code shape}.
   */
  private float[] transformed(
      int[] order,
      int from,
      int to,
      ImageTransform transform,
      SplittableRandom random,
      int[] shape) {
    FloatImage first = transform.apply(images[order[from]], random);
    int per = first.channels() * first.height() * first.width();
    float[] data = new float[(to - from) * per];
    first.copyTo(data, 0);
    for (int i = from + 1; i < to; i++) {
      transform.apply(images[order[i]], random).copyTo(data, (i - from) * per);
    }
    shape[0] = to - from;
    shape[1] = first.channels();
    shape[2] = first.height();
    shape[3] = first.width();
    return data;
  }

  /** The multi-hot labels at {@code order[from..to)}, row-major (N, classes). */
  private float[] labelFlags(int[] order, int from, int to) {
    int classes = labels.classCount();
    float[] data = new float[(to - from) * classes];
    for (int i = from; i < to; i++) {
      for (int c = 0; c < classes; c++) {
        if (labels.hasLabel(order[i], c)) {
          data[(i - from) * classes + c] = 1;
        }
      }
    }
    return data;
  }
}
