package io.jenkins.plugins.harborjib.bridge;

import io.jenkins.plugins.harborjib.protocol.ProtocolRequest;
import io.jenkins.plugins.harborjib.protocol.RequestJson;
import io.jenkins.plugins.harborjib.engine.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The request for one push, as the engine's CLI reads it on standard input ({@code docs/cli-protocol.md}): the
 * {@link ProtocolRequest} (target, base image, build output, container, Harbor, credentials, TLS, proxy credentials,
 * verbosity), written by the protocol's own {@link RequestJson}. It holds passwords: {@link #toString()} never shows
 * them, and the JSON form is made as bytes or chars that the caller wipes, never as a String.
 */
public final class EngineRequest {
  private final ProtocolRequest protocol;

  public EngineRequest(ProtocolRequest protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  public ProtocolRequest protocol() {
    return protocol;
  }

  /** Writes the request as one JSON object and a newline, in UTF-8; {@code out} stays open. */
  public void writeTo(OutputStream out) throws IOException {
    WipeableBuffer buffer = json();
    try {
      buffer.writeTo(out);
      out.flush();
    } finally {
      buffer.wipe();
    }
  }

  /**
   * The request as JSON characters, to hand to the agent (a {@code char[]} crosses the remoting channel as a JDK
   * type and can be wiped afterwards, unlike a String). The caller wipes it with {@code Arrays.fill(chars, '\0')}.
   */
  public char[] toJsonChars() throws IOException {
    WipeableBuffer buffer = json();
    ByteBuffer bytes = ByteBuffer.wrap(buffer.array(), 0, buffer.size());
    CharBuffer chars = null;
    try {
      chars = StandardCharsets.UTF_8.newDecoder().decode(bytes);
      return Arrays.copyOf(chars.array(), chars.limit());
    } catch (CharacterCodingException e) {
      throw new IOException("the request is not UTF-8", e);
    } finally {
      buffer.wipe();
      if (chars != null && chars.hasArray()) {
        Arrays.fill(chars.array(), '\0');
      }
    }
  }

  private WipeableBuffer json() throws IOException {
    WipeableBuffer buffer = new WipeableBuffer();
    RequestJson.write(protocol, buffer);
    return buffer;
  }

  @Override
  public String toString() {
    var push = protocol.push();
    return "EngineRequest{target=" + push.target().repositoryReference() + ":" + push.target().tags() + ", base="
        + push.baseImage().reference() + ", user=" + push.credentials().map(Credentials::username).orElse("(anonymous)")
        + ", output=" + push.buildOutput() + ", tls=" + push.tls() + ", harbor=" + push.harbor().mode()
        + push.harbor().url().map(u -> " " + u).orElse("") + "}";
  }

  /** A byte buffer whose content can be overwritten when done. */
  static final class WipeableBuffer extends ByteArrayOutputStream {
    WipeableBuffer() {
      super(4096);
    }

    byte[] array() {
      return buf;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      if (count + len > buf.length) {
        byte[] old = buf;
        super.write(b, off, len);
        Arrays.fill(old, (byte) 0); // the grown copy replaced it
        return;
      }
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      if (count + 1 > buf.length) {
        byte[] old = buf;
        super.write(b);
        Arrays.fill(old, (byte) 0);
        return;
      }
      super.write(b);
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
      count = 0;
    }
  }
}
