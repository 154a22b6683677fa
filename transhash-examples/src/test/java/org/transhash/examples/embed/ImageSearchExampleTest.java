package org.transhash.examples.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.LongStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.HammingIndex;
import org.transhash.api.HashingModel;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.Neighbours;
import org.transhash.api.io.CorruptFileException;
import org.transhash.backbone.HashingModels;
import org.transhash.data.testing.TestDatasets;
import org.transhash.data.transform.Normalize;
import org.transhash.index.IndexFiles;
import org.transhash.index.LinearScanIndex;
import org.transhash.index.Provenance;
import org.transhash.train.SavedModel;

class ImageSearchExampleTest {
  @Test
  void findsTheStoredImageOfAPngFileAtDistanceZero(@TempDir Path dir) throws Exception {
    ImageDataset data = TestDatasets.fashionMnistMini();
    HashingModels.Spec spec = new HashingModels.Spec(28, 1, 32, 2, "small-28", false);
    int[] stored = java.util.stream.IntStream.range(0, 300).toArray();
    try (NDManager manager = NDManager.newBaseManager()) {
      HashingModel model = HashingModels.create("vit-dual", spec);
      model.block().initialize(manager, DataType.FLOAT32, new Shape(2, 1, 28, 28));
      SavedModel saved = new SavedModel(model, spec, Normalize.FASHION_MNIST, Map.of());
      saved.save(dir.resolve("model"));
      HammingIndex index = LinearScanIndex.builder(32).build();
      index.add(
          saved.encode(manager, data, stored, 128).codes(), LongStream.range(1000, 1300).toArray());
      IndexFiles.save(index, Provenance.UNKNOWN, dir.resolve("index.thi"));
    }
    Image target = data.image(42);
    BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int v = target.pixel(0, y, x);
        png.getRaster().setSample(x, y, 0, v);
      }
    }
    Path file = dir.resolve("query.png");
    ImageIO.write(png, "png", file.toFile());
    try (ImageSearchExample search =
        new ImageSearchExample(dir.resolve("model"), dir.resolve("index.thi"))) {
      Neighbours found = search.search(file, 5);
      assertEquals(5, found.count(0));
      assertEquals(0, found.distance(0, 0));
      boolean itself = false;
      for (int j = 0; j < 5 && found.distance(0, j) == 0; j++) {
        itself |= found.id(0, j) == 1042;
      }
      assertTrue(itself, found.toString());

      Files.writeString(dir.resolve("broken.png"), "not a png");
      assertThrows(CorruptFileException.class, () -> search.search(dir.resolve("broken.png"), 5));
      assertThrows(NoSuchFileException.class, () -> search.search(dir.resolve("none.png"), 5));
    }
  }
}
