package org.transhash.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.transhash.api.UnknownNameException;
import org.transhash.data.transform.Compose;
import org.transhash.data.transform.HorizontalFlip;
import org.transhash.data.transform.ImageTransform;
import org.transhash.data.transform.Translate;

/**
 * How the encoder looks at an image: as it is, or through several views whose outputs are averaged
 * before the sign. Training moves images by up to four pixels and flips them at random, so the
 * model learns those views; averaging some of them makes a code less sensitive to the view, at one
 * forward pass per view. A saved model records its choice, so encoding it again gives the same
 * codes.
 *
 * <pre>{@code
 * Encoder.encode(model, manager, dataset, positions, normalize, 256, TestTimeAugmentation.MIRROR);
 * }</pre>
 */
public enum TestTimeAugmentation {
  /** The image as it is: one forward pass. */
  NONE(View.AS_IS),
  /** The mean of the outputs for the image and its mirror image: two forward passes. */
  MIRROR(View.AS_IS, View.MIRRORED),
  /**
   * {@link #MIRROR} and the image moved one pixel up and one pixel down: four forward passes.
   * (Moved left and right instead, the codes were worse: BENCHMARKS.md.)
   */
  MIRROR_SHIFT(View.AS_IS, View.MIRRORED, new View(-1, 0, false), new View(1, 0, false));

  /**
   * One look at an image: moved by whole pixels (zeros fill what it leaves, as the training crop's
   * padding does), then mirrored left to right or not.
   *
   * @param down rows the content moves down (negative: up)
   * @param right columns the content moves right (negative: left)
   * @param mirrored whether left and right are swapped after the move
   */
  public record View(int down, int right, boolean mirrored) {
    /** The image as it is. */
    public static final View AS_IS = new View(0, 0, false);

    /** The mirror image. */
    public static final View MIRRORED = new View(0, 0, true);

    /**
     * @param normalize the test-time transform that follows the view
     * @return this view, then {@code normalize}
     */
    public ImageTransform then(ImageTransform normalize) {
      return Compose.of(
          new Translate(down, right), new HorizontalFlip(mirrored ? 1 : 0), normalize);
    }
  }

  private final List<View> views;

  TestTimeAugmentation(View... views) {
    this.views = List.of(views);
  }

  /** The views whose outputs are averaged, the image as it is first. */
  public List<View> views() {
    return views;
  }

  /**
   * The name in model descriptions and on the command line: {@code none}, {@code mirror} or {@code
   * mirror-shift}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * The augmentation with this label, in any case.
   *
   * @param label {@code none}, {@code mirror} or {@code mirror-shift}
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
