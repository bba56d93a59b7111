package io.jenkins.plugins.harborjib.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MavenPomTest {
  @Test
  void readsTheVersionOrTheParentsVersion() {
    assertThat(MavenPom.version("<project><version>2.1.0</version></project>", "pom.xml")).isEqualTo("2.1.0");
    assertThat(MavenPom.version("<project><parent><version>3.0</version></parent></project>", "pom.xml"))
        .isEqualTo("3.0");
  }

  @Test
  void resolvesCiFriendlyPropertiesFromThePom() {
    assertThat(MavenPom.version("<project><version>${revision}${changelist}</version><properties>"
        + "<revision>1.2</revision><changelist>-SNAPSHOT</changelist></properties></project>", "pom.xml"))
        .isEqualTo("1.2-SNAPSHOT");
  }

  @Test
  void saysWhichPropertyIsMissing() {
    assertThatThrownBy(() -> MavenPom.version("<project><version>${revision}</version></project>", "api/pom.xml"))
        .hasMessageStartingWith("api/pom.xml version '${revision}' uses ${revision}, which is not set");
  }

  @Test
  void refusesDoctypesSoNoEntityIsExpanded() {
    assertThatThrownBy(() -> MavenPom.version("<!DOCTYPE project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<project><version>&x;</version></project>", "pom.xml"))
        .hasMessageStartingWith("pom.xml cannot be read as XML");
  }
}
