package io.jenkins.plugins.harborjib.engine.input;

import static io.jenkins.plugins.harborjib.engine.input.Plans.invalid;
import static io.jenkins.plugins.harborjib.engine.input.Plans.layerNames;
import static io.jenkins.plugins.harborjib.engine.input.Plans.paths;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.PushException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WarPlanTest {
  @TempDir Path tmp;
  Path scratch;
  Path war;

  @BeforeEach
  void buildWar() throws Exception {
    scratch = tmp.resolve("scratch");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("index.html", Fixtures.bytes("<p>hi</p>"));
    entries.put("WEB-INF/", new byte[0]);
    entries.put("WEB-INF/web.xml", Fixtures.bytes("<web-app/>"));
    entries.put("WEB-INF/classes/com/example/web/HelloServlet.class", Fixtures.bytes("servlet"));
    entries.put("WEB-INF/classes/logback.xml", Fixtures.bytes("<configuration/>"));
    entries.put("WEB-INF/lib/commons-lang3-3.17.0.jar", Fixtures.bytes("lang"));
    entries.put("WEB-INF/lib/hello-lib-1.0.0-SNAPSHOT.jar", Fixtures.bytes("lib"));
    entries.put("legacy/Applet.class", Fixtures.bytes("applet"));
    war = Fixtures.jar(tmp.resolve("target/hello-1.0.war"), Fixtures.manifest(), entries);
  }

  ApplicationPlan plan(Optional<String> appRoot, ContainerSettings settings, String baseImage)
      throws PushException {
    return ApplicationPlanner.plan(new BuildOutput.War(war, appRoot), settings, baseImage, scratch);
  }

  @Test
  void layersAWarIntoJettysWebAppFolderByDefault() throws Exception {
    try (ApplicationPlan plan = plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY)) {
      String root = "/var/lib/jetty/webapps/ROOT";
      assertThat(plan.shape()).isEqualTo("war");
      assertThat(layerNames(plan)).containsExactly("dependencies", "snapshot-dependencies", "resources", "classes");
      assertThat(paths(plan, "dependencies")).containsExactly(root + "/WEB-INF/lib/commons-lang3-3.17.0.jar");
      assertThat(paths(plan, "snapshot-dependencies")).containsExactly(root + "/WEB-INF/lib/hello-lib-1.0.0-SNAPSHOT.jar");
      assertThat(paths(plan, "resources")).containsExactly(root + "/META-INF/MANIFEST.MF",
          root + "/WEB-INF/classes/logback.xml", root + "/WEB-INF/web.xml", root + "/index.html",
          root + "/legacy/Applet.class");
      assertThat(paths(plan, "classes")).containsExactly(root + "/WEB-INF/classes/com/example/web/HelloServlet.class");
      assertThat(plan.entrypoint()).isEmpty();
      assertThat(plan.mainClass()).isEmpty();
      assertThat(plan.warnings()).isEmpty();
      assertThat(plan.description()).contains(war.toString(), root, "Jetty");
    }
  }

  @Test
  void putsAWarIntoTomcatsWebAppFolderWhenTheBaseImageIsTomcat() throws Exception {
    try (ApplicationPlan plan = plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER,
        "harbor.example.com/base/Tomcat:10.1-jre17")) {
      assertThat(Plans.allPaths(plan)).allMatch(p -> p.startsWith("/usr/local/tomcat/webapps/ROOT/"));
      assertThat(plan.description()).contains("tomcat");
    }
  }

  @Test
  void usesTheWarsOwnAppRootWhenGiven() throws Exception {
    try (ApplicationPlan plan = plan(Optional.of("/opt/server/webapps/hello/"), Plans.ONE_DEPENDENCY_LAYER,
        "base/tomcat:10")) {
      assertThat(Plans.allPaths(plan)).allMatch(p -> p.startsWith("/opt/server/webapps/hello/"));
      assertThat(plan.description()).contains("from buildOutput.appRoot");
    }
  }

  @Test
  void refusesAWarAppRootThatIsNotAbsolute() {
    var e = invalid("buildOutput.appRoot", () -> plan(Optional.of("webapps/ROOT"), ContainerSettings.DEFAULTS,
        Plans.JETTY));

    assertThat(e.getMessage()).contains("'webapps/ROOT'", "absolute");
    assertThat(scratch).doesNotExist();
  }

  @Test
  void warnsThatJvmFlagsMainClassAndArgumentsDoNotReachTheServer() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().jvmFlags(List.of("-Xmx1g")).mainClass("com.x.Main")
        .programArguments(List.of("--debug")).appRoot("/srv").build();

    try (ApplicationPlan plan = plan(Optional.empty(), settings, Plans.JETTY)) {
      assertThat(plan.warnings()).hasSize(4);
      assertThat(plan.warnings().get(0)).startsWith("jvmFlags: [-Xmx1g]")
          .contains("JAVA_OPTIONS", "JAVA_OPTS", "CATALINA_OPTS");
      assertThat(plan.warnings().get(1)).startsWith("mainClass: com.x.Main").contains("remove mainClass");
      assertThat(plan.warnings().get(2)).startsWith("programArguments: [--debug]");
      assertThat(plan.warnings().get(3)).startsWith("appRoot: /srv").contains("buildOutput.appRoot");
      assertThat(plan.entrypoint()).isEmpty();
    }
  }

  @Test
  void warnsWhenTheBaseImageIsNeitherTomcatNorJetty() throws Exception {
    try (ApplicationPlan plan = plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER, "base/wildfly:30")) {
      assertThat(Plans.allPaths(plan)).allMatch(p -> p.startsWith("/var/lib/jetty/webapps/ROOT/"));
      assertThat(plan.warnings()).singleElement().asString().startsWith("buildOutput.appRoot:")
          .contains("base/wildfly:30", "neither Tomcat nor Jetty");
    }
  }

  @Test
  void ignoresAnInvalidContainerAppRootForAWar() throws Exception {
    ContainerSettings settings = ContainerSettings.builder().appRoot("relative").build();

    try (ApplicationPlan plan = plan(Optional.empty(), settings, Plans.JETTY)) {
      assertThat(plan.warnings()).singleElement().asString().startsWith("appRoot: relative is not used for a war");
    }
  }

  @Test
  void warnsAboutAWarWithoutWebInf() throws Exception {
    war = Fixtures.zip(tmp.resolve("target/static.war"), Map.of("index.html", Fixtures.bytes("hi")));

    try (ApplicationPlan plan = plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY)) {
      assertThat(layerNames(plan)).containsExactly("resources");
      assertThat(plan.warnings()).singleElement().asString().contains("no WEB-INF/");
    }
  }

  @Test
  void keepsTheExecutableBitOfEntriesWhoseModeHasOne() throws Exception {
    Map<String, String> modes = new LinkedHashMap<>();
    modes.put("WEB-INF/bin/start.sh", "rwxr-xr-x");
    modes.put("WEB-INF/web.xml", "rw-r--r--");
    war = Fixtures.zipWithModes(tmp.resolve("target/modes.war"), modes, false);

    try (ApplicationPlan plan = plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY)) {
      assertThat(Plans.file(plan, "/var/lib/jetty/webapps/ROOT/WEB-INF/bin/start.sh").executable()).isTrue();
      assertThat(Plans.file(plan, "/var/lib/jetty/webapps/ROOT/WEB-INF/web.xml").executable()).isFalse();
    }
  }

  @Test
  void refusesAMissingWar() {
    Path missing = tmp.resolve("target/none.war");
    war = missing;

    var e = invalid("buildOutput.war", () -> plan(Optional.empty(), Plans.ONE_DEPENDENCY_LAYER, Plans.JETTY));

    assertThat(e.getMessage()).contains(missing.toString(), "does not exist", "mvn package");
  }
}
