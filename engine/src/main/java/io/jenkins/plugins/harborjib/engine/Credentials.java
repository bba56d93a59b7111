package io.jenkins.plugins.harborjib.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * A registry user name and its password or token. Names such as {@code robot$app+ci} are kept exactly as given.
 * The password is held as a char array and never appears in {@link #toString()}.
 */
public final class Credentials {
  private final String username;
  private final char[] password;

  private Credentials(String username, char[] password) {
    this.username = username;
    this.password = password;
  }

  /** Credentials for {@code username}; the array is copied, so the caller may wipe its own. */
  public static Credentials of(String username, char[] password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    return new Credentials(username, password.clone());
  }

  public String username() {
    return username;
  }

  /** A copy of the password; wipe it after use. */
  public char[] password() {
    return password.clone();
  }

  /** Whether the password is empty. */
  public boolean hasEmptyPassword() {
    return password.length == 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credentials other
        && username.equals(other.username)
        && Arrays.equals(password, other.password);
  }

  @Override
  public int hashCode() {
    return username.hashCode();
  }

  @Override
  public String toString() {
    return "Credentials{username=" + username + ", password=****}";
  }
}
