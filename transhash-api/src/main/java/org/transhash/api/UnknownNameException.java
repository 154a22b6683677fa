package org.transhash.api;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Thrown when a component (model, loss, index, dataset, protocol) is asked for by a name that no
 * registry knows. The message lists the names that are known.
 */
public class UnknownNameException extends TransHashException {
  private static final long serialVersionUID = 1L;

  private final String kind;
  private final String name;
  private final List<String> known;

  /**
   * @param kind what was looked up, for example {@code "index"}
   * @param name the name that was not found
   * @param known the names that are registered
   */
  public UnknownNameException(String kind, String name, Collection<String> known) {
    super("unknown " + kind + " '" + name + "'; known: " + String.join(", ", new TreeSet<>(known)));
    this.kind = kind;
    this.name = name;
    this.known = List.copyOf(new TreeSet<>(known));
  }

  /** What was looked up, for example {@code "index"}. */
  public String kind() {
    return kind;
  }

  /** The name that was not found. */
  public String name() {
    return name;
  }

  /** The registered names, sorted. */
  public List<String> known() {
    return known;
  }
}
