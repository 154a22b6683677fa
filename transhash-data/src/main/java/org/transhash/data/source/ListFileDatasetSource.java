package org.transhash.data.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.transhash.api.DatasetSource;
import org.transhash.api.ImageDataset;
import org.transhash.api.Labels;
import org.transhash.api.io.CorruptFileException;

/**
 * List files in the format that NUS-WIDE, ImageNet-100 and MS-COCO hashing benchmarks share: one
 * image a line, a path relative to an image root, then one 0/1 column per class:
 *
 * <pre>
 * images/0001.jpg 0 1 0 0 1
 * images/0002.jpg 1 0 0 0 0
 * </pre>
 *
 * <p>Blank lines are skipped. Every row must have the same number of columns and every file must
 * exist; otherwise loading fails naming the list file and the line. Images are decoded on demand.
 */
public final class ListFileDatasetSource implements DatasetSource {
  private final Optional<Path> imageRoot;

  private ListFileDatasetSource(Optional<Path> imageRoot) {
    this.imageRoot = imageRoot;
  }

  /** Resolves image paths against the folder that holds the list file. */
  public static ListFileDatasetSource relativeToListFile() {
    return new ListFileDatasetSource(Optional.empty());
  }

  /**
   * Resolves image paths against a given root.
   *
   * @param imageRoot the image root
   * @return the source
   */
  public static ListFileDatasetSource withImageRoot(Path imageRoot) {
    return new ListFileDatasetSource(Optional.of(imageRoot));
  }

  @Override
  public String name() {
    return "list-file";
  }

  @Override
  public ImageDataset load(Path listFile) throws IOException {
    Path root = imageRoot.orElseGet(() -> listFile.toAbsolutePath().getParent());
    List<Path> files = new ArrayList<>();
    List<byte[]> rows = new ArrayList<>();
    int classes = -1;
    try (BufferedReader reader = Files.newBufferedReader(listFile, StandardCharsets.UTF_8)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] parts = trimmed.split("\\s+");
        int columns = parts.length - 1;
        if (columns < 1) {
          throw CorruptFileException.atLine(
              listFile, lineNumber, "no label columns after the path");
        }
        if (classes < 0) {
          classes = columns;
        } else if (columns != classes) {
          throw CorruptFileException.atLine(
              listFile, lineNumber, columns + " label columns, earlier rows have " + classes);
        }
        byte[] row = new byte[columns];
        for (int c = 0; c < columns; c++) {
          String v = parts[c + 1];
          if (!v.equals("0") && !v.equals("1")) {
            throw CorruptFileException.atLine(
                listFile, lineNumber, "label column " + c + " is '" + v + "', not 0 or 1");
          }
          row[c] = (byte) (v.charAt(0) - '0');
        }
        Path file = root.resolve(parts[0]);
        if (!Files.isRegularFile(file)) {
          throw CorruptFileException.atLine(
              listFile, lineNumber, "image file " + file + " does not exist");
        }
        files.add(file);
        rows.add(row);
      }
    }
    if (files.isEmpty()) {
      throw new CorruptFileException(listFile, 0, "the list file names no image");
    }
    byte[] flags = new byte[files.size() * classes];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flags, i * classes, classes);
    }
    return new FileImageDataset(
        "list file " + listFile, files, Labels.ofMultiHot(flags, files.size(), classes));
  }
}
