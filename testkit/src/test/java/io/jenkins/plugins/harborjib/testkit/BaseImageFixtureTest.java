package io.jenkins.plugins.harborjib.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.testkit.BaseImageFixture.PushedImage;
import io.jenkins.plugins.harborjib.testkit.Skopeo.ImageConfig;
import io.jenkins.plugins.harborjib.testkit.Skopeo.ImageInspection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BaseImageFixtureTest {
  @RegisterExtension static TestRegistry plain = TestRegistry.plainHttp();
  @RegisterExtension static TestRegistry basic = TestRegistry.plainHttpWithBasicAuth();

  @Test
  void pushesAJavaRuntimeImageWhoseDigestSkopeoReadsBack() {
    PushedImage base = BaseImageFixture.pushJre17(plain);

    assertThat(base.reference()).isEqualTo(plain.host() + "/base/jre17:17");
    ImageInspection inspected = Skopeo.of(plain).inspect("base/jre17:17");
    assertThat(inspected.digest()).isEqualTo(base.digest()).startsWith("sha256:");
    assertThat(inspected.architecture()).isEqualTo("amd64");
    assertThat(inspected.os()).isEqualTo("linux");
    assertThat(inspected.layers()).hasSize(2).allSatisfy(l -> assertThat(l.size()).isPositive());
    assertThat(base.referenceByDigest()).isEqualTo(plain.host() + "/base/jre17@" + base.digest());
  }

  @Test
  void setsPathAndJavaHomeAndNoEntrypoint() {
    BaseImageFixture.pushJre17(plain);

    ImageConfig config = Skopeo.of(plain).inspectConfig("base/jre17:17");

    assertThat(config.env()).containsExactly("PATH=/opt/java/bin:/usr/local/bin:/usr/bin:/bin",
        "JAVA_HOME=/opt/java");
    assertThat(config.entrypoint()).isEmpty();
    assertThat(config.cmd()).isEmpty();
  }

  @Test
  void pushesWithCredentialsOverPlainHttpWithoutLeavingJibsSwitchOn() {
    PushedImage base = BaseImageFixture.push(basic, "runtimes/java:17-test");

    assertThat(Skopeo.of(basic).inspect("runtimes/java:17-test").digest()).isEqualTo(base.digest());
    assertThat(Skopeo.of(basic).listTags("runtimes/java")).containsExactly("17-test");
    assertThat(System.getProperty("sendCredentialsOverHttp")).isNull();
  }

  @Test
  void pushesTheSameDigestEveryTime() {
    assertThat(BaseImageFixture.push(plain, "again/jre:1").digest())
        .isEqualTo(BaseImageFixture.push(plain, "again/jre:2").digest());
  }

  @Test
  void buildsTheRuntimeFolderOnceWithExecutablesAndTheLibrariesJavaNeeds() {
    Path root = BaseImageFixture.runtimeRoot();

    assertThat(BaseImageFixture.runtimeRoot()).isEqualTo(root);
    assertThat(Files.isExecutable(root.resolve("opt/java/bin/java"))).isTrue();
    assertThat(Files.isExecutable(root.resolve("opt/java/lib/jspawnhelper"))).isTrue();
    assertThat(root.resolve("lib/x86_64-linux-gnu/libc.so.6")).isRegularFile();
    assertThat(root.resolve("lib64/ld-linux-x86-64.so.2")).isRegularFile();
    assertThat(root.resolve("etc/passwd")).content().contains("nobody:x:65534:65534:");
    assertThat(root.resolve("tmp")).isEmptyDirectory();
  }
}
