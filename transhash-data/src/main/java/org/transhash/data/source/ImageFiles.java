package org.transhash.data.source;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.transhash.api.Image;
import org.transhash.api.io.CorruptFileException;

/** Decodes image files with ImageIO into 3-channel CHW images. */
final class ImageFiles {
  private ImageFiles() {}

  static Image decode(Path file) throws IOException {
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
