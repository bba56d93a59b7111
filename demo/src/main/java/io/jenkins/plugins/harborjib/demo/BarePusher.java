package io.jenkins.plugins.harborjib.demo;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.JavaContainerBuilder;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The benchmark's floor: the least a jib-core program does to push an app, with none of harbor-jib's checks,
 * verification or reporting. Layers as jib-maven-plugin makes them (dependencies, snapshot dependencies, resources,
 * classes). The password comes on standard input; the JVM trusts the registry through {@code
 * -Djavax.net.ssl.trustStore}. Prints the pushed digest.
 *
 * <p>Usage: {@code BarePusher FROM TO USER CACHE CLASSES DEPENDENCIES MAIN_CLASS}
 */
public final class BarePusher {
  private BarePusher() {}

  public static void main(String[] args) throws Exception {
    String password = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    String user = args[2];
    Path cache = Path.of(args[3]);
    Path classes = Path.of(args[4]);
    List<Path> dependencies;
    try (Stream<Path> jars = Files.list(Path.of(args[5]))) {
      dependencies = jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
    JibContainer container = JavaContainerBuilder.from(RegistryImage.named(args[0]).addCredential(user, password))
        .addDependencies(dependencies)
        .addResources(classes)
        .addClasses(classes)
        .setMainClass(args[6])
        .toContainerBuilder()
        .containerize(Containerizer.to(RegistryImage.named(args[1]).addCredential(user, password))
            .setBaseImageLayersCache(cache.resolve("base"))
            .setApplicationLayersCache(cache.resolve("app")));
    System.out.println(container.getDigest());
    System.exit(0);
  }
}
