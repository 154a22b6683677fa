package org.transhash.data.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.transhash.api.Image;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;

/**
 * Images kept as files and decoded on demand (list files, image folders): for datasets too large to
 * hold in memory. Every file was checked to exist when the dataset was opened.
 */
public final class FileImageDataset implements ImageDataset {
  private final String description;
  private final List<Path> files;
  private final Labels labels;

  /**
   * @param description what the data is and where it came from
   * @param files one image file per item
   * @param labels their labels
   */
  public FileImageDataset(String description, List<Path> files, Labels labels) {
    InvalidInputException.check(
        files.size() == labels.count(), "%d files but %d labels", files.size(), labels.count());
    this.description = description;
    this.files = List.copyOf(files);
    this.labels = labels;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public int size() {
    return files.size();
  }

  /**
   * The file of an item.
   *
   * @param i position
   * @return its path
   */
  public Path file(int i) {
    return files.get(i);
  }

  @Override
  public Image image(int i) throws IOException {
    return ImageFiles.decode(files.get(i));
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public int officialTrainCount() {
    return size();
  }
}
