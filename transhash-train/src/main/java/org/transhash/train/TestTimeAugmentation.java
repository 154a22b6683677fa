package org.transhash.train;

import java.util.Arrays;
import java.util.Locale;
import org.transhash.api.UnknownNameException;

/**
 * How the encoder looks at an image: as it is, or as the mean of the model's outputs for the image
 * and for its mirror image (left and right swapped) before the sign. Training flips images at
 * random, so the model learns both views; averaging them makes a code less sensitive to the view,
 * at twice the forward passes. A saved model records its choice, so encoding it again gives the
 * same codes.
 *
 * <pre>{@code
 * Encoder.encode(model, manager, dataset, positions, normalize, 256, TestTimeAugmentation.MIRROR);
 * }</pre>
 */
public enum TestTimeAugmentation {
  /** The image as it is: one forward pass. */
  NONE,
  /** The mean of the outputs for the image and its mirror image: two forward passes. */
  MIRROR;

  /** The name in model descriptions and on the command line: {@code none} or {@code mirror}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The augmentation with this label, in any case.
   *
   * @param label {@code none} or {@code mirror}
   * @return the augmentation
   * @throws UnknownNameException listing the known labels
   */
  public static TestTimeAugmentation fromLabel(String label) {
    for (TestTimeAugmentation t : values()) {
      if (t.label().equalsIgnoreCase(label)) {
        return t;
      }
    }
    throw new UnknownNameException(
        "test-time augmentation",
        label,
        Arrays.stream(values()).map(TestTimeAugmentation::label).toList());
  }
}
