package io.jenkins.plugins.harborjib.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The files a jenkinsci plugin repository has (and Jenkins' plugin health score probes for), and README's links. */
class RepositoryFilesTest {
  private static final Path ROOT = Path.of("..");

  private static String read(String path) throws IOException {
    return Files.readString(ROOT.resolve(path));
  }

  @Test
  void licenseChangelogAndContributingExistAndReadmeLinksThem() throws IOException {
    assertThat(read("LICENSE")).startsWith("MIT License").contains("Permission is hereby granted");
    assertThat(read("plugin/pom.xml")).contains("<name>MIT License</name>");
    assertThat(read("CHANGELOG.md")).contains("keepachangelog.com", "## [Unreleased]", "0.1.0");
    assertThat(read("CONTRIBUTING.md")).contains("mvn -B verify", "mvn -B -Pplugin verify", "scripts/plugin-tests.sh",
        "docs/architecture.md");
    assertThat(read("README.md")).contains("(LICENSE)", "(CHANGELOG.md)", "(CONTRIBUTING.md)");
  }

  @Test
  void codeOwnersDependabotForMavenAndReleaseDrafter() throws IOException {
    assertThat(read(".github/CODEOWNERS")).startsWith("* @jenkinsci/");
    assertThat(read(".github/dependabot.yml")).contains("package-ecosystem: maven", "directory: /");
    assertThat(read(".github/release-drafter.yml")).contains("_extends: .github");
  }

  @Test
  void spotBugsStaysOnInThePluginBuild() throws IOException {
    // The Jenkins plugin parent POM runs SpotBugs and fails the build on its findings unless a module skips it.
    assertThat(read("plugin/pom.xml")).doesNotContain("<spotbugs.skip>true").doesNotContain("<spotbugs.failOnError>false");
  }
}
