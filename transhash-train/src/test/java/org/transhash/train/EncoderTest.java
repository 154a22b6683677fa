package org.transhash.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.UnknownNameException;
import org.transhash.data.source.InMemoryImageDataset;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;

/** Encoding with and without the views of test-time augmentation. */
class EncoderTest {
  private static final int IMAGES = 8;

  /** The first images of the fixture, then the same images mirrored (left and right swapped). */
  private static ImageDataset imagesAndMirrors() throws Exception {
    ImageDataset fixture = TestDatasets.fashionMnistMini();
    int side = 28;
    byte[] pixels = new byte[2 * IMAGES * side * side];
    for (int i = 0; i < IMAGES; i++) {
      Image image = fixture.image(i);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          byte p = image.pixels()[y * side + x];
          pixels[i * side * side + y * side + x] = p;
          pixels[(IMAGES + i) * side * side + y * side + (side - 1 - x)] = p;
        }
      }
    }
    return new InMemoryImageDataset(
        "images and their mirrors",
        1,
        side,
        side,
        pixels,
        Labels.ofClassIds(new int[2 * IMAGES], 1),
        2 * IMAGES);
  }

  /** Every image of the data in one batch. */
  private static Encoder.Encoded encode(
      SavedModel saved, NDManager manager, ImageDataset data, TestTimeAugmentation augmentation)
      throws java.io.IOException {
    return Encoder.encode(
        saved.model(),
        manager,
        data,
        EndToEndTest.range(0, data.size()),
        Normalize.FASHION_MNIST,
        data.size(),
        augmentation);
  }

  @Test
  void theMirrorViewAveragesTheOutputsOfAnImageAndItsMirrorImage() throws Exception {
    ImageDataset data = imagesAndMirrors();
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved = SavedModelTest.initialised(manager);
      int bits = saved.spec().bits();
      Encoder.Encoded plain =
          Encoder.encode(
              saved.model(),
              manager,
              data,
              EndToEndTest.range(0, data.size()),
              Normalize.FASHION_MNIST,
              data.size());
      Encoder.Encoded mirror = encode(saved, manager, data, TestTimeAugmentation.MIRROR);
      float[] p = plain.outputs();
      float[] m = mirror.outputs();
      double viewsApart = 0;
      for (int i = 0; i < IMAGES; i++) {
        for (int b = 0; b < bits; b++) {
          float image = p[i * bits + b];
          float mirrored = p[(IMAGES + i) * bits + b];
          viewsApart = Math.max(viewsApart, Math.abs(image - mirrored));
          assertEquals((image + mirrored) / 2, m[i * bits + b], 1e-5, "image " + i + " bit " + b);
          assertEquals(
              m[i * bits + b], m[(IMAGES + i) * bits + b], 1e-5, "mirror " + i + " bit " + b);
        }
      }
      assertTrue(viewsApart > 1e-3, "the untrained model tells the views apart: " + viewsApart);
      BinaryCodes codes = mirror.codes();
      for (int i = 0; i < IMAGES; i++) {
        assertEquals(0, codes.hamming(i, IMAGES + i), "image " + i);
      }
      assertArrayEquals(
          p,
          encode(saved, manager, data, TestTimeAugmentation.NONE).outputs(),
          "NONE is the encoding without augmentation");
    }
  }

  @Test
  void theMirrorShiftViewAveragesFourViewsThatAreTheImageMovedAndMirrored() throws Exception {
    ImageDataset fixture = TestDatasets.fashionMnistMini();
    int[] first = EndToEndTest.range(0, IMAGES);
    try (NDManager manager = NDManager.newBaseManager()) {
      SavedModel saved = SavedModelTest.initialised(manager);
      int bits = saved.spec().bits();
      java.util.List<TestTimeAugmentation.View> views = TestTimeAugmentation.MIRROR_SHIFT.views();
      assertEquals(4, views.size());
      float[] mean = new float[IMAGES * bits];
      for (TestTimeAugmentation.View view : views) {
        float[] viewed = outputs(saved, manager, fixture, view.then(Normalize.FASHION_MNIST));
        for (int i = 0; i < mean.length; i++) {
          mean[i] += viewed[i] / views.size();
        }
      }
      float[] averaged =
          Encoder.encode(
                  saved.model(),
                  manager,
                  fixture,
                  first,
                  Normalize.FASHION_MNIST,
                  IMAGES,
                  TestTimeAugmentation.MIRROR_SHIFT)
              .outputs();
      assertArrayEquals(mean, averaged, 1e-5f);

      // a view moved a row down is the image moved by hand, encoded as it is
      TestTimeAugmentation.View down = new TestTimeAugmentation.View(1, 0, false);
      assertTrue(
          views.contains(down) && views.contains(new TestTimeAugmentation.View(-1, 0, false)));
      ImageDataset movedByHand = movedDown(fixture, 1);
      float[] viewed = outputs(saved, manager, fixture, down.then(Normalize.FASHION_MNIST));
      float[] byHand = outputs(saved, manager, movedByHand, Normalize.FASHION_MNIST);
      assertArrayEquals(byHand, viewed, 1e-6f);
      float[] plain = outputs(saved, manager, fixture, Normalize.FASHION_MNIST);
      double apart = 0;
      for (int i = 0; i < plain.length; i++) {
        apart = Math.max(apart, Math.abs(plain[i] - viewed[i]));
      }
      assertTrue(apart > 1e-3, "the untrained model tells the moved image apart: " + apart);
    }
  }

  /** The outputs for the first images of the data after a test transform, one view each. */
  private static float[] outputs(
      SavedModel saved,
      NDManager manager,
      ImageDataset data,
      org.transhash.data.transform.ImageTransform transform)
      throws java.io.IOException {
    return Encoder.encode(
            saved.model(), manager, data, EndToEndTest.range(0, IMAGES), transform, IMAGES)
        .outputs();
  }

  /** The first images of the data, each moved {@code rows} down with black rows on top. */
  private static ImageDataset movedDown(ImageDataset data, int rows) throws Exception {
    int side = 28;
    byte[] pixels = new byte[IMAGES * side * side];
    for (int i = 0; i < IMAGES; i++) {
      byte[] image = data.image(i).pixels();
      System.arraycopy(image, 0, pixels, i * side * side + rows * side, (side - rows) * side);
    }
    return new InMemoryImageDataset(
        "moved images", 1, side, side, pixels, Labels.ofClassIds(new int[IMAGES], 1), IMAGES);
  }

  @Test
  void labelsNameTheAugmentationsInAnyCase() {
    assertEquals(TestTimeAugmentation.MIRROR, TestTimeAugmentation.fromLabel("Mirror"));
    assertEquals("none", TestTimeAugmentation.NONE.label());
    UnknownNameException unknown =
        org.junit.jupiter.api.Assertions.assertThrows(
            UnknownNameException.class, () -> TestTimeAugmentation.fromLabel("rotate"));
    assertEquals(java.util.List.of("mirror", "mirror-shift", "none"), unknown.known());
    assertEquals(TestTimeAugmentation.MIRROR_SHIFT, TestTimeAugmentation.fromLabel("MIRROR-shift"));
    assertEquals("mirror-shift", TestTimeAugmentation.MIRROR_SHIFT.label());
  }
}
