package org.transhash.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.transhash.api.ImageDataset;
import org.transhash.api.InvalidInputException;
import org.transhash.api.Labels;
import org.transhash.api.UnknownNameException;

/**
 * How a dataset is cut into query, training and database parts (EVALUATION.md, "Protocols").
 *
 * <p>Per-class protocols draw, for each class in order, a seeded Fisher-Yates shuffle of that
 * class's positions (one {@link java.util.Random} for all classes, so the split depends on the seed
 * and the labels only); the first {@code queriesPerClass} are queries, the next {@code
 * trainPerClass} training images. Official protocols take the dataset's official test part as
 * queries and its training part as training set and database.
 *
 * <pre>{@code
 * Split split = SplitProtocol.FMNIST.draw(fashionMnist, 0);   // 1,000 / 5,000 / 64,000
 * split.save(Path.of("fmnist-seed0.split"));
 * }</pre>
 *
 * @param name stable name, stored in split files
 * @param official true for official train/test protocols
 * @param queriesPerClass queries drawn per class (per-class protocols)
 * @param trainPerClass training images drawn per class (per-class protocols)
 * @param database which images form the database (per-class protocols)
 */
public record SplitProtocol(
    String name, boolean official, int queriesPerClass, int trainPerClass, Database database) {

  /** Which images form the database of a per-class protocol. */
  public enum Database {
    /** Everything that is neither a query nor a training image. */
    REST,
    /** Everything but the queries: the training images are in the database too. */
    ALL_BUT_QUERIES,
    /** The training images only. */
    TRAIN
  }

  /** CIFAR-10 style: 100 queries and 500 training images per class, the rest as database. */
  public static final SplitProtocol CIFAR10 = perClass("cifar10", 100, 500, Database.REST);

  /** CIFAR-10 style: 100 queries, 500 training images per class, all but queries as database. */
  public static final SplitProtocol CIFAR10_1 =
      perClass("cifar10-1", 100, 500, Database.ALL_BUT_QUERIES);

  /** Official test set as queries, official training set as training set and database. */
  public static final SplitProtocol CIFAR10_2 = official("cifar10-2");

  /** Fashion-MNIST, CIFAR-10 style: 100 / 500 per class, the rest (64,000) as database. */
  public static final SplitProtocol FMNIST = perClass("fmnist", 100, 500, Database.REST);

  /** Fashion-MNIST official: 10,000 test queries, 60,000 training images as database. */
  public static final SplitProtocol FMNIST_FULL = official("fmnist-full");

  /** Validates the counts. */
  public SplitProtocol {
    InvalidInputException.check(!name.isBlank(), "protocol name must not be blank");
    if (!official) {
      InvalidInputException.check(
          queriesPerClass >= 1 && trainPerClass >= 0,
          "a per-class protocol needs queriesPerClass >= 1 and trainPerClass >= 0, got %d and %d",
          queriesPerClass,
          trainPerClass);
    }
  }

  /**
   * A per-class protocol.
   *
   * @param name its name
   * @param queriesPerClass queries per class
   * @param trainPerClass training images per class
   * @param database which images form the database
   * @return the protocol
   */
  public static SplitProtocol perClass(
      String name, int queriesPerClass, int trainPerClass, Database database) {
    return new SplitProtocol(name, false, queriesPerClass, trainPerClass, database);
  }

  /**
   * An official train/test protocol.
   *
   * @param name its name
   * @return the protocol
   */
  public static SplitProtocol official(String name) {
    return new SplitProtocol(name, true, 0, 0, Database.TRAIN);
  }

  /** The built-in protocols by name. */
  public static Map<String, SplitProtocol> builtIn() {
    Map<String, SplitProtocol> map = new LinkedHashMap<>();
    for (SplitProtocol p : List.of(CIFAR10, CIFAR10_1, CIFAR10_2, FMNIST, FMNIST_FULL)) {
      map.put(p.name, p);
    }
    return Map.copyOf(map);
  }

  /**
   * A built-in protocol by name.
   *
   * @param name for example {@code "fmnist"}
   * @return the protocol
   * @throws UnknownNameException listing the known names
   */
  public static SplitProtocol byName(String name) {
    SplitProtocol p = builtIn().get(name);
    if (p == null) {
      throw new UnknownNameException("protocol", name, builtIn().keySet());
    }
    return p;
  }

  /**
   * Draws the split of a dataset.
   *
   * @param dataset the dataset
   * @param seed the seed (official protocols ignore it)
   * @return the split
   * @throws InvalidInputException when a class has too few images, the labels are multi-label
   *     (per-class protocols), or the dataset has no official test part (official protocols)
   */
  public Split draw(ImageDataset dataset, long seed) {
    Labels labels = dataset.labels();
    int n = dataset.size();
    long fingerprint = Split.fingerprint(labels);
    if (official) {
      int trainCount = dataset.officialTrainCount();
      InvalidInputException.check(
          trainCount < n,
          "protocol %s needs an official test part, %s has none",
          name,
          dataset.description());
      int[] train = range(0, trainCount);
      return new Split(name, seed, n, fingerprint, range(trainCount, n), train, train);
    }
    InvalidInputException.check(
        !labels.isMultiLabel(), "protocol %s draws per class and needs single-label data", name);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < labels.classCount(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < n; i++) {
      byClass.get(labels.classId(i)).add(i);
    }
    Random random = new Random(seed);
    BitSet query = new BitSet(n);
    BitSet train = new BitSet(n);
    for (int c = 0; c < byClass.size(); c++) {
      int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
      InvalidInputException.check(
          members.length >= queriesPerClass + trainPerClass,
          "protocol %s needs %d images of class %d, the dataset has %d",
          name,
          queriesPerClass + trainPerClass,
          c,
          members.length);
      for (int i = members.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = members[i];
        members[i] = members[j];
        members[j] = t;
      }
      for (int k = 0; k < queriesPerClass; k++) {
        query.set(members[k]);
      }
      for (int k = queriesPerClass; k < queriesPerClass + trainPerClass; k++) {
        train.set(members[k]);
      }
    }
    BitSet db = new BitSet(n);
    switch (database) {
      case REST -> {
        db.set(0, n);
        db.andNot(query);
        db.andNot(train);
      }
      case ALL_BUT_QUERIES -> {
        db.set(0, n);
        db.andNot(query);
      }
      case TRAIN -> db.or(train);
    }
    return new Split(
        name,
        seed,
        n,
        fingerprint,
        query.stream().toArray(),
        train.stream().toArray(),
        db.stream().toArray());
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    Arrays.setAll(r, i -> from + i);
    return r;
  }
}
