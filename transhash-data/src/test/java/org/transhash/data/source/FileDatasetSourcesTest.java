package org.transhash.data.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.UnknownNameException;
import org.transhash.api.io.CorruptFileException;

class FileDatasetSourcesTest {

  /** A 3 x 2 PNG whose pixel (x, y) is (r, 10 x, 20 y). */
  private static Path png(Path file, int r) throws IOException {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 3; x++) {
        img.setRGB(x, y, (r << 16) | ((10 * x) << 8) | (20 * y));
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }

  @Test
  void listFileReadsPathsAndMultiHotLabels(@TempDir Path dir) throws IOException {
    png(dir.resolve("img/a.png"), 100);
    png(dir.resolve("img/b.png"), 200);
    Path list = Files.writeString(dir.resolve("train.txt"), "img/a.png 1 0 1\n\nimg/b.png 0 0 1\n");
    ImageDataset data = ListFileDatasetSource.relativeToListFile().load(list);
    assertEquals(2, data.size());
    assertTrue(data.labels().isMultiLabel());
    assertTrue(data.labels().hasLabel(0, 2));
    assertFalse(data.labels().hasLabel(1, 0));
    assertTrue(data.labels().relevant(0, 1));
    Image b = data.image(1);
    assertEquals(3, b.channels());
    assertEquals(2, b.height());
    assertEquals(3, b.width());
    assertEquals(200, b.pixel(0, 1, 2));
    assertEquals(20, b.pixel(1, 1, 2));
    assertEquals(20, b.pixel(2, 1, 2));
  }

  @Test
  void listFileWithSeparateImageRoot(@TempDir Path dir) throws IOException {
    png(dir.resolve("root/x.png"), 1);
    Files.createDirectories(dir.resolve("lists"));
    Path list = Files.writeString(dir.resolve("lists/db.txt"), "x.png 1 0\n");
    ImageDataset data = ListFileDatasetSource.withImageRoot(dir.resolve("root")).load(list);
    assertEquals(1, data.size());
  }

  @Test
  void listFileErrorsNameTheLine(@TempDir Path dir) throws IOException {
    png(dir.resolve("a.png"), 1);
    CorruptFileException width =
        assertThrows(
            CorruptFileException.class,
            () ->
                ListFileDatasetSource.relativeToListFile()
                    .load(Files.writeString(dir.resolve("w.txt"), "a.png 1 0\na.png 1 0 1\n")));
    assertEquals(2, width.position());
    assertTrue(width.getMessage().contains("line 2"), width.getMessage());
    CorruptFileException missing =
        assertThrows(
            CorruptFileException.class,
            () ->
                ListFileDatasetSource.relativeToListFile()
                    .load(Files.writeString(dir.resolve("m.txt"), "a.png 1\nnope.png 0\n")));
    assertTrue(
        missing.getMessage().contains("nope.png") && missing.getMessage().contains("line 2"));
    assertThrows(
        CorruptFileException.class,
        () ->
            ListFileDatasetSource.relativeToListFile()
                .load(Files.writeString(dir.resolve("v.txt"), "a.png 1 2\n")));
    assertThrows(
        CorruptFileException.class,
        () ->
            ListFileDatasetSource.relativeToListFile()
                .load(Files.writeString(dir.resolve("e.txt"), "\n")));
  }

  @Test
  void undecodableImageIsACorruptFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.png"), "not a png");
    ImageDataset data =
        ListFileDatasetSource.relativeToListFile()
            .load(Files.writeString(dir.resolve("l.txt"), "bad.png 1\n"));
    CorruptFileException e = assertThrows(CorruptFileException.class, () -> data.image(0));
    assertTrue(e.getMessage().contains("bad.png"));
  }

  @Test
  void imageFolderUsesSortedClassFolders(@TempDir Path dir) throws IOException {
    png(dir.resolve("cat/2.png"), 1);
    png(dir.resolve("cat/1.png"), 2);
    png(dir.resolve("ant/9.png"), 3);
    Files.writeString(dir.resolve("ant/readme.txt"), "ignored");
    ImageDataset data = new ImageFolderDatasetSource().load(dir);
    assertEquals(3, data.size());
    assertEquals(2, data.labels().classCount());
    assertEquals(0, data.labels().classId(0)); // ant
    assertEquals(3, data.image(0).pixel(0, 0, 0));
    assertEquals(2, data.image(1).pixel(0, 0, 0)); // cat/1.png before cat/2.png
    Files.createDirectories(dir.resolve("empty"));
    assertThrows(CorruptFileException.class, () -> new ImageFolderDatasetSource().load(dir));
  }

  @Test
  void registryListsKnownNames() {
    assertEquals("cifar10", DatasetSources.byName("cifar10").name());
    UnknownNameException e =
        assertThrows(UnknownNameException.class, () -> DatasetSources.byName("cifar11"));
    assertTrue(e.getMessage().contains("fashion-mnist"), e.getMessage());
  }
}
