package org.transhash.data.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transhash.api.Image;
import org.transhash.api.InvalidInputException;

class TransformsTest {

  /** A 2-channel 4 x 5 image whose value at (c, y, x) is 100 c + 10 y + x. */
  private static FloatImage ramp() {
    float[] data = new float[2 * 4 * 5];
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          data[(c * 4 + y) * 5 + x] = 100 * c + 10 * y + x;
        }
      }
    }
    return FloatImage.of(2, 4, 5, data);
  }

  private static FloatImage constant(int h, int w, float v) {
    float[] data = new float[h * w];
    java.util.Arrays.fill(data, v);
    return FloatImage.of(1, h, w, data);
  }

  @Test
  void toTensorScalesToUnitRange() {
    FloatImage f = FloatImage.fromImage(new Image(1, 1, 3, new byte[] {0, (byte) 255, 51}));
    assertArrayEquals(new float[] {0f, 1f, 0.2f}, f.toArray(), 1e-6f);
  }

  @Test
  void flipMirrorsEveryRowAndTwiceIsIdentity() {
    FloatImage img = ramp();
    FloatImage flipped = new HorizontalFlip(1).apply(img, new SplittableRandom(0));
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          assertEquals(img.get(c, y, 4 - x), flipped.get(c, y, x));
        }
      }
    }
    assertEquals(img, new HorizontalFlip(1).apply(flipped, new SplittableRandom(0)));
    assertSame(img, new HorizontalFlip(0).apply(img, new SplittableRandom(0)));
  }

  @Test
  void randomFlipFlipsAboutHalfTheTimeAndIsSeeded() {
    FloatImage img = ramp();
    SplittableRandom random = new SplittableRandom(42);
    int flips = 0;
    for (int i = 0; i < 1000; i++) {
      if (!new HorizontalFlip(0.5).apply(img, random).equals(img)) {
        flips++;
      }
    }
    assertTrue(flips > 430 && flips < 570, "flipped " + flips + " of 1000");
    FloatImage a =
        Compose.of(new HorizontalFlip(0.5), new RandomCrop(4, 5, 2))
            .apply(img, new SplittableRandom(5));
    FloatImage b =
        Compose.of(new HorizontalFlip(0.5), new RandomCrop(4, 5, 2))
            .apply(img, new SplittableRandom(5));
    assertEquals(a, b);
  }

  @Test
  void randomCropShiftsContentAndPadsWithZeros() {
    FloatImage img = ramp();
    assertEquals(img, new RandomCrop(4, 5, 0).apply(img, new SplittableRandom(1)));
    boolean sawShift = false;
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < 50; t++) {
      FloatImage out = new RandomCrop(4, 5, 2).apply(img, random);
      int matches = 0;
      for (int sy = -2; sy <= 2; sy++) {
        for (int sx = -2; sx <= 2; sx++) {
          if (isShiftedCopy(img, out, sy, sx)) {
            matches++;
            sawShift |= sx != 0 || sy != 0;
          }
        }
      }
      assertEquals(1, matches, "the crop is exactly one shifted, zero-padded copy");
    }
    assertTrue(sawShift);
    assertThrows(
        InvalidInputException.class,
        () -> new RandomCrop(9, 9, 1).apply(img, new SplittableRandom(0)));
  }

  private static boolean isShiftedCopy(FloatImage img, FloatImage out, int sy, int sx) {
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < img.height(); y++) {
        for (int x = 0; x < img.width(); x++) {
          int oy = y + sy;
          int ox = x + sx;
          boolean inside = oy >= 0 && oy < img.height() && ox >= 0 && ox < img.width();
          if (out.get(c, y, x) != (inside ? img.get(c, oy, ox) : 0f)) {
            return false;
          }
        }
      }
    }
    return true;
  }

  @Test
  void translateMovesTheContentAndFillsWithZeros() {
    FloatImage img = ramp();
    assertSame(img, new Translate(0, 0).apply(img, new SplittableRandom(0)));
    for (int down = -2; down <= 2; down++) {
      for (int right = -3; right <= 3; right++) {
        FloatImage out = new Translate(down, right).apply(img, new SplittableRandom(0));
        assertTrue(
            isShiftedCopy(img, out, -down, -right), "moved " + down + " down, " + right + " right");
      }
    }
    FloatImage moved = new Translate(1, 2).apply(img, new SplittableRandom(0));
    assertEquals(122f, moved.get(1, 3, 4), "(1, 2, 2) lands on (1, 3, 4)");
    assertEquals(0f, moved.get(1, 0, 4), "the row it left is zeros");
    assertEquals(0f, moved.get(1, 3, 1), "the columns it left are zeros");
    FloatImage gone = new Translate(0, -5).apply(img, new SplittableRandom(0));
    assertArrayEquals(new float[2 * 4 * 5], gone.toArray(), "moved out of the frame: all zeros");
  }

  @Test
  void centerCropTakesTheMiddle() {
    FloatImage out = new CenterCrop(2, 3).apply(ramp(), new SplittableRandom(0));
    assertEquals(2, out.height());
    assertEquals(3, out.width());
    assertEquals(11f, out.get(0, 0, 0));
    assertEquals(123f, out.get(1, 1, 2));
  }

  @Test
  void resizeKeepsConstantsAndInterpolatesRamps() {
    FloatImage grey = constant(7, 9, 0.25f);
    FloatImage big = Resize.to(20, 13).apply(grey, new SplittableRandom(0));
    for (float v : big.toArray()) {
      assertEquals(0.25f, v, 1e-6f);
    }
    // doubling a 1-D ramp 0, 1 with half-pixel centres gives 0, 0.25, 0.75, 1
    FloatImage ramp = FloatImage.of(1, 1, 2, new float[] {0, 1});
    assertArrayEquals(
        new float[] {0f, 0.25f, 0.75f, 1f},
        Resize.to(1, 4).apply(ramp, new SplittableRandom(0)).toArray(),
        1e-6f);
    FloatImage wide = constant(10, 20, 1f);
    FloatImage shorter = Resize.shorterSide(5).apply(wide, new SplittableRandom(0));
    assertEquals(5, shorter.height());
    assertEquals(10, shorter.width());
    FloatImage same = ramp();
    assertSame(same, Resize.to(4, 5).apply(same, new SplittableRandom(0)));
  }

  @Test
  void randomResizedCropGivesTheSizeAndChangesTheImage() {
    FloatImage img = ramp();
    SplittableRandom random = new SplittableRandom(9);
    FloatImage first = RandomResizedCrop.of(8).apply(img, random);
    assertEquals(8, first.height());
    assertEquals(8, first.width());
    assertNotEquals(first, RandomResizedCrop.of(8).apply(img, random));
    for (float v : RandomResizedCrop.of(6).apply(constant(30, 30, 0.5f), random).toArray()) {
      assertEquals(0.5f, v, 1e-6f);
    }
    // values stay within the image's range: the crop never reads outside
    FloatImage out = new RandomResizedCrop(5, 0.5, 1, 1, 1).apply(img, random);
    for (float v : out.toArray()) {
      assertTrue(v >= 0 && v <= 134, "value " + v);
    }
  }

  @Test
  void normalizeSubtractsAndDivides() {
    FloatImage out =
        new Normalize(new float[] {1, 100}, new float[] {2, 10})
            .apply(ramp(), new SplittableRandom(0));
    assertEquals((23 - 1) / 2f, out.get(0, 2, 3), 1e-6f);
    assertEquals((123 - 100) / 10f, out.get(1, 2, 3), 1e-6f);
    assertThrows(
        InvalidInputException.class,
        () ->
            new Normalize(new float[] {0, 0, 0}, new float[] {1, 1, 1})
                .apply(ramp(), new SplittableRandom(0)));
    assertThrows(InvalidInputException.class, () -> Normalize.of(0, 0));
  }

  @Test
  void erasingFillsOneRectangleInEveryChannel() {
    FloatImage img = constant(28, 28, 5f);
    SplittableRandom random = new SplittableRandom(3);
    int erased = 0;
    for (int i = 0; i < 200; i++) {
      FloatImage out = RandomErasing.of(1).apply(img, random);
      int top = 28;
      int bottom = -1;
      int left = 28;
      int right = -1;
      int zeros = 0;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          float v = out.get(0, y, x);
          assertTrue(v == 0f || v == 5f, "value " + v);
          if (v == 0f) {
            zeros++;
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
            left = Math.min(left, x);
            right = Math.max(right, x);
          }
        }
      }
      if (zeros > 0) {
        erased++;
        int area = (bottom - top + 1) * (right - left + 1);
        assertEquals(area, zeros, "the zeros form one filled rectangle");
        assertTrue(area >= 0.02 * 784 * 0.8 && area <= 0.33 * 784 * 1.2, "area " + area);
        double aspect = (bottom - top + 1) / (double) (right - left + 1);
        assertTrue(aspect > 0.2 && aspect < 5, "aspect " + aspect);
      }
    }
    assertTrue(erased >= 190, "probability 1 erases nearly always, got " + erased);
    FloatImage two = ramp();
    FloatImage out = new RandomErasing(1, 0.2, 0.3, 1, -1f).apply(two, new SplittableRandom(0));
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        assertEquals(out.get(0, y, x) == -1f, out.get(1, y, x) == -1f, "same cell in both");
      }
    }
    assertNotEquals(two, out);
  }

  @Test
  void erasingHappensWithItsProbabilityAndIsSeeded() {
    FloatImage img = constant(28, 28, 1f);
    SplittableRandom random = new SplittableRandom(7);
    int changed = 0;
    for (int i = 0; i < 2000; i++) {
      if (!RandomErasing.of(0.25).apply(img, random).equals(img)) {
        changed++;
      }
    }
    assertTrue(changed > 400 && changed < 600, "about a quarter, got " + changed);
    assertSame(img, RandomErasing.of(0).apply(img, new SplittableRandom(0)));
    assertEquals(
        RandomErasing.of(1).apply(img, new SplittableRandom(11)),
        RandomErasing.of(1).apply(img, new SplittableRandom(11)));
    assertThrows(InvalidInputException.class, () -> RandomErasing.of(1.5));
    assertThrows(InvalidInputException.class, () -> new RandomErasing(0.5, 0.4, 0.3, 0.3, 0));
    assertThrows(InvalidInputException.class, () -> new RandomErasing(0.5, 0.1, 0.3, 0, 0));
    assertThrows(
        InvalidInputException.class, () -> new RandomErasing(0.5, 0.1, 0.3, 0.3, Float.NaN));
  }

  @Test
  void affineTurnsCounterClockwiseAboutTheCentre() {
    float[] data = new float[2 * 5 * 5];
    data[4] = 1f; // channel 0, top-right corner
    data[25 + 4] = 2f; // channel 1, the same corner
    FloatImage marked = FloatImage.of(2, 5, 5, data);
    FloatImage turned = RandomAffine.rotateAndScale(marked, 90, 1);
    assertEquals(1f, turned.get(0, 0, 0), 1e-6f, "the top-right corner goes to the top-left");
    assertEquals(2f, turned.get(1, 0, 0), 1e-6f, "every channel turns alike");
    assertEquals(0f, turned.get(0, 0, 4), 1e-6f);
    FloatImage round = turned;
    for (int i = 0; i < 3; i++) {
      round = RandomAffine.rotateAndScale(round, 90, 1);
    }
    assertArrayEquals(marked.toArray(), round.toArray(), 1e-6f, "four quarter turns: the image");
    assertArrayEquals(ramp().toArray(), RandomAffine.rotateAndScale(ramp(), 0, 1).toArray(), 0f);
  }

  @Test
  void affineScalesAboutTheCentreWithZerosOutside() {
    FloatImage ones = constant(9, 9, 1f);
    FloatImage smaller = RandomAffine.rotateAndScale(ones, 0, 0.5);
    assertEquals(1f, smaller.get(0, 4, 4), 1e-6f, "the centre stays");
    assertEquals(0f, smaller.get(0, 0, 0), 1e-6f, "the corners sample outside the image");
    FloatImage larger = RandomAffine.rotateAndScale(ones, 30, 2);
    for (float v : larger.toArray()) {
      assertEquals(1f, v, 1e-5f, "enlarged, every pixel samples inside the image");
    }
    float[] columns = new float[9 * 9];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i % 9;
    }
    FloatImage doubled = RandomAffine.rotateAndScale(FloatImage.of(1, 9, 9, columns), 0, 2);
    for (int x = 0; x < 9; x++) {
      assertEquals(4 + (x - 4) / 2f, doubled.get(0, 3, x), 1e-5f, "a ramp interpolates exactly");
    }
  }

  @Test
  void affineDrawsItsAngleAndScaleWithinTheBoundsAndIsSeeded() {
    float[] data = new float[28 * 28];
    for (int i = 0; i < data.length; i++) {
      data[i] = (i * 37 % 101) / 100f;
    }
    FloatImage img = FloatImage.of(1, 28, 28, data);
    RandomAffine affine = new RandomAffine(10, 0.1);
    for (long seed = 0; seed < 20; seed++) {
      SplittableRandom draws = new SplittableRandom(seed);
      double degrees = 10 * (2 * draws.nextDouble() - 1);
      double scale = 1 + 0.1 * (2 * draws.nextDouble() - 1);
      assertTrue(Math.abs(degrees) <= 10 && Math.abs(scale - 1) <= 0.1);
      FloatImage out = affine.apply(img, new SplittableRandom(seed));
      assertEquals(RandomAffine.rotateAndScale(img, degrees, scale), out, "seed " + seed);
      assertNotEquals(img, out);
    }
    SplittableRandom untouched = new SplittableRandom(3);
    assertSame(img, new RandomAffine(0, 0).apply(img, untouched));
    assertEquals(new SplittableRandom(3).nextLong(), untouched.nextLong(), "no draw when off");
    assertThrows(InvalidInputException.class, () -> new RandomAffine(-1, 0));
    assertThrows(InvalidInputException.class, () -> new RandomAffine(181, 0));
    assertThrows(InvalidInputException.class, () -> new RandomAffine(Double.NaN, 0));
    assertThrows(InvalidInputException.class, () -> new RandomAffine(0, 1));
    assertThrows(InvalidInputException.class, () -> new RandomAffine(0, -0.1));
    assertThrows(InvalidInputException.class, () -> new RandomAffine(0, Double.NaN));
  }
}
