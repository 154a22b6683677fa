package org.transhash.index;

/**
 * What made the codes of an index, stored in its file so a reader knows where they came from.
 *
 * @param model name of the hashing model, for example {@code "vit-dual"}, or empty
 * @param loss name of the loss, for example {@code "transhash"}, or empty
 * @param dataset name of the dataset, for example {@code "fashion-mnist"}, or empty
 * @param seed the training seed, or 0
 * @param note free text
 */
public record Provenance(String model, String loss, String dataset, long seed, String note) {

  /** Nothing known. */
  public static final Provenance UNKNOWN = new Provenance("", "", "", 0, "");

  /** Replaces nulls by empty strings. */
  public Provenance {
    model = model == null ? "" : model;
    loss = loss == null ? "" : loss;
    dataset = dataset == null ? "" : dataset;
    note = note == null ? "" : note;
  }
}
