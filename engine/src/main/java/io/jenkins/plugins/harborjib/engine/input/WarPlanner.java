package io.jenkins.plugins.harborjib.engine.input;

import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A war unpacked into the web-app folder of the application server in the base image, which keeps its own
 * entrypoint: layers dependencies and snapshot dependencies ({@code WEB-INF/lib}), resources, classes
 * ({@code WEB-INF/classes}).
 */
final class WarPlanner {
  static final String SHAPE = "war";
  static final String TOMCAT_ROOT = "/usr/local/tomcat/webapps/ROOT";
  static final String JETTY_ROOT = "/var/lib/jetty/webapps/ROOT";
  private static final String WEB_INF_LIB = "WEB-INF/lib/";
  private static final String WEB_INF_CLASSES = "WEB-INF/classes/";

  private WarPlanner() {}

  static ApplicationPlan plan(PlanContext ctx, Path war, Optional<String> givenAppRoot, String field,
      String appRootField) throws PushException {
    InputPaths.requireFile(field, war, "the war Maven built, e.g. target/app-1.0.war", "build it first (mvn package)");
    String appRoot;
    String appRootReason;
    if (givenAppRoot.isPresent()) {
      appRoot = UnixPaths.absoluteFolder(appRootField, givenAppRoot.get());
      appRootReason = "from " + appRootField;
    } else {
      String base = ctx.baseImage().toLowerCase(Locale.ROOT);
      if (base.contains("tomcat")) {
        appRoot = TOMCAT_ROOT;
        appRootReason = "Tomcat's, as the base image name contains 'tomcat'";
      } else {
        appRoot = JETTY_ROOT;
        appRootReason = "Jetty's, the default";
        if (!base.contains("jetty")) {
          ctx.warnings().add(appRootField + ": the base image '" + ctx.baseImage() + "' names neither Tomcat nor"
              + " Jetty, so the war goes to Jetty's " + JETTY_ROOT + "; if its server deploys from elsewhere, "
              + (appRootField.equals(AutoDetector.FIELD) ? "name the war explicitly and set its appRoot"
                  : "set " + appRootField) + " to that folder");
        }
      }
    }
    ArchiveFacts facts = ArchiveFacts.read(field, war);
    if (!facts.hasEntryUnder("WEB-INF/")) {
      ctx.warnings().add(field + ": " + war + " has no WEB-INF/ folder, so it holds no classes, libraries or"
          + " web.xml; check that it is the war maven-war-plugin built");
    }
    warnAboutIgnoredSettings(ctx);

    Unpacked.Content content = Unpacked.of(field, war, ctx.unpackRoot(), ctx.warnings());
    LayerAssembly layers = new LayerAssembly(List.of(LayerAssembly.DEPENDENCIES,
        LayerAssembly.SNAPSHOT_DEPENDENCIES, LayerAssembly.RESOURCES, LayerAssembly.CLASSES));
    for (SourceFile f : content.files()) {
      String path = f.relativePath();
      String layer;
      if (path.startsWith(WEB_INF_LIB)) {
        layer = Snapshots.isSnapshot(f.fileName()) ? LayerAssembly.SNAPSHOT_DEPENDENCIES
            : LayerAssembly.DEPENDENCIES;
      } else if (path.startsWith(WEB_INF_CLASSES) && f.isClassFile()) {
        layer = LayerAssembly.CLASSES;
      } else {
        layer = LayerAssembly.RESOURCES;
      }
      layers.add(layer, f, UnixPaths.join(appRoot, path));
    }
    // as jib-maven-plugin: every folder in resources, those below WEB-INF/classes in classes too
    for (SourceFile d : content.directories()) {
      String path = d.relativePath();
      layers.addDirectory(LayerAssembly.RESOURCES, d, UnixPaths.join(appRoot, path));
      if (path.startsWith(WEB_INF_CLASSES)) {
        layers.addDirectory(LayerAssembly.CLASSES, d, UnixPaths.join(appRoot, path));
      }
    }
    List<PlannedLayer> planned = layers.build(ctx.dependencyLayers());
    String description = war + " (war, into " + appRoot + ": " + appRootReason + "; the base image's entrypoint"
        + " starts the server)";
    return new ApplicationPlan(SHAPE, description, planned, Optional.empty(), Optional.empty(), ctx.warnings(),
        Optional.empty());
  }

  private static void warnAboutIgnoredSettings(PlanContext ctx) {
    ContainerSettings container = ctx.container();
    if (!container.jvmFlags().isEmpty()) {
      ctx.warnings().add("jvmFlags: " + container.jvmFlags() + " are not used for a war, because the application"
          + " server in the base image starts java; pass them in the environment instead (Jetty: JAVA_OPTIONS,"
          + " Tomcat: JAVA_OPTS or CATALINA_OPTS)");
    }
    container.mainClass().ifPresent(m -> ctx.warnings().add("mainClass: " + m + " is not used for a war, because"
        + " the application server in the base image loads it; remove mainClass"));
    if (!container.programArguments().isEmpty()) {
      ctx.warnings().add("programArguments: " + container.programArguments() + " replace the base image's command"
          + " (CMD), which usually starts the application server of a war; remove them unless that is the intent");
    }
    if (!container.appRoot().equals(ContainerSettings.DEFAULT_APP_ROOT)) {
      ctx.warnings().add("appRoot: " + container.appRoot() + " is not used for a war; set the war's own app root"
          + " (buildOutput.appRoot) to choose the web-app folder");
    }
  }
}
