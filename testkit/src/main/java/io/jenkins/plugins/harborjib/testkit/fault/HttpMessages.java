package io.jenkins.plugins.harborjib.testkit.fault;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Just enough HTTP/1.1 for a forwarding proxy: message heads, and bodies framed by length, chunks or close. */
final class HttpMessages {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_HEADERS = 200;

  private HttpMessages() {}

  /** How a body ends. */
  enum Framing {
    NONE, LENGTH, CHUNKED, UNTIL_CLOSE
  }

  /** A request or response head: the start line and the header fields, in order, as received. */
  static final class Head {
    final String startLine;
    final List<String[]> headers;

    Head(String startLine, List<String[]> headers) {
      this.startLine = startLine;
      this.headers = headers;
    }

    String method() {
      return part(0);
    }

    String target() {
      return part(1);
    }

    int status() {
      try {
        return Integer.parseInt(part(1));
      } catch (NumberFormatException e) {
        return 0;
      }
    }

    String version() {
      return startLine.startsWith("HTTP/") ? part(0) : part(2);
    }

    private String part(int i) {
      String[] parts = startLine.split(" ", 3);
      return i < parts.length ? parts[i] : "";
    }

    String header(String name) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          return h[1];
        }
      }
      return null;
    }

    boolean hasToken(String name, String token) {
      for (String[] h : headers) {
        if (h[0].equalsIgnoreCase(name)) {
          for (String t : h[1].split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
              return true;
            }
          }
        }
      }
      return false;
    }

    long contentLength() {
      String v = header("Content-Length");
      return v == null ? -1 : Long.parseLong(v.trim());
    }

    /** Whether either side asked to close the connection after this message. */
    boolean wantsClose() {
      return hasToken("Connection", "close")
          || (version().equals("HTTP/1.0") && !hasToken("Connection", "keep-alive"));
    }

    Framing requestFraming() {
      if (hasToken("Transfer-Encoding", "chunked")) {
        return Framing.CHUNKED;
      }
      return contentLength() > 0 ? Framing.LENGTH : Framing.NONE;
    }

    Framing responseFraming(String requestMethod) {
      int status = status();
      if (requestMethod.equalsIgnoreCase("HEAD") || status < 200 || status == 204 || status == 304) {
        return Framing.NONE;
      }
      if (hasToken("Transfer-Encoding", "chunked")) {
        return Framing.CHUNKED;
      }
      long length = contentLength();
      return length > 0 ? Framing.LENGTH : length == 0 ? Framing.NONE : Framing.UNTIL_CLOSE;
    }

    /** Replaces {@code from} by {@code to} in the values of the named headers. */
    void rewrite(List<String> names, String from, String to) {
      for (String[] h : headers) {
        if (names.stream().anyMatch(n -> n.equalsIgnoreCase(h[0]))) {
          h[1] = h[1].replace(from, to);
        }
      }
    }

    byte[] bytes() {
      StringBuilder sb = new StringBuilder(startLine).append("\r\n");
      for (String[] h : headers) {
        sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
      }
      return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }
  }

  /** Reads a head; null when the stream ends before its first byte (the peer closed an idle connection). */
  static Head readHead(InputStream in) throws IOException {
    String start = readLine(in, true);
    while (start != null && start.isEmpty()) {
      start = readLine(in, true); // tolerate stray line breaks between messages
    }
    if (start == null) {
      return null;
    }
    if (start.split(" ", 3).length < 2) {
      throw new Malformed("malformed start line");
    }
    List<String[]> headers = new ArrayList<>();
    for (String line = readLine(in, false); !line.isEmpty(); line = readLine(in, false)) {
      int colon = line.indexOf(':');
      if (colon <= 0 || headers.size() >= MAX_HEADERS) {
        throw new Malformed("malformed header line");
      }
      headers.add(new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
    }
    return new Head(start, headers);
  }

  /** A line without its CR LF; null at the end of the stream if {@code eofOk} and nothing was read. */
  private static String readLine(InputStream in, boolean eofOk) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (eofOk && line.size() == 0) {
          return null;
        }
        throw new EOFException("the stream ended inside an HTTP head");
      }
      if (b == '\n') {
        break;
      }
      line.write(b);
      if (line.size() > MAX_LINE) {
        throw new Malformed("HTTP line too long");
      }
    }
    String s = line.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Copies a body from {@code in} to {@code out} as it travels (chunk framing included).
   *
   * @throws LimitReached after {@code out} took its limit (see {@link #limit})
   */
  static void copyBody(InputStream in, OutputStream out, Framing framing, long length) throws IOException {
    switch (framing) {
      case NONE -> { }
      case LENGTH -> copyExactly(in, out, length);
      case UNTIL_CLOSE -> copyExactly(in, out, Long.MAX_VALUE, true);
      case CHUNKED -> copyChunked(in, out);
      default -> throw new IllegalStateException(framing.toString());
    }
  }

  private static void copyChunked(InputStream in, OutputStream out) throws IOException {
    while (true) {
      String sizeLine = readLine(in, false);
      out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size");
      }
      if (size == 0) {
        for (String trailer = readLine(in, false); ; trailer = readLine(in, false)) {
          out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          if (trailer.isEmpty()) {
            return;
          }
        }
      }
      copyExactly(in, out, size);
      String end = readLine(in, false);
      out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void copyExactly(InputStream in, OutputStream out, long length) throws IOException {
    copyExactly(in, out, length, false);
  }

  private static void copyExactly(InputStream in, OutputStream out, long length, boolean toEnd) throws IOException {
    // Smaller than the proxy's output buffers, so the last bytes wait in them for the proxy's own flush.
    byte[] buffer = new byte[16 * 1024];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        if (toEnd) {
          return;
        }
        throw new EOFException("the stream ended " + left + " bytes before the end of the body");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** Reads and drops a body. */
  static void drainBody(InputStream in, Framing framing, long length) throws IOException {
    copyBody(in, OutputStream.nullOutputStream(), framing, length);
  }

  /** {@code out}, cut off after {@code limit} bytes: it writes up to the limit, flushes, and throws. */
  static OutputStream limit(OutputStream out, long limit) {
    return new FilterOutputStream(out) {
      private long written;

      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        long room = limit - written;
        int now = (int) Math.min(room, len);
        if (now > 0) {
          out.write(b, off, now);
          written += now;
        }
        if (now < len || written >= limit) {
          out.flush();
          throw new LimitReached();
        }
      }
    };
  }

  /** Not HTTP. */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message);
    }
  }

  /** The byte limit of {@link #limit} was reached. */
  static final class LimitReached extends IOException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super("byte limit reached", null);
    }
  }

  /** A small answer from the proxy itself, closing the connection, e.g. a 502 as nginx sends it. */
  static byte[] answer(int status) {
    String reason = reason(status);
    return answer(status, "text/html", "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n"
        + "<center><h1>" + status + " " + reason + "</h1></center>\r\n<hr><center>harbor-jib fault proxy</center>\r\n"
        + "</body>\r\n</html>\r\n");
  }

  /** An answer with this body, closing the connection. */
  static byte[] answer(int status, String contentType, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String head = "HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Type: " + contentType
        + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
    byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[headBytes.length + bytes.length];
    System.arraycopy(headBytes, 0, all, 0, headBytes.length);
    System.arraycopy(bytes, 0, all, headBytes.length, bytes.length);
    return all;
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Temporarily Unavailable";
      case 504 -> "Gateway Time-out";
      default -> status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "OK";
    };
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
