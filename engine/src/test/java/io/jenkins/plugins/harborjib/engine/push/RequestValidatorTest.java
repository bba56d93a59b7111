package io.jenkins.plugins.harborjib.engine.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.harborjib.engine.BaseImage;
import io.jenkins.plugins.harborjib.engine.BuildOutput;
import io.jenkins.plugins.harborjib.engine.ContainerSettings;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.ErrorKind;
import io.jenkins.plugins.harborjib.engine.HarborJib;
import io.jenkins.plugins.harborjib.engine.ImageTarget;
import io.jenkins.plugins.harborjib.engine.PushException;
import io.jenkins.plugins.harborjib.engine.PushRequest;
import io.jenkins.plugins.harborjib.engine.TlsSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
  private static final char[] SECRET = "S3cret-Robot-Token".toCharArray();

  private static PushRequest.Builder request(String registry, String project, String repository, List<String> tags) {
    return PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")), BaseImage.of("base/jre17:17"),
            new ImageTarget(registry, project, repository, tags))
        .credentials(Credentials.of("robot$app+ci", SECRET));
  }

  private static PushRequest valid(UnaryOperator<PushRequest.Builder> change) {
    return change.apply(request("harbor.example.com", "app", "demo", List.of("42", "latest"))).build();
  }

  private static PushException rejected(PushRequest request) {
    try {
      HarborJib.validate(request);
    } catch (PushException e) {
      assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_INPUT);
      assertThat(e.getMessage()).doesNotContain(new String(SECRET));
      return e;
    }
    throw new AssertionError("accepted: " + request);
  }

  @Test
  void acceptsATypicalHarborPush() throws PushException {
    HarborJib.validate(valid(b -> b));
  }

  @Test
  void takesABaseImageWithoutRegistryFromTheTargetRegistry() throws PushException {
    assertThat(RequestValidator.resolveBaseImage(valid(b -> b)).toString())
        .isEqualTo("harbor.example.com/base/jre17:17");
  }

  @Test
  void keepsABaseImageThatNamesItsRegistry() throws PushException {
    PushRequest r = PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")),
        BaseImage.of("docker.io/library/eclipse-temurin:17-jre"),
        new ImageTarget("harbor.example.com", "app", "demo", List.of("1"))).build();
    assertThat(RequestValidator.resolveBaseImage(r).getRegistry()).isEqualTo("registry-1.docker.io");
  }

  @Test
  void rejectsAnInvalidTagNamingTheFieldAndTheValue() {
    PushException e = rejected(request("harbor.example.com", "app", "demo", List.of("ok", "bad tag")).build());
    assertThat(e.field()).contains("tags");
    assertThat(e.getMessage()).contains("'bad tag'");
  }

  @Test
  void rejectsDuplicateAndMissingTags() {
    assertThat(rejected(request("h.example.com", "app", "demo", List.of("1", "1")).build()).getMessage())
        .contains("given twice");
    assertThat(rejected(request("h.example.com", "app", "demo", List.of()).build()).getMessage())
        .contains("at least one tag");
  }

  @Test
  void rejectsUppercaseRepositoryAndProject() {
    assertThat(rejected(request("h.example.com", "app", "Demo", List.of("1")).build()).field())
        .contains("repository");
    assertThat(rejected(request("h.example.com", "App", "demo", List.of("1")).build()).field()).contains("project");
  }

  @Test
  void rejectsAnEmptyPasswordWithoutShowingAnySecret() {
    PushException e = rejected(valid(b -> b.credentials(Credentials.of("robot$app+ci", new char[0]))));
    assertThat(e.getMessage()).contains("robot$app+ci", "password", "empty");
  }

  @Test
  void rejectsBadContainerSettings() {
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().ports(List.of("http")).build())))
        .field()).contains("ports");
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().ports(List.of("70000")).build())))
        .field()).contains("ports");
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().workingDirectory("app").build())))
        .field()).contains("workingDirectory");
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().platforms(List.of("amd64")).build())))
        .field()).contains("platforms");
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().putEnvironment("1X", "y").build())))
        .field()).contains("environment");
    assertThat(rejected(valid(b -> b.container(ContainerSettings.builder().mainClass("com.example.").build())))
        .field()).contains("mainClass");
  }

  @Test
  void refusesInsecureWhenTheBaseImageLivesInAnotherRegistry() {
    PushRequest r = PushRequest.builder(new BuildOutput.AutoDetect(Path.of(".")),
            BaseImage.of("docker.io/library/eclipse-temurin:17-jre"),
            new ImageTarget("127.0.0.1:5000", "app", "demo", List.of("1")))
        .tls(TlsSettings.DEFAULT.withInsecure(true)).build();
    assertThat(rejected(r).getMessage()).contains("insecure", "registry-1.docker.io");
  }

  @Test
  void rejectsACaCertificateThatIsNotPem() {
    PushException e = rejected(valid(b -> b.tls(TlsSettings.withCaPem("not a certificate"))));
    assertThat(e.field()).contains("caCertificate");
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    assertThat(Credentials.of("robot$app+ci", SECRET).toString()).doesNotContain(new String(SECRET))
        .contains("robot$app+ci");
    assertThat(valid(b -> b).toString()).doesNotContain(new String(SECRET));
    assertThat(Optional.of(Credentials.of("u", SECRET)).toString()).doesNotContain(new String(SECRET));
  }
}
