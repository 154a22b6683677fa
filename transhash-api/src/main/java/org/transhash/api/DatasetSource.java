package org.transhash.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Extension point: reads a kind of dataset from a location on disk. Implementations are found by
 * {@link #name()} in a registry; nothing is ever downloaded.
 *
 * <pre>{@code
 * final class MyFolders implements DatasetSource {
 *   public String name() { return "my-folders"; }
 *   public ImageDataset load(Path location) throws IOException { ... }
 * }
 * }</pre>
 */
public interface DatasetSource {

  /** Stable name, written into split and report files, for example {@code "fashion-mnist"}. */
  String name();

  /**
   * Reads a dataset.
   *
   * @param location a folder or file, as the implementation documents
   * @return the dataset
   * @throws IOException when files are missing, truncated or corrupt; the message names the file
   */
  ImageDataset load(Path location) throws IOException;
}
