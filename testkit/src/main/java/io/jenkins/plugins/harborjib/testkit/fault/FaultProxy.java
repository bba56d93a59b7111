package io.jenkins.plugins.harborjib.testkit.fault;

import io.jenkins.plugins.harborjib.testkit.TestRegistry;
import io.jenkins.plugins.harborjib.testkit.fault.HttpMessages.Framing;
import io.jenkins.plugins.harborjib.testkit.fault.HttpMessages.Head;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small HTTP/1.1 proxy on a free 127.0.0.1 port in front of a plain-HTTP server (the test registry, or the Harbor
 * stand-in), for fault injection: clients talk to {@link #host()} instead of the server, and {@link FaultRule}s,
 * set and changed while a test runs, pick requests by method, target and occurrence and delay them, answer them with
 * a status of the proxy's own (502, 503, ...), cut or reset the connection after some bytes of the request or the
 * response, or never answer (see {@link Fault}). Every request is recorded (method, target, status, fault) for
 * assertions; headers are not, as they carry credentials.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to(registry).start()) {
 *   proxy.when("PUT", "/manifests/").times(2).then(Fault.respond(502));
 *   // push to proxy.host() + "/app/demo:1" ...
 *   assertThat(proxy.requests("PUT", "/manifests/")).extracting(RecordedRequest::status).containsExactly(502, 502, 201);
 * }
 * }</pre>
 *
 * <p>Each request goes to the server on a connection of its own, so a server that was killed and restarted on the
 * same port (see {@link TestRegistry#kill()}) is reached again at once; while nothing listens there, the client gets a
 * {@code 502} as from Harbor's front proxy. Client connections are kept alive as the client and the server allow.
 * {@code Location} and {@code WWW-Authenticate} headers that name the server's address are rewritten to the proxy's,
 * so a token realm behind the proxy is reached through it too. {@code Expect: 100-continue} is not supported (no
 * client under test sends it). Stop it with {@link #close()}: every connection is closed.
 */
public final class FaultProxy implements AutoCloseable {
  private static final List<String> REWRITTEN = List.of("Location", "WWW-Authenticate");
  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int TLS_HANDSHAKE = 0x16;

  private final String upstreamHost;
  private final int upstreamPort;
  private final Object rulesLock = new Object();
  private final List<FaultRule> rules = new ArrayList<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final AtomicLong connections = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();

  private ServerSocket server;
  private Thread acceptor;
  private volatile boolean closed;

  private FaultProxy(String upstreamHost, int upstreamPort) {
    this.upstreamHost = Objects.requireNonNull(upstreamHost, "upstreamHost");
    this.upstreamPort = upstreamPort;
  }

  /** A proxy (not started) in front of {@code host:port}. */
  public static FaultProxy to(String host, int port) {
    return new FaultProxy(host, port);
  }

  /** A proxy (not started) in front of a running plain-HTTP test registry. */
  public static FaultProxy to(TestRegistry registry) {
    if (registry.isHttps()) {
      throw new IllegalArgumentException("The fault proxy speaks plain HTTP; " + registry + " serves HTTPS");
    }
    return new FaultProxy("127.0.0.1", registry.port());
  }

  /** A proxy (not started) in front of the server at a plain {@code http://host:port} URL. */
  public static FaultProxy toUrl(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
      throw new IllegalArgumentException("The fault proxy needs an http://host:port URL: " + url);
    }
    return new FaultProxy(uri.getHost(), uri.getPort());
  }

  /** Starts listening on a free 127.0.0.1 port; returns this. */
  public synchronized FaultProxy start() {
    if (server != null) {
      return this;
    }
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the fault proxy's port", e);
    }
    acceptor = new Thread(this::acceptLoop, "fault-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
    return this;
  }

  /** {@code 127.0.0.1:PORT}: the registry part of image references that go through the proxy. */
  public String host() {
    return "127.0.0.1:" + port();
  }

  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("The fault proxy is not started");
    }
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String url() {
    return "http://" + host();
  }

  /** {@code host:port} of the server behind the proxy. */
  public String upstream() {
    return upstreamHost + ":" + upstreamPort;
  }

  /**
   * Starts a rule for requests with this method ({@link FaultRule#ANY} for all) whose target (path and query) has a
   * match for {@code targetRegex} ({@code find}, not a whole match); finish it with {@link FaultRule.Builder#then}.
   */
  public FaultRule.Builder when(String method, String targetRegex) {
    return new FaultRule.Builder(this, method, targetRegex);
  }

  /** The rules, in the order they are tried. */
  public List<FaultRule> rules() {
    synchronized (rulesLock) {
      return List.copyOf(rules);
    }
  }

  /** Removes every rule: from now on, requests are forwarded untouched. */
  public void clearRules() {
    synchronized (rulesLock) {
      rules.forEach(FaultRule::markRemoved);
      rules.clear();
    }
  }

  /** Every request so far, in arrival order (recorded when its answer, or its fault, ended). */
  public List<RecordedRequest> requests() {
    synchronized (requests) {
      List<RecordedRequest> copy = new ArrayList<>(requests);
      copy.sort((a, b) -> Long.compare(a.sequence(), b.sequence()));
      return copy;
    }
  }

  /** The requests with this method ({@link FaultRule#ANY} for all) whose target has a match for the regex. */
  public List<RecordedRequest> requests(String method, String targetRegex) {
    Pattern p = Pattern.compile(targetRegex);
    return requests().stream()
        .filter(r -> method.equals(FaultRule.ANY) || r.method().equalsIgnoreCase(method))
        .filter(r -> p.matcher(r.target()).find())
        .toList();
  }

  /** Forgets the recorded requests (rules keep their counts). */
  public void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  /** Waits until a recorded request matches; empty if none did within {@code timeout}. */
  public Optional<RecordedRequest> awaitRequest(Predicate<RecordedRequest> matches, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (requests) {
      while (true) {
        for (RecordedRequest r : requests) {
          if (matches.test(r)) {
            return Optional.of(r);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Optional.empty();
        }
        requests.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
  }

  /** How many client connections the proxy accepted so far. */
  public long connectionsAccepted() {
    return connections.get();
  }

  /** Closes the port and every connection; threads end. The recorded requests stay readable. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (server != null) {
          server.close();
        }
      } catch (IOException e) {
        // closing anyway
      }
    }
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    threads.forEach(Thread::interrupt);
    for (Thread t : threads) {
      try {
        t.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (acceptor != null) {
      try {
        acceptor.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "FaultProxy{" + (server == null ? "not started" : host()) + " -> " + upstream() + ", rules " + rules()
        + "}";
  }

  // ---- rules --------------------------------------------------------------------------------------------------

  Object rulesLock() {
    return rulesLock;
  }

  void add(FaultRule rule) {
    synchronized (rulesLock) {
      rules.add(rule);
    }
  }

  void remove(FaultRule rule) {
    synchronized (rulesLock) {
      rule.markRemoved();
      rules.remove(rule);
    }
  }

  private FaultRule choose(String method, String target) {
    synchronized (rulesLock) {
      FaultRule chosen = null;
      for (FaultRule rule : rules) {
        if (rule.count(method, target) && chosen == null) {
          chosen = rule;
        }
      }
      if (chosen != null) {
        chosen.markApplied();
      }
      return chosen;
    }
  }

  // ---- connections --------------------------------------------------------------------------------------------

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      long id = connections.incrementAndGet();
      sockets.add(client);
      Thread t = new Thread(() -> serve(client, id), "fault-proxy-" + port() + "-conn-" + id);
      t.setDaemon(true);
      threads.add(t);
      if (closed) {
        closeQuietly(client);
      }
      t.start();
    }
  }

  /**
   * One request on its way through: recorded by {@link #finish} just before its last bytes leave the proxy (so a
   * client that has its answer finds it in {@link #requests()}), or with status 0 when it ends without an answer.
   */
  private final class Exchange {
    final long sequence;
    final long connection;
    final Head request;
    final Fault fault;
    final long start = System.nanoTime();
    boolean keepAlive;
    private boolean recorded;

    Exchange(long sequence, long connection, Head request, Fault fault) {
      this.sequence = sequence;
      this.connection = connection;
      this.request = request;
      this.fault = fault;
    }

    void finish(int status) {
      if (recorded) {
        return;
      }
      recorded = true;
      record(new RecordedRequest(sequence, connection, request.method(), request.target(), status,
          Optional.ofNullable(fault).map(Fault::toString), Duration.ofNanos(System.nanoTime() - start)));
    }
  }

  private void serve(Socket client, long connection) {
    try {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
      while (!closed) {
        in.mark(1);
        int first = in.read();
        if (first < 0) {
          return;
        }
        in.reset();
        Head request;
        try {
          request = first == TLS_HANDSHAKE ? null : HttpMessages.readHead(in);
        } catch (HttpMessages.Malformed e) {
          request = null;
        }
        if (request == null) {
          // What a plain-HTTP server answers to TLS or garbage; a TLS client then knows to try plain HTTP.
          out.write(HttpMessages.answer(400));
          out.flush();
          return;
        }
        long seq = sequence.incrementAndGet();
        FaultRule rule = choose(request.method(), request.target());
        Exchange ex = new Exchange(seq, connection, request, rule == null ? null : rule.fault());
        try {
          exchange(ex, client, in, out);
        } finally {
          ex.finish(0);
        }
        if (!ex.keepAlive) {
          return;
        }
      }
    } catch (IOException e) {
      // The client went away, or the proxy is closing.
    } finally {
      sockets.remove(client);
      closeQuietly(client);
      threads.remove(Thread.currentThread());
    }
  }

  private void record(RecordedRequest r) {
    synchronized (requests) {
      requests.add(r);
      requests.notifyAll();
    }
  }

  private void exchange(Exchange ex, Socket client, InputStream in, OutputStream out) throws IOException {
    Head request = ex.request;
    Fault fault = ex.fault;
    Framing framing = request.requestFraming();
    long length = request.contentLength();
    long responseLimit = -1;
    if (fault != null) {
      switch (fault.kind()) {
        case DELAY -> {
          if (!sleep(fault.delayDuration())) {
            return;
          }
        }
        case RUN -> fault.action().run();
        case RESPOND -> {
          HttpMessages.drainBody(in, framing, length);
          out.write(fault.answer());
          ex.finish(fault.status());
          out.flush();
          return;
        }
        case HANG -> {
          HttpMessages.drainBody(in, framing, length);
          // Never answer; wait for the client to give up (end of stream) or the proxy to close (exception).
          while (in.read() >= 0) {
            // a client that keeps writing is ignored too
          }
          return;
        }
        case RESET_REQUEST, CUT_REQUEST -> {
          if (fault.bytes() >= 0) {
            forwardPartOfRequest(request, framing, length, in, fault.bytes());
          }
          ex.finish(0);
          if (fault.kind() == Fault.Kind.RESET_REQUEST) {
            reset(client);
          } else {
            client.shutdownOutput();
          }
          return;
        }
        case CUT_RESPONSE, RESET_RESPONSE -> responseLimit = fault.bytes();
        default -> throw new IllegalStateException(fault.kind().toString());
      }
    }
    forward(ex, framing, length, client, in, out, responseLimit);
  }

  /** Sends the head and up to {@code bytes} body bytes to the server, then drops that connection. */
  private void forwardPartOfRequest(Head request, Framing framing, long length, InputStream in, long bytes)
      throws IOException {
    try (Socket upstream = connectUpstream()) {
      OutputStream up = new UpstreamOutput(new BufferedOutputStream(upstream.getOutputStream()));
      up.write(request.bytes());
      up.flush();
      try {
        HttpMessages.copyBody(in, HttpMessages.limit(up, bytes), framing, length);
        up.flush();
      } catch (HttpMessages.LimitReached expected) {
        // cut here
      }
    } catch (UpstreamFailure e) {
      // Nothing listens: the cut happens anyway.
    } finally {
      sockets.removeIf(Socket::isClosed);
    }
  }

  private void forward(Exchange ex, Framing framing, long length, Socket client, InputStream in, OutputStream out,
      long responseLimit) throws IOException {
    Head request = ex.request;
    Socket upstream;
    try {
      upstream = connectUpstream();
    } catch (UpstreamFailure e) {
      HttpMessages.drainBody(in, framing, length);
      badGateway(ex, out);
      return;
    }
    boolean clientGotBytes = false;
    try {
      InputStream upIn = new UpstreamInput(new BufferedInputStream(upstream.getInputStream(), 64 * 1024));
      OutputStream upOut = new UpstreamOutput(new BufferedOutputStream(upstream.getOutputStream(), 64 * 1024));
      upOut.write(request.bytes());
      HttpMessages.copyBody(in, upOut, framing, length);
      upOut.flush();
      Head response = HttpMessages.readHead(upIn);
      if (response == null) {
        throw new UpstreamFailure(new IOException("the server closed the connection without answering"));
      }
      while (response.status() >= 100 && response.status() < 200) {
        clientGotBytes = true;
        out.write(response.bytes());
        out.flush();
        response = HttpMessages.readHead(upIn);
        if (response == null) {
          throw new UpstreamFailure(new IOException("the server closed the connection after an interim answer"));
        }
      }
      String proxyAuthority = host();
      response.rewrite(REWRITTEN, upstream(), proxyAuthority);
      if (upstreamHost.equals("127.0.0.1")) {
        response.rewrite(REWRITTEN, "localhost:" + upstreamPort, proxyAuthority);
      }
      Framing responseFraming = response.responseFraming(request.method());
      clientGotBytes = true;
      out.write(response.bytes());
      if (responseLimit >= 0) {
        try {
          HttpMessages.copyBody(upIn, HttpMessages.limit(out, responseLimit), responseFraming,
              response.contentLength());
        } catch (HttpMessages.LimitReached expected) {
          // cut here
        }
        ex.finish(response.status());
        out.flush();
        if (ex.fault.kind() == Fault.Kind.RESET_RESPONSE) {
          reset(client);
        } else {
          client.shutdownOutput();
        }
        return;
      }
      HttpMessages.copyBody(upIn, out, responseFraming, response.contentLength());
      ex.keepAlive = !request.wantsClose() && !response.wantsClose() && responseFraming != Framing.UNTIL_CLOSE;
      ex.finish(response.status());
      out.flush();
    } catch (UpstreamFailure e) {
      if (!clientGotBytes) {
        // As a front proxy does when the server dies under a request: a 502, and this connection is done.
        badGateway(ex, out);
      }
    } finally {
      sockets.remove(upstream);
      closeQuietly(upstream);
    }
  }

  private static void badGateway(Exchange ex, OutputStream out) throws IOException {
    out.write(HttpMessages.answer(502));
    ex.finish(502);
    out.flush();
  }

  private Socket connectUpstream() throws UpstreamFailure {
    Socket s = new Socket();
    try {
      sockets.add(s);
      s.setTcpNoDelay(true);
      s.connect(new InetSocketAddress(upstreamHost, upstreamPort), CONNECT_TIMEOUT_MILLIS);
      return s;
    } catch (IOException e) {
      sockets.remove(s);
      closeQuietly(s);
      throw new UpstreamFailure(e);
    }
  }

  private boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Closes with {@code SO_LINGER 0}: the peer gets a TCP reset instead of an orderly end. */
  private static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (IOException e) {
      // closing anyway
    }
    closeQuietly(s);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  /** An I/O failure on the server's side of the proxy (as opposed to the client's). */
  private static final class UpstreamFailure extends IOException {
    private static final long serialVersionUID = 1L;

    UpstreamFailure(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** Tags failures reading from the server as {@link UpstreamFailure}. */
  private static final class UpstreamInput extends FilterInputStream {
    UpstreamInput(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw e instanceof UpstreamFailure ? e : new UpstreamFailure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw e instanceof UpstreamFailure ? e : new UpstreamFailure(e);
      }
    }
  }

  /** Tags failures writing to the server as {@link UpstreamFailure}. */
  private static final class UpstreamOutput extends FilterOutputStream {
    UpstreamOutput(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      try {
        out.write(b);
      } catch (IOException e) {
        throw new UpstreamFailure(e);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw new UpstreamFailure(e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UpstreamFailure(e);
      }
    }
  }
}
