package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.LayerObject;
import com.google.cloud.tools.jib.api.buildplan.RelativeUnixPath;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources and classes layers hold exactly the entries, folders included (empty ones too), that jib-core's
 * {@link JavaContainerBuilder} writes for the same folder when driven as jib-maven-plugin drives it, so the same
 * input gives the same layer bytes: both tools hand their entries to the same Jib layer writer, which sorts them
 * and adds the parent folders.
 */
class JibLayerParityTest {
  private static final Predicate<Path> IS_CLASS = p -> p.getFileName().toString().endsWith(".class");

  @TempDir Path tmp;
  Path classes;

  @BeforeEach
  void classesFolder() throws Exception {
    classes = Fixtures.classesFolder(tmp.resolve("target/classes"));
    Files.createDirectories(classes.resolve("static/empty"));
    Files.createDirectories(classes.resolve("db/migration"));
    Files.writeString(classes.resolve("db/migration/V1__init.sql"), "create table t (id int);\n");
    Files.createDirectories(classes.resolve("META-INF/services"));
  }

  /** jib-maven-plugin: {@code addResources(classes, not a class file)}, {@code addClasses(classes, class file)}. */
  @Test
  void explodedClassesGiveJibMavenPluginsResourcesAndClassesLayers() throws Exception {
    Map<String, List<String>> jib = jibLayers(JavaContainerBuilder.from("scratch")
        .addResources(classes, IS_CLASS.negate()).addClasses(classes, IS_CLASS));

    ApplicationPlan plan = plan(new BuildOutput.Exploded(classes, Optional.empty()), tmp.resolve("unpacked"));

    assertThat(jib.get("resources")).contains("/app/resources/static/empty 755 folder",
        "/app/resources/com/example/app 755 folder");
    assertSameResourcesAndClasses(plan, jib);
  }

  /** The thin jar unpacked: as jib-core's JavaContainerBuilder lays out the same files in a folder. */
  @Test
  void anUnpackedThinJarGivesTheLayersOfItsFolder() throws Exception {
    Map<String, byte[]> content = new LinkedHashMap<>();
    content.put("static/empty/", new byte[0]);
    content.put("META-INF/services/", new byte[0]);
    content.putAll(Fixtures.entriesOf(classes, ""));
    Path jar = Fixtures.jar(tmp.resolve("target/app-1.0.jar"), Fixtures.manifest("Main-Class", Fixtures.MAIN),
        content);
    ApplicationPlan plan = plan(new BuildOutput.ThinJar(jar), tmp.resolve("unpacked"));

    Path root = tmp.resolve("unpacked").resolve(Fixtures.unpackedKey(jar));
    assertSameResourcesAndClasses(plan, jibLayers(JavaContainerBuilder.from("scratch")
        .addResources(root, IS_CLASS.negate()).addClasses(root, IS_CLASS)));
  }

  /**
   * A war as jib-maven-plugin lays out its exploded form (jib-plugins-common's
   * JavaContainerBuilderHelper.fromExplodedWar): resources are everything but WEB-INF/lib and the class files
   * below WEB-INF/classes, at the app root; classes are WEB-INF/classes's class files.
   */
  @Test
  void aWarGivesJibMavenPluginsResourcesAndClassesLayers() throws Exception {
    Map<String, byte[]> content = new LinkedHashMap<>();
    content.put("WEB-INF/", new byte[0]);
    content.put("WEB-INF/classes/", new byte[0]);
    content.put("WEB-INF/lib/", new byte[0]);
    content.put("WEB-INF/web.xml", Fixtures.bytes("<web-app/>"));
    content.put("css/empty/", new byte[0]);
    content.put("index.html", Fixtures.bytes("<p>hi</p>"));
    content.putAll(Fixtures.entriesOf(classes, "WEB-INF/classes/"));
    content.put("WEB-INF/lib/lib-a-1.0.jar", Fixtures.bytes("not really a jar"));
    Path war = Fixtures.jar(tmp.resolve("target/app-1.0.war"), Fixtures.manifest(), content);
    Path unpacked = tmp.resolve("unpacked");
    ApplicationPlan plan = ApplicationPlanner.plan(new BuildOutput.War(war, Optional.of("/app")),
        Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY, unpacked);

    Path root = unpacked.resolve(Fixtures.unpackedKey(war));
    Path webInfLib = root.resolve("WEB-INF/lib");
    Path webInfClasses = root.resolve("WEB-INF/classes");
    Predicate<Path> isDependency = p -> p.startsWith(webInfLib);
    Predicate<Path> isClassFile = p -> p.startsWith(webInfClasses) && IS_CLASS.test(p);
    Map<String, List<String>> jib = jibLayers(JavaContainerBuilder.from("scratch")
        .setAppRoot("/app")
        .setResourcesDestination(RelativeUnixPath.get(""))
        .setClassesDestination(RelativeUnixPath.get("WEB-INF/classes"))
        .addResources(root, isDependency.or(isClassFile).negate())
        .addClasses(webInfClasses, isClassFile));

    assertThat(jib.get("resources")).contains("/app/css/empty 755 folder", "/app/WEB-INF/lib 755 folder");
    assertSameResourcesAndClasses(plan, jib);
  }

  private static void assertSameResourcesAndClasses(ApplicationPlan plan, Map<String, List<String>> jib) {
    assertThat(entries(plan, "resources")).isEqualTo(jib.get("resources"));
    assertThat(entries(plan, "classes")).isEqualTo(jib.get("classes"));
  }

  /** Each layer's entries as {@code path mode file|folder}, sorted as Jib's layer writer sorts them. */
  private static Map<String, List<String>> jibLayers(JavaContainerBuilder builder) throws Exception {
    Map<String, List<String>> layers = new LinkedHashMap<>();
    for (LayerObject layer : builder.setMainClass(Fixtures.MAIN).toContainerBuilder().toContainerBuildPlan()
        .getLayers()) {
      List<String> entries = new ArrayList<>();
      for (FileEntry e : ((FileEntriesLayer) layer).getEntries()) {
        assertThat(e.getModificationTime()).isEqualTo(FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
        entries.add(e.getExtractionPath() + " " + e.getPermissions().toOctalString() + " "
            + (Files.isDirectory(e.getSourceFile()) ? "folder" : "file"));
      }
      entries.sort(null);
      layers.put(layer.getName(), entries);
    }
    return layers;
  }

  /** As {@link #jibLayers}, for a planned layer (the engine writes executable entries 755, others 644). */
  private static List<String> entries(ApplicationPlan plan, String layer) {
    List<String> entries = new ArrayList<>();
    for (LayerFile f : Plans.layer(plan, layer).files()) {
      entries.add(f.pathInImage() + " " + (f.executable() ? "755" : "644") + " "
          + (Files.isDirectory(f.source()) ? "folder" : "file"));
    }
    entries.sort(null);
    return entries;
  }
}
