package org.transhash.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HashingModel;
import org.transhash.api.ImageDataset;
import org.transhash.data.transform.ImageTransform;

/**
 * Turns images into codes with a trained model: inference in batches, heads concatenated, binarised
 * by sign; the continuous outputs are kept for re-ranking. With a {@link TestTimeAugmentation} of
 * several views (the mirror image, moved copies) the outputs are the mean of the views' outputs.
 *
 * <pre>{@code
 * Encoder.Encoded db = Encoder.encode(model, manager, dataset, split.database(), normalize, 256);
 * db.codes();     // BinaryCodes
 * }</pre>
 */
public final class Encoder {
  private Encoder() {}

  /**
   * Codes and continuous outputs of a set of images.
   *
   * @param codes the codes, one per image, in the order given
   * @param outputs the continuous outputs, row-major (images, bits)
   */
  public record Encoded(BinaryCodes codes, float[] outputs) {}

  /**
   * Encodes images of a dataset as they are ({@link TestTimeAugmentation#NONE}).
   *
   * @param model an initialised model
   * @param manager the manager its parameters live in
   * @param dataset the dataset
   * @param positions the images to encode
   * @param transform the test-time transform (normalisation)
   * @param batchSize images per forward pass
   * @return codes and outputs
   * @throws IOException when an image cannot be read
   */
  public static Encoded encode(
      HashingModel model,
      NDManager manager,
      ImageDataset dataset,
      int[] positions,
      ImageTransform transform,
      int batchSize)
      throws IOException {
    return encode(
        model, manager, dataset, positions, transform, batchSize, TestTimeAugmentation.NONE);
  }

  /**
   * Encodes images of a dataset.
   *
   * @param model an initialised model
   * @param manager the manager its parameters live in
   * @param dataset the dataset
   * @param positions the images to encode
   * @param transform the test-time transform (normalisation)
   * @param batchSize images per forward pass
   * @param augmentation the views of each image whose outputs are averaged
   * @return codes and outputs
   * @throws IOException when an image cannot be read
   */
  public static Encoded encode(
      HashingModel model,
      NDManager manager,
      ImageDataset dataset,
      int[] positions,
      ImageTransform transform,
      int batchSize,
      TestTimeAugmentation augmentation)
      throws IOException {
    BatchSource source = new BatchSource(dataset, positions);
    int bits = model.bits();
    float[] outputs = new float[positions.length * bits];
    int[] order = new int[positions.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    SplittableRandom noRandomness = new SplittableRandom(0); // test transforms draw nothing
    List<ImageTransform> views =
        augmentation.views().stream().map(view -> view.then(transform)).toList();
    Progress progress = new Progress(positions.length, 1);
    for (int from = 0; from < positions.length; from += batchSize) {
      int to = Math.min(positions.length, from + batchSize);
      try (NDManager step = manager.newSubManager()) {
        NDArray sum = null;
        for (ImageTransform view : views) {
          NDArray images = source.images(step, order, from, to, view, noRandomness);
          NDArray viewed = outputs(model, step, images);
          sum = sum == null ? viewed : sum.add(viewed);
        }
        NDArray code = views.size() == 1 ? sum : sum.div(views.size());
        System.arraycopy(code.toFloatArray(), 0, outputs, from * bits, (to - from) * bits);
      }
      progress.encoded(to);
    }
    progress.finish();
    return new Encoded(BinaryCodes.fromSigns(outputs, positions.length, bits), outputs);
  }

  /** The model's heads for a batch, concatenated: (N, bits). */
  private static NDArray outputs(HashingModel model, NDManager manager, NDArray images) {
    NDList heads =
        model.block().forward(new ParameterStore(manager, false), new NDList(images), false);
    return heads.size() == 1 ? heads.singletonOrThrow() : NDArrays.concat(heads, 1);
  }
}
