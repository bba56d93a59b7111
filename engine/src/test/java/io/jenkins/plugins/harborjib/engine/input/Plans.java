package io.jenkins.plugins.harborjib.engine.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short ways to plan and to look into plans in tests. */
final class Plans {
  static final String JETTY = "harbor.example.com/base/jetty:12-jre17";

  private Plans() {}

  /** The defaults, but one dependency layer, as Jib has: for tests of the layout, not of the split. */
  static final ContainerSettings ONE_DEPENDENCY_LAYER = ContainerSettings.builder().dependencyLayers(1).build();

  static ApplicationPlan plan(BuildOutput output, Path unpackRoot) throws PushException {
    return ApplicationPlanner.plan(output, ONE_DEPENDENCY_LAYER, "harbor.example.com/base/jre17", unpackRoot);
  }

  /** Plans with {@code settings}, but one dependency layer unless they ask for another number. */
  static ApplicationPlan plan(BuildOutput output, ContainerSettings settings, Path unpackRoot)
      throws PushException {
    ContainerSettings used = settings.dependencyLayers() == ContainerSettings.DEFAULT_DEPENDENCY_LAYERS
        ? settings.toBuilder().dependencyLayers(1).build() : settings;
    return ApplicationPlanner.plan(output, used, "harbor.example.com/base/jre17", unpackRoot);
  }

  static List<String> layerNames(ApplicationPlan plan) {
    return plan.layers().stream().map(PlannedLayer::name).toList();
  }

  static PlannedLayer layer(ApplicationPlan plan, String name) {
    return plan.layers().stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no layer " + name + " in " + layerNames(plan)));
  }

  /** The regular files of a layer, by path in the image. */
  static List<String> paths(ApplicationPlan plan, String layer) {
    return layer(plan, layer).files().stream().filter(f -> !isFolder(f)).map(LayerFile::pathInImage).toList();
  }

  /** The folder entries of a layer, by path in the image. */
  static List<String> folders(ApplicationPlan plan, String layer) {
    return layer(plan, layer).files().stream().filter(Plans::isFolder).map(LayerFile::pathInImage).toList();
  }

  static boolean isFolder(LayerFile f) {
    return Files.isDirectory(f.source());
  }

  /** The regular files of all layers, by path in the image. */
  static List<String> allPaths(ApplicationPlan plan) {
    return plan.layers().stream().flatMap(l -> l.files().stream()).filter(f -> !isFolder(f))
        .map(LayerFile::pathInImage).toList();
  }

  static LayerFile file(ApplicationPlan plan, String pathInImage) {
    return plan.layers().stream().flatMap(l -> l.files().stream()).filter(f -> f.pathInImage().equals(pathInImage))
        .findFirst().orElseThrow(() -> new AssertionError("no " + pathInImage + " in " + allPaths(plan)));
  }

  /** Runs {@code call}, which must fail with INVALID_INPUT on {@code field}; returns the exception. */
  static PushException invalid(String field, ThrowingCallable call) {
    PushException e = catchThrowableOfType(PushException.class, call);
    assertThat(e).as("expected a PushException").isNotNull();
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
    assertThat(e.field()).contains(field);
    assertThat(e.getMessage()).startsWith(field);
    return e;
  }
}
