package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.bridge.log.EventFormatter;
import io.jenkins.plugins.harborjib.protocol.Verbosity;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.harbor.HarborClient;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The plugin bundles on the controller only the bridge, the engine's classes, the CLI's protocol classes and uses
 * Jackson from the jackson2-api plugin: no Jib, Google HTTP client, Guava or picocli (DESIGN.md). This runs the
 * controller's side of the bridge in a class loader that has nothing else, so a stray reference to Jib fails here
 * rather than on a Jenkins controller.
 */
class ControllerClasspathTest {
  private static final List<String> NOT_ON_THE_CONTROLLER = List.of("jib-core", "google-http-client", "guava",
      "failureaccess", "picocli", "harbor-jib-testkit", "testkit/target");

  @Test
  void buildsRequestsFormatsEventsAndTalksToHarborWithoutJib() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (NOT_ON_THE_CONTROLLER.stream().noneMatch(entry::contains)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader controller = new URLClassLoader(urls.toArray(URL[]::new),
        ClassLoader.getPlatformClassLoader())) {
      assertThat(controller.loadClass(ControllerSide.class.getName()).getClassLoader()).isSameAs(controller);
      assertThat(classMissing(controller, "com.google.cloud.tools.jib.api.Jib")).isTrue();
      @SuppressWarnings("unchecked")
      Callable<String> side = (Callable<String>) controller.loadClass(ControllerSide.class.getName())
          .getDeclaredConstructor().newInstance();
      assertThat(side.call()).isEqualTo("ok");
    }
  }

  private static boolean classMissing(ClassLoader loader, String name) {
    try {
      loader.loadClass(name);
      return false;
    } catch (ClassNotFoundException e) {
      return true;
    }
  }

  /** What the controller does with the bridge. */
  public static final class ControllerSide implements Callable<String> {
    @Override
    public String call() throws Exception {
      ServerSettings server = ServerSettings.of("harbor", "https://harbor.example.com")
          .withDefaults("app", "base/jre17:17");
      ImageSettings settings = ImageSettings.builder("demo").tags(List.of("${BUILD_NUMBER}"))
          .scanGate(ScanGateSettings.DEFAULT).build();
      SettingsCheck.validate(settings, server);
      SettingsCheck.caCertificate("");
      EngineRequest request = RequestFactory.create(settings, server,
          Optional.of(Credentials.of("robot$app+ci", "t0ken-x".toCharArray())), ProxySettings.NONE,
          BuildFacts.of(Map.of("BUILD_NUMBER", "7")));
      request.writeTo(new ByteArrayOutputStream());
      new EventFormatter(Verbosity.VERBOSE).format("{\"protocolVersion\":1,\"type\":\"info\",\"message\":\"x\"}");
      PushOutcome.failure("NETWORK", "x", 5).toStepResult("");
      HarborClient.builder(URI.create(server.url())).build();
      return "ok";
    }
  }
}
