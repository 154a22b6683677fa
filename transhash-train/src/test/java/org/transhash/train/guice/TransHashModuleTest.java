package org.transhash.train.guice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.multibindings.MapBinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transhash.api.UnknownNameException;
import org.transhash.backbone.HashingModels;
import org.transhash.data.split.SplitProtocol;
import org.transhash.index.HammingIndexes;
import org.transhash.index.MultiIndexHashingIndex;
import org.transhash.loss.DchLoss;
import org.transhash.loss.GreedyHashLoss;

class TransHashModuleTest {
  static final HashingModels.Spec SPEC = new HashingModels.Spec(28, 1, 32, 2, "small-28", false);

  @Test
  void defaultsAreTheMethodsOwn() {
    Components c = Guice.createInjector(new TransHashModule()).getInstance(Components.class);
    assertEquals("vit-dual", c.model().create(SPEC).name());
    assertEquals("transhash", c.loss().create(10).name());
    assertEquals("linear", c.index().create(64, 1).name());
    assertEquals(SplitProtocol.FMNIST, c.protocol());
  }

  @Test
  void registriesKnowEveryBuiltIn() {
    Components c = Guice.createInjector(new TransHashModule()).getInstance(Components.class);
    for (String name : HashingModels.names()) {
      assertEquals(name, c.model(name).create(SPEC).name());
    }
    for (String name : org.transhash.loss.HashingLosses.names()) {
      assertEquals(name, c.loss(name).create(10).name());
    }
    for (String name : HammingIndexes.names()) {
      assertEquals(name, c.index(name).create(32, 1).name());
    }
    UnknownNameException e = assertThrows(UnknownNameException.class, () -> c.loss("triplet"));
    assertTrue(
        e.getMessage().contains("dch") && e.getMessage().contains("greedyhash"), e.getMessage());
  }

  @Test
  void aUserReplacesTheLossWithOptionalBinderAndAddsOneByName() {
    Components c =
        Guice.createInjector(
                new TransHashModule(),
                new AbstractModule() {
                  @Override
                  protected void configure() {
                    OptionalBinder.newOptionalBinder(binder(), LossFactory.class)
                        .setBinding()
                        .toInstance(classes -> new DchLoss());
                    MapBinder.newMapBinder(binder(), String.class, LossFactory.class)
                        .addBinding("greedy-10")
                        .toInstance(classes -> new GreedyHashLoss(10));
                  }
                })
            .getInstance(Components.class);
    assertEquals("dch", c.loss().create(10).name());
    assertEquals("greedyhash", c.loss("greedy-10").create(3).name());
    assertEquals("vit-dual", c.model().create(SPEC).name(), "the rest keeps its defaults");
  }

  @Test
  void aUserReplacesTheIndexWithModulesOverride() {
    Components c =
        Guice.createInjector(
                Modules.override(new TransHashModule())
                    .with(
                        new AbstractModule() {
                          @Override
                          protected void configure() {
                            OptionalBinder.newOptionalBinder(binder(), IndexFactory.class)
                                .setBinding()
                                .toInstance(
                                    (bits, threads) ->
                                        HammingIndexes.create("mih", bits, threads, Map.of()));
                          }
                        }))
            .getInstance(Components.class);
    assertTrue(c.index().create(64, 2) instanceof MultiIndexHashingIndex);
    assertEquals("transhash", c.loss().create(10).name());
  }
}
