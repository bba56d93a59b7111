package io.jenkins.plugins.harborjib.cli;

import io.jenkins.plugins.harborjib.protocol.ProtocolLine;
import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.engine.Credentials;
import io.jenkins.plugins.harborjib.engine.PushEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * Last line of defence: masks the request's passwords in any text the CLI prints, in case a message from a library
 * ever quotes one. The engine's messages are written not to; this catches what no one foresaw. Passwords shorter
 * than {@link #MIN_LENGTH} are not masked, since masking them would garble ordinary words.
 */
final class Redactor {
  static final int MIN_LENGTH = 4;
  static final String MASK = "****";

  private final List<char[]> secrets = new ArrayList<>();

  /** Masks the passwords of every credential in {@code request} from now on. */
  synchronized void addAll(ProtocolRequest request) {
    request.push().credentials().ifPresent(this::add);
    request.push().baseImage().credentials().ifPresent(this::add);
    request.proxyCredentials().ifPresent(this::add);
  }

  private void add(Credentials credentials) {
    char[] password = credentials.password();
    if (password.length >= MIN_LENGTH) {
      secrets.add(password);
    }
  }

  /** {@code text} with every known password replaced by {@value #MASK}. */
  synchronized String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    StringBuilder out = null;
    int copied = 0;
    for (int i = 0; i < text.length(); ) {
      int match = matchAt(text, i);
      if (match > 0) {
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, i).append(MASK);
        i += match;
        copied = i;
      } else {
        i++;
      }
    }
    return out == null ? text : out.append(text, copied, text.length()).toString();
  }

  private int matchAt(String text, int at) {
    int best = 0;
    for (char[] s : secrets) {
      if (s.length > best && startsWith(text, at, s)) {
        best = s.length;
      }
    }
    return best;
  }

  /** An event with its free text masked. */
  PushEvent redact(PushEvent event) {
    if (event instanceof PushEvent.Warning w) {
      return new PushEvent.Warning(redact(w.message()));
    } else if (event instanceof PushEvent.Info i) {
      return new PushEvent.Info(redact(i.message()));
    } else if (event instanceof PushEvent.Debug d) {
      return new PushEvent.Debug(redact(d.message()));
    } else if (event instanceof PushEvent.Retry r) {
      return new PushEvent.Retry(redact(r.action()), r.attempt(), redact(r.reason()));
    }
    return event;
  }

  /** A failure with its message masked. */
  ProtocolLine.Failure redact(ProtocolLine.Failure failure) {
    return new ProtocolLine.Failure(failure.kind(), failure.field(), redact(failure.message()));
  }

  private static boolean startsWith(String text, int at, char[] secret) {
    if (at + secret.length > text.length()) {
      return false;
    }
    for (int k = 0; k < secret.length; k++) {
      if (text.charAt(at + k) != secret[k]) {
        return false;
      }
    }
    return true;
  }
}
