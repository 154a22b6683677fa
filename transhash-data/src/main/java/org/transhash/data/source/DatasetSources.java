package org.transhash.data.source;

import java.util.LinkedHashMap;
import java.util.Map;
import org.transhash.api.DatasetSource;
import org.transhash.api.UnknownNameException;

/** The built-in dataset sources by name, for code that does not use Guice. */
public final class DatasetSources {
  private DatasetSources() {}

  /** Every built-in source, by name. */
  public static Map<String, DatasetSource> builtIn() {
    Map<String, DatasetSource> map = new LinkedHashMap<>();
    for (DatasetSource s :
        new DatasetSource[] {
          IdxDatasetSource.fashionMnist(),
          IdxDatasetSource.mnist(),
          CifarDatasetSource.cifar10(),
          CifarDatasetSource.cifar100(),
          CifarDatasetSource.cifar100Coarse(),
          ListFileDatasetSource.relativeToListFile(),
          new ImageFolderDatasetSource()
        }) {
      map.put(s.name(), s);
    }
    return Map.copyOf(map);
  }

  /**
   * A built-in source by name.
   *
   * @param name for example {@code "fashion-mnist"}
   * @return the source
   * @throws UnknownNameException listing the known names
   */
  public static DatasetSource byName(String name) {
    DatasetSource source = builtIn().get(name);
    if (source == null) {
      throw new UnknownNameException("dataset", name, builtIn().keySet());
    }
    return source;
  }
}
