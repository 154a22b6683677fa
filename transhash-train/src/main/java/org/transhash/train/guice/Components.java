package org.transhash.train.guice;

import jakarta.inject.Inject;
import java.util.Map;
import org.transhash.api.UnknownNameException;
import org.transhash.data.split.SplitProtocol;

/**
 * The assembled pieces: the defaults (or their replacements) and the registries by name.
 *
 * <pre>{@code
 * Components c = Guice.createInjector(new TransHashModule()).getInstance(Components.class);
 * HashingModel model = c.model().create(spec);          // the default: vit-dual
 * HashingLoss dch = c.loss("dch").create(10);           // by name
 * }</pre>
 */
public final class Components {
  private final ModelFactory model;
  private final LossFactory loss;
  private final IndexFactory index;
  private final SplitProtocol protocol;
  private final Map<String, ModelFactory> models;
  private final Map<String, LossFactory> losses;
  private final Map<String, IndexFactory> indexes;

  @Inject
  Components(
      ModelFactory model,
      LossFactory loss,
      IndexFactory index,
      SplitProtocol protocol,
      Map<String, ModelFactory> models,
      Map<String, LossFactory> losses,
      Map<String, IndexFactory> indexes) {
    this.model = model;
    this.loss = loss;
    this.index = index;
    this.protocol = protocol;
    this.models = Map.copyOf(models);
    this.losses = Map.copyOf(losses);
    this.indexes = Map.copyOf(indexes);
  }

  /** The default (or bound) model factory. */
  public ModelFactory model() {
    return model;
  }

  /** The default (or bound) loss factory. */
  public LossFactory loss() {
    return loss;
  }

  /** The default (or bound) index factory. */
  public IndexFactory index() {
    return index;
  }

  /** The default (or bound) split protocol. */
  public SplitProtocol protocol() {
    return protocol;
  }

  /**
   * @param name a registered model name
   * @return its factory
   * @throws UnknownNameException listing the registered names
   */
  public ModelFactory model(String name) {
    return find("model", name, models);
  }

  /**
   * @param name a registered loss name
   * @return its factory
   * @throws UnknownNameException listing the registered names
   */
  public LossFactory loss(String name) {
    return find("loss", name, losses);
  }

  /**
   * @param name a registered index name
   * @return its factory
   * @throws UnknownNameException listing the registered names
   */
  public IndexFactory index(String name) {
    return find("index", name, indexes);
  }

  private static <T> T find(String kind, String name, Map<String, T> registry) {
    T found = registry.get(name);
    if (found == null) {
      throw new UnknownNameException(kind, name, registry.keySet());
    }
    return found;
  }
}
