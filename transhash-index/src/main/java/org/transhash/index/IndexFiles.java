package org.transhash.index;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transhash.api.BinaryCodes;
import org.transhash.api.HammingIndex;
import org.transhash.api.InvalidInputException;
import org.transhash.api.TransHashException;
import org.transhash.api.UnknownNameException;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.FramedFile;
import org.transhash.api.io.UnsupportedFormatException;

/**
 * Saves and loads indexes. The file is a {@link FramedFile} named {@value #FORMAT}, version {@value
 * #VERSION}, whose payload is:
 *
 * <pre>
 * UTF    index name ("linear", "mih")
 * int    bits
 * int    count n (deleted codes are not saved)
 * UTF    provenance: model, loss, dataset; long seed; UTF note
 * int    option count, then (UTF key, UTF value) pairs (mih: "substrings")
 * long   n ids, in insertion order
 * long   n * ceil(bits / 64) code words, in this project's packed layout
 * </pre>
 *
 * <p>Files are written atomically (temporary file, fsync, rename) and memory-mapped on load.
 *
 * <pre>{@code
 * IndexFiles.save(index, provenance, Path.of("db.thi"));
 * IndexFiles.Loaded loaded = IndexFiles.load(Path.of("db.thi"), 2);   // 2 search threads
 * loaded.index().search(queries, 10);
 * }</pre>
 */
public final class IndexFiles {
  /** Name of the file format. */
  public static final String FORMAT = "transhash-index";

  /** Version this code writes. */
  public static final int VERSION = 1;

  private IndexFiles() {}

  /**
   * An index read from a file, with what the file says about it.
   *
   * @param index the index
   * @param provenance what made its codes
   * @param codes the codes in insertion order
   * @param ids their ids
   */
  public record Loaded(HammingIndex index, Provenance provenance, BinaryCodes codes, long[] ids) {}

  /**
   * Saves an index of this module.
   *
   * @param index a {@link LinearScanIndex} or {@link MultiIndexHashingIndex}
   * @param provenance what made its codes
   * @param path the file
   * @throws IOException when writing fails; an existing file is left as it was
   */
  public static void save(HammingIndex index, Provenance provenance, Path path) throws IOException {
    if (!(index instanceof AbstractHammingIndex own)) {
      throw new InvalidInputException(
          "IndexFiles saves this module's indexes; got " + index.getClass().getName());
    }
    BinaryCodes codes;
    long[] ids;
    Map<String, String> options;
    own.lock.readLock().lock();
    try {
      ids = new long[own.store.live()];
      codes = own.store.liveCodes(ids);
      options = own.options();
    } finally {
      own.lock.readLock().unlock();
    }
    save(index.name(), codes, ids, options, provenance, path);
  }

  /**
   * Saves codes and ids as an index file of the given kind.
   *
   * @param name index name, for example {@code "linear"}
   * @param codes the codes
   * @param ids one id per code
   * @param options index options
   * @param provenance what made the codes
   * @param path the file
   * @throws IOException when writing fails
   */
  public static void save(
      String name,
      BinaryCodes codes,
      long[] ids,
      Map<String, String> options,
      Provenance provenance,
      Path path)
      throws IOException {
    InvalidInputException.check(
        ids.length == codes.count(), "%d codes but %d ids", codes.count(), ids.length);
    FramedFile.write(
        path,
        FORMAT,
        VERSION,
        out -> {
          out.writeUTF(name);
          out.writeInt(codes.bits());
          out.writeInt(codes.count());
          out.writeUTF(provenance.model());
          out.writeUTF(provenance.loss());
          out.writeUTF(provenance.dataset());
          out.writeLong(provenance.seed());
          out.writeUTF(provenance.note());
          out.writeInt(options.size());
          for (Map.Entry<String, String> e : new java.util.TreeMap<>(options).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
          for (long id : ids) {
            out.writeLong(id);
          }
          var words = codes.words();
          while (words.hasRemaining()) {
            out.writeLong(words.get());
          }
        });
  }

  /**
   * Loads an index file with one search thread.
   *
   * @param path the file
   * @return the index and what the file says about it
   * @throws IOException when the file is missing, corrupt, truncated or of an unsupported version
   */
  public static Loaded load(Path path) throws IOException {
    return load(path, 1);
  }

  /**
   * Loads an index file and checks its code length.
   *
   * @param path the file
   * @param threads search threads of the loaded index
   * @param expectedBits the bit length the caller's codes have
   * @return the index
   * @throws IOException as {@link #load(Path)}, or when the file holds codes of another length
   */
  public static Loaded load(Path path, int threads, int expectedBits) throws IOException {
    Loaded loaded = load(path, threads);
    if (loaded.index().bits() != expectedBits) {
      throw new CorruptFileException(
          path,
          -1,
          "the index holds "
              + loaded.index().bits()
              + "-bit codes, "
              + expectedBits
              + "-bit codes were expected");
    }
    return loaded;
  }

  /**
   * Loads an index file.
   *
   * @param path the file
   * @param threads search threads of the loaded index
   * @return the index and what the file says about it
   * @throws IOException when the file is missing, corrupt, truncated or of an unsupported version
   */
  public static Loaded load(Path path, int threads) throws IOException {
    return FramedFile.read(
        path,
        FORMAT,
        1,
        VERSION,
        p -> {
          String name = p.readUtf();
          int bits = p.readInt();
          if (bits < BinaryCodes.MIN_BITS || bits > BinaryCodes.MAX_BITS) {
            throw p.corrupt(
                "bits " + bits + " outside " + BinaryCodes.MIN_BITS + ".." + BinaryCodes.MAX_BITS);
          }
          int count = p.readInt();
          Provenance provenance =
              new Provenance(p.readUtf(), p.readUtf(), p.readUtf(), p.readLong(), p.readUtf());
          int optionCount = p.readInt();
          if (optionCount < 0 || optionCount > 1000) {
            throw p.corrupt("bad option count " + optionCount);
          }
          Map<String, String> options = new LinkedHashMap<>();
          for (int i = 0; i < optionCount; i++) {
            options.put(p.readUtf(), p.readUtf());
          }
          int wpc = BinaryCodes.wordsFor(bits);
          if (count < 0 || (long) count * 8 * (1 + wpc) != p.remaining()) {
            throw p.corrupt(
                "count "
                    + count
                    + " of "
                    + bits
                    + "-bit codes needs "
                    + (long) count * 8 * (1 + wpc)
                    + " payload bytes, "
                    + p.remaining()
                    + " remain");
          }
          long[] ids = new long[count];
          p.readLongs(ids, 0, count);
          long[] words = new long[Math.multiplyExact(count, wpc)];
          p.readLongs(words, 0, words.length);
          p.expectEnd();
          HammingIndex index;
          BinaryCodes codes;
          try {
            index = HammingIndexes.create(name, bits, threads, options);
          } catch (UnknownNameException e) {
            throw new UnsupportedFormatException(path, -1, e.getMessage());
          } catch (RuntimeException e) {
            throw new CorruptFileException(
                path, -1, "bad index options " + options + ": " + e.getMessage());
          }
          try {
            codes = BinaryCodes.fromWords(words, count, bits);
            index.add(codes, ids);
          } catch (TransHashException e) {
            throw new CorruptFileException(path, -1, e.getMessage());
          }
          return new Loaded(index, provenance, codes, ids);
        });
  }
}
