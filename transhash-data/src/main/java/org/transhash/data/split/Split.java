package org.transhash.data.split;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.zip.CRC32C;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.io.CorruptFileException;
import org.transhash.api.io.FramedFile;

/**
 * An immutable retrieval split of a dataset: query, training and database positions, each sorted
 * ascending, with the protocol and seed that drew them and a fingerprint of the labels they were
 * drawn from. Saved to a file so a later run reuses exactly the same split.
 *
 * @param protocol the protocol's name, for example {@code "fmnist"}
 * @param seed the seed it was drawn with
 * @param datasetSize number of images in the dataset
 * @param labelsFingerprint CRC32C of the dataset's labels, to catch a split reused on other data
 * @param query query positions
 * @param train training positions
 * @param database database positions
 */
public record Split(
    String protocol,
    long seed,
    int datasetSize,
    long labelsFingerprint,
    int[] query,
    int[] train,
    int[] database) {

  /** Name of the file format. */
  public static final String FORMAT = "transhash-split";

  /** Version this code writes. */
  public static final int VERSION = 1;

  /** Validates positions and copies the arrays. */
  public Split {
    query = checkedCopy("query", query, datasetSize);
    train = checkedCopy("train", train, datasetSize);
    database = checkedCopy("database", database, datasetSize);
    BitSet queries = new BitSet(datasetSize);
    for (int q : query) {
      queries.set(q);
    }
    for (int t : train) {
      InvalidInputException.check(!queries.get(t), "position %d is both a query and training", t);
    }
    for (int d : database) {
      InvalidInputException.check(
          !queries.get(d), "position %d is both a query and in the database", d);
    }
  }

  private static int[] checkedCopy(String part, int[] positions, int size) {
    for (int i = 0; i < positions.length; i++) {
      InvalidInputException.check(
          positions[i] >= 0 && positions[i] < size,
          "%s position %d is outside 0..%d",
          part,
          positions[i],
          size - 1);
      InvalidInputException.check(
          i == 0 || positions[i - 1] < positions[i],
          "%s positions are not strictly ascending",
          part);
    }
    return positions.clone();
  }

  /** A copy of the query positions. */
  @Override
  public int[] query() {
    return query.clone();
  }

  /** A copy of the training positions. */
  @Override
  public int[] train() {
    return train.clone();
  }

  /** A copy of the database positions. */
  @Override
  public int[] database() {
    return database.clone();
  }

  /**
   * The fingerprint of a dataset's labels, as stored in splits.
   *
   * @param labels the labels
   * @return CRC32C of the labels' .npy bytes
   */
  public static long fingerprint(Labels labels) {
    CRC32C crc = new CRC32C();
    crc.update(labels.toNpy().data());
    crc.update(labels.classCount());
    return crc.getValue();
  }

  /**
   * Checks that this split was drawn from a dataset with these labels.
   *
   * @param dataset the dataset about to be used
   * @throws InvalidInputException when the size or labels differ
   */
  public void checkMatches(ImageDataset dataset) {
    InvalidInputException.check(
        dataset.size() == datasetSize,
        "the split was drawn from %d images, the dataset has %d",
        datasetSize,
        dataset.size());
    InvalidInputException.check(
        fingerprint(dataset.labels()) == labelsFingerprint,
        "the split was drawn from a dataset with other labels than %s",
        dataset.description());
  }

  /**
   * Saves the split atomically.
   *
   * @param path the file
   * @throws IOException when writing fails
   */
  public void save(Path path) throws IOException {
    FramedFile.write(
        path,
        FORMAT,
        VERSION,
        out -> {
          out.writeUTF(protocol);
          out.writeLong(seed);
          out.writeInt(datasetSize);
          out.writeLong(labelsFingerprint);
          writeInts(out, query);
          writeInts(out, train);
          writeInts(out, database);
        });
  }

  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    for (int v : values) {
      out.writeInt(v);
    }
  }

  /**
   * Loads a saved split.
   *
   * @param path the file
   * @return the split
   * @throws IOException when the file is missing, corrupt or not a split file
   */
  public static Split load(Path path) throws IOException {
    return FramedFile.read(
        path,
        FORMAT,
        1,
        VERSION,
        p -> {
          String protocol = p.readUtf();
          long seed = p.readLong();
          int size = p.readInt();
          long fingerprint = p.readLong();
          int[] query = readInts(p);
          int[] train = readInts(p);
          int[] database = readInts(p);
          p.expectEnd();
          try {
            return new Split(protocol, seed, size, fingerprint, query, train, database);
          } catch (InvalidInputException e) {
            throw new CorruptFileException(path, -1, e.getMessage());
          }
        });
  }

  private static int[] readInts(FramedFile.Payload p) throws IOException {
    int n = p.readInt();
    if (n < 0 || n > p.remaining() / 4) {
      throw p.corrupt("bad array length " + n);
    }
    int[] values = new int[n];
    p.readInts(values, 0, n);
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split s
        && s.protocol.equals(protocol)
        && s.seed == seed
        && s.datasetSize == datasetSize
        && s.labelsFingerprint == labelsFingerprint
        && Arrays.equals(s.query, query)
        && Arrays.equals(s.train, train)
        && Arrays.equals(s.database, database);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(query) * 31 + Arrays.hashCode(train) * 17 + Arrays.hashCode(database);
  }

  @Override
  public String toString() {
    return String.format(
        "Split[%s seed=%d: %d queries, %d training, %d database of %d]",
        protocol, seed, query.length, train.length, database.length, datasetSize);
  }
}
