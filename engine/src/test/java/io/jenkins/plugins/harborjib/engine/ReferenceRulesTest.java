package io.jenkins.plugins.harborjib.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReferenceRulesTest {

  @ParameterizedTest
  @ValueSource(strings = {"harbor.example.com", "harbor.example.com:8443", "127.0.0.1:5000", "localhost", "[::1]:5000"})
  void acceptsRegistryHostsWithOptionalPorts(String registry) {
    assertThat(ReferenceRules.checkRegistry("registry", registry)).isEmpty();
  }

  @Test
  void rejectsARegistryWithASchemeAndSaysWhatToWriteInstead() {
    assertThat(ReferenceRules.checkRegistry("registry", "https://harbor.example.com/"))
        .hasValueSatisfying(m -> assertThat(m).contains("registry", "https://harbor.example.com/", "'harbor.example.com'"));
  }

  @Test
  void rejectsARegistryWithAPathOrABadPort() {
    assertThat(ReferenceRules.checkRegistry("registry", "harbor.example.com/app")).get().asString()
        .contains("project field");
    assertThat(ReferenceRules.checkRegistry("registry", "harbor.example.com:99999")).get().asString()
        .contains("invalid port '99999'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", "base", "my-team", "team.a", "a_b", "x1"})
  void acceptsHarborProjectNames(String project) {
    assertThat(ReferenceRules.checkProject("project", project)).isEmpty();
  }

  @Test
  void rejectsUppercaseProjectsAndSuggestsTheLowercaseName() {
    assertThat(ReferenceRules.checkProject("project", "MyApp")).get().asString()
        .contains("project 'MyApp'", "'myapp' would do");
  }

  @ParameterizedTest
  @ValueSource(strings = {"demo", "team/demo", "a.b", "a__b", "a--b", "x/y/z"})
  void acceptsRepositoryPaths(String repository) {
    assertThat(ReferenceRules.checkRepository("repository", repository, "app")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Demo", "-demo", "demo-", "demo/", "a//b", "a___b", "a b", "a:b"})
  void rejectsInvalidRepositoryPaths(String repository) {
    assertThat(ReferenceRules.checkRepository("repository", repository, "app")).get().asString()
        .contains("repository '" + repository + "'");
  }

  @Test
  void rejectsARepositoryWhoseFullNameIsTooLong() {
    String repository = "a".repeat(252);
    assertThat(ReferenceRules.checkRepository("repository", repository, "app")).get().asString()
        .contains("256 characters", "at most 255");
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "latest", "1.0.0", "v1.2_rc-3", "_x", "A"})
  void acceptsTags(String tag) {
    assertThat(ReferenceRules.checkTag("tag", tag)).isEmpty();
  }

  @Test
  void rejectsTagsWithBadCharactersAndSuggestsOne() {
    assertThat(ReferenceRules.checkTag("tag", "feature/login")).get().asString()
        .contains("tag 'feature/login'", "'feature-login'");
    assertThat(ReferenceRules.checkTag("tag", ".hidden")).get().asString().contains("not starting with '.'");
    assertThat(ReferenceRules.checkTag("tag", "x".repeat(129))).get().asString().contains("129 characters");
  }
}
