package org.transhash.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.transhash.api.InvalidInputException;
import org.transhash.api.UnknownNameException;

/**
 * A named evaluation protocol of {@code EVALUATION.md}: which split it uses and its K. The split
 * itself is drawn by transhash-data's {@code SplitProtocol} of the same name, or read from list
 * files for the list-file protocols.
 *
 * @param name stable name, written into reports
 * @param split how queries, training set and database are formed
 * @param topK K of mAP@K ({@link EvalOptions#ALL} for the whole database)
 */
public record RetrievalProtocol(String name, String split, int topK) {

  /** Validates the values. */
  public RetrievalProtocol {
    InvalidInputException.check(!name.isBlank(), "protocol name must not be blank");
    InvalidInputException.check(topK >= 1, "K must be >= 1, got %d", topK);
  }

  /** 1,000 queries and 5,000 training images drawn per class, the rest (54,000) as database. */
  public static final RetrievalProtocol CIFAR10 =
      new RetrievalProtocol(
          "cifar10",
          "100 queries and 500 training images per class; database: the rest",
          EvalOptions.ALL);

  /** As cifar10, with all but the queries (59,000) as database. */
  public static final RetrievalProtocol CIFAR10_1 =
      new RetrievalProtocol(
          "cifar10-1",
          "100 queries and 500 training images per class; database: all but queries",
          EvalOptions.ALL);

  /** The official test set as queries, the official training set as training set and database. */
  public static final RetrievalProtocol CIFAR10_2 =
      new RetrievalProtocol(
          "cifar10-2",
          "official test set as queries; official training set as database",
          EvalOptions.ALL);

  /** Fashion-MNIST in the cifar10 style: 1,000 / 5,000 / 64,000. */
  public static final RetrievalProtocol FMNIST =
      new RetrievalProtocol(
          "fmnist",
          "100 queries and 500 training images per class; database: the rest",
          EvalOptions.ALL);

  /** Fashion-MNIST official: 10,000 test queries against the 60,000 training images. */
  public static final RetrievalProtocol FMNIST_FULL =
      new RetrievalProtocol(
          "fmnist-full",
          "official test set as queries; official training set as database",
          EvalOptions.ALL);

  /** NUS-WIDE, 21 most frequent concepts, from list files, mAP@5000. */
  public static final RetrievalProtocol NUSWIDE_21 =
      new RetrievalProtocol("nuswide-21", "list files (query, train, database)", 5000);

  /** ImageNet-100, from list files, mAP@1000. */
  public static final RetrievalProtocol IMAGENET_100 =
      new RetrievalProtocol("imagenet-100", "list files (query, train, database)", 1000);

  /** Any dataset given as list files, mAP@all unless K is set. */
  public static final RetrievalProtocol LIST_FILE =
      new RetrievalProtocol("list-file", "list files (query, train, database)", EvalOptions.ALL);

  /** The built-in protocols by name. */
  public static Map<String, RetrievalProtocol> builtIn() {
    Map<String, RetrievalProtocol> map = new LinkedHashMap<>();
    for (RetrievalProtocol p :
        List.of(
            CIFAR10,
            CIFAR10_1,
            CIFAR10_2,
            FMNIST,
            FMNIST_FULL,
            NUSWIDE_21,
            IMAGENET_100,
            LIST_FILE)) {
      map.put(p.name, p);
    }
    return Map.copyOf(map);
  }

  /**
   * A built-in protocol by name.
   *
   * @param name for example {@code "nuswide-21"}
   * @return the protocol
   * @throws UnknownNameException listing the known names
   */
  public static RetrievalProtocol byName(String name) {
    RetrievalProtocol p = builtIn().get(name);
    if (p == null) {
      throw new UnknownNameException("protocol", name, builtIn().keySet());
    }
    return p;
  }

  /**
   * The options of this protocol: its K on top of the given options.
   *
   * @param base the other options
   * @return the options for this protocol
   */
  public EvalOptions options(EvalOptions base) {
    return base.withTopK(topK);
  }
}
