package org.transhash.train.guice;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import java.util.Map;
import org.transhash.backbone.HashingModels;
import org.transhash.data.split.SplitProtocol;
import org.transhash.index.HammingIndexes;
import org.transhash.loss.CsqLoss;
import org.transhash.loss.GreedyHashLoss;
import org.transhash.loss.HashingLosses;

/**
 * The default assembly: registries of every built-in model, loss and index by name (MapBinder), and
 * the defaults TransHash uses — the dual-stream ViT, the TransHash loss, the linear-scan index and
 * the fmnist protocol — bound with {@link OptionalBinder#setDefault()}, so a user replaces one
 * piece without touching the rest:
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(new TransHashModule(), new AbstractModule() {
 *   protected void configure() {
 *     OptionalBinder.newOptionalBinder(binder(), LossFactory.class)
 *         .setBinding().toInstance(classes -> new DchLoss());
 *     MapBinder.newMapBinder(binder(), String.class, LossFactory.class)
 *         .addBinding("my-loss").toInstance(classes -> new MyLoss());
 *   }
 * });
 * Components components = injector.getInstance(Components.class);
 * }</pre>
 *
 * <p>The module does no I/O and holds no conditional logic (Guice's best practices).
 */
public final class TransHashModule extends AbstractModule {

  @Override
  protected void configure() {
    MapBinder<String, ModelFactory> models =
        MapBinder.newMapBinder(binder(), String.class, ModelFactory.class);
    for (String name : HashingModels.names()) {
      models.addBinding(name).toInstance(spec -> HashingModels.create(name, spec));
    }
    MapBinder<String, LossFactory> losses =
        MapBinder.newMapBinder(binder(), String.class, LossFactory.class);
    for (String name : HashingLosses.names()) {
      if (!name.equals(GreedyHashLoss.NAME) && !name.equals(CsqLoss.NAME)) {
        losses.addBinding(name).toInstance(classes -> HashingLosses.byName(name));
      }
    }
    losses.addBinding(CsqLoss.NAME).toInstance(classes -> new CsqLoss());
    losses.addBinding(GreedyHashLoss.NAME).toInstance(GreedyHashLoss::new);
    MapBinder<String, IndexFactory> indexes =
        MapBinder.newMapBinder(binder(), String.class, IndexFactory.class);
    for (String name : HammingIndexes.names()) {
      indexes
          .addBinding(name)
          .toInstance((bits, threads) -> HammingIndexes.create(name, bits, threads, Map.of()));
    }
    OptionalBinder.newOptionalBinder(binder(), ModelFactory.class)
        .setDefault()
        .toInstance(spec -> HashingModels.create("vit-dual", spec));
    OptionalBinder.newOptionalBinder(binder(), LossFactory.class)
        .setDefault()
        .toInstance(classes -> HashingLosses.byName("transhash"));
    OptionalBinder.newOptionalBinder(binder(), IndexFactory.class)
        .setDefault()
        .toInstance((bits, threads) -> HammingIndexes.create("linear", bits, threads, Map.of()));
    OptionalBinder.newOptionalBinder(binder(), SplitProtocol.class)
        .setDefault()
        .toInstance(SplitProtocol.FMNIST);
  }
}
