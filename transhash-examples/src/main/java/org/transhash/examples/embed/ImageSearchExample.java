package org.transhash.examples.embed;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.transhash.api.BinaryCodes;
import org.transhash.api.Image;
import org.transhash.api.Neighbours;
import org.transhash.data.source.ImageFiles;
import org.transhash.index.IndexFiles;
import org.transhash.train.SavedModel;

/**
 * What embedding the library in a JVM service looks like: load a saved model and an index once,
 * then answer "which stored images are nearest to this one" for image files.
 *
 * <pre>
 * ./transhash demo                                     # writes demo-out/model and demo-out/index.thi
 * java -cp ... org.transhash.examples.embed.ImageSearchExample demo-out/model demo-out/index.thi query.png 10
 * </pre>
 *
 * <p>The model converts the image to its channels and size (a colour photo of any size works with a
 * Fashion-MNIST model); the index returns the stored ids (for the demo, positions in the dataset)
 * with their Hamming distances, nearest first.
 */
public final class ImageSearchExample implements AutoCloseable {
  private final NDManager manager = NDManager.newBaseManager();
  private final SavedModel model;
  private final IndexFiles.Loaded index;

  /**
   * Loads the model and the index.
   *
   * @param modelFolder a saved model folder
   * @param indexFile an index file whose codes that model made
   * @throws IOException when a file is missing or corrupt
   */
  public ImageSearchExample(Path modelFolder, Path indexFile) throws IOException {
    this.model = SavedModel.load(modelFolder, manager);
    this.index = IndexFiles.load(indexFile, 1, model.spec().bits());
  }

  /**
   * The nearest stored images to an image file.
   *
   * @param imageFile a PNG, JPEG, BMP or GIF file
   * @param k how many
   * @return their ids and distances, nearest first
   * @throws IOException when the image cannot be read
   */
  public Neighbours search(Path imageFile, int k) throws IOException {
    Image image = ImageFiles.decode(imageFile);
    BinaryCodes code = model.encodeImages(manager, List.of(image)).codes();
    return index.index().search(code, k);
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * Prints the k nearest stored images to an image file.
   *
   * @param args model folder, index file, image file, and optionally k (default 10)
   * @throws IOException when a file is missing or corrupt
   */
  public static void main(String[] args) throws IOException {
    PrintStream out = System.out;
    if (args.length < 3) {
      System.err.println("usage: ImageSearchExample MODEL_FOLDER INDEX_FILE IMAGE_FILE [K]");
      System.exit(2);
    }
    int k = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    try (ImageSearchExample search = new ImageSearchExample(Path.of(args[0]), Path.of(args[1]))) {
      Neighbours found = search.search(Path.of(args[2]), k);
      out.printf(Locale.ROOT, "%d nearest to %s:%n", k, args[2]);
      for (int j = 0; j < found.count(0); j++) {
        out.printf(Locale.ROOT, "  id %d  distance %d%n", found.id(0, j), found.distance(0, j));
      }
    }
  }
}
