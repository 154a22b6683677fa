package org.transhash.index;

import java.util.List;
import java.util.Map;
import org.transhash.api.HammingIndex;
import org.transhash.api.UnknownNameException;

/** Creates the built-in indexes by name, for code that does not use Guice. */
public final class HammingIndexes {
  private HammingIndexes() {}

  /** Names of the built-in indexes. */
  public static List<String> names() {
    return List.of(LinearScanIndex.NAME, MultiIndexHashingIndex.NAME);
  }

  /**
   * A new, empty index.
   *
   * @param name {@code "linear"} or {@code "mih"}
   * @param bits bits per code
   * @param threads threads a batch of queries is spread over
   * @param options index-specific options, as written in index files ({@code substrings} for mih)
   * @return the index
   * @throws UnknownNameException listing the known names
   */
  public static HammingIndex create(
      String name, int bits, int threads, Map<String, String> options) {
    return switch (name) {
      case LinearScanIndex.NAME -> LinearScanIndex.builder(bits).optThreads(threads).build();
      case MultiIndexHashingIndex.NAME -> {
        MultiIndexHashingIndex.Builder b = MultiIndexHashingIndex.builder(bits).optThreads(threads);
        String m = options.get("substrings");
        if (m != null && !m.equals("0")) {
          b.optSubstrings(Integer.parseInt(m));
        }
        yield b.build();
      }
      default -> throw new UnknownNameException("index", name, names());
    };
  }
}
