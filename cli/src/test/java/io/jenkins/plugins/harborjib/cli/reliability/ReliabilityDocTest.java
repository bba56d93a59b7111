package io.jenkins.plugins.harborjib.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.harborjib.cli.reliability.BadInputCases.Case;
import io.jenkins.plugins.harborjib.testkit.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/reliability.md stays true to the CLI's bad-input table: every row listed, the count stated. */
class ReliabilityDocTest {
  @Test
  void theReliabilityPageListsEveryBadInputRow() throws Exception {
    Path page = Samples.projectRoot().resolve("docs/reliability.md");
    String text = Files.readString(page);

    for (Case c : BadInputCases.all()) {
      assertThat(text).as("docs/reliability.md lists %s", c.id()).contains("| `" + c.id() + "` |");
    }
    assertThat(text).contains(BadInputCases.all().size() + " rows");
  }
}
