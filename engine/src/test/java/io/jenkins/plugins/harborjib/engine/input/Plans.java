package io.jenkins.plugins.harborjib.engine.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Short ways to plan and to look into plans in tests. */
final class Plans {
  static final String JETTY = "harbor.example.com/base/jetty:12-jre17";

  private Plans() {}

  static ApplicationPlan plan(BuildOutput output, Path scratchParent) throws PushException {
    return ApplicationPlanner.plan(output, ContainerSettings.DEFAULTS, "harbor.example.com/base/jre17",
        scratchParent);
  }

  static ApplicationPlan plan(BuildOutput output, ContainerSettings settings, Path scratchParent)
      throws PushException {
    return ApplicationPlanner.plan(output, settings, "harbor.example.com/base/jre17", scratchParent);
  }

  static List<String> layerNames(ApplicationPlan plan) {
    return plan.layers().stream().map(PlannedLayer::name).toList();
  }

  static PlannedLayer layer(ApplicationPlan plan, String name) {
    return plan.layers().stream().filter(l -> l.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no layer " + name + " in " + layerNames(plan)));
  }

  static List<String> paths(ApplicationPlan plan, String layer) {
    return layer(plan, layer).files().stream().map(LayerFile::pathInImage).toList();
  }

  static List<String> allPaths(ApplicationPlan plan) {
    return plan.layers().stream().flatMap(l -> l.files().stream()).map(LayerFile::pathInImage).toList();
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
