package org.transhash.data.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.transhash.api.Image;
import org.transhash.api.io.CorruptFileException;

/**
 * Decodes image files (PNG, JPEG, BMP, GIF) with ImageIO into 3-channel CHW images.
 *
 * <pre>{@code
 * Image photo = ImageFiles.decode(Path.of("query.png"));   // (3, height, width)
 * }</pre>
 */
public final class ImageFiles {
  private ImageFiles() {}

  /**
   * Reads an image file.
   *
   * @param file the file
   * @return its pixels, 3 channels (grey images are repeated), CHW
   * @throws java.nio.file.NoSuchFileException when the file is missing
   * @throws CorruptFileException naming the file when ImageIO cannot decode it
   */
  public static Image decode(Path file) throws IOException {
    if (!java.nio.file.Files.isRegularFile(file)) {
      throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such image file");
    }
    BufferedImage image;
    try {
      image = ImageIO.read(file.toFile());
    } catch (javax.imageio.IIOException e) {
      throw new CorruptFileException(file, -1, "cannot decode image: " + e.getMessage());
    }
    if (image == null) {
      throw new CorruptFileException(file, -1, "not an image ImageIO can decode");
    }
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] chw = new byte[3 * h * w];
    if (image.getRaster().getNumBands() == 1 && image.getSampleModel().getSampleSize(0) == 8) {
      // 8-bit grey: the stored values (getRGB would convert them from linear grey to sRGB)
      var raster = image.getRaster();
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          byte v = (byte) raster.getSample(x, y, 0);
          int p = y * w + x;
          chw[p] = v;
          chw[h * w + p] = v;
          chw[2 * h * w + p] = v;
        }
      }
      return new Image(3, h, w, chw);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y);
        int p = y * w + x;
        chw[p] = (byte) (rgb >>> 16);
        chw[h * w + p] = (byte) (rgb >>> 8);
        chw[2 * h * w + p] = (byte) rgb;
      }
    }
    return new Image(3, h, w, chw);
  }
}
