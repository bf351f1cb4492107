package dev.weft.cli;

import dev.weft.net.Handler;
import dev.weft.net.NetException;
import dev.weft.net.Server;
import dev.weft.net.ServerConfig;
import dev.weft.net.ShutdownSummary;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The servers one command started, run until SIGINT or SIGTERM (through a JVM shutdown hook) or
 * until the waiting thread is interrupted (how tests stop an in-process run). Stopping shuts
 * every server down at once with the same drain deadline and prints one summary line each:
 * {@code echo stopped: 3 drained, 0 force-closed in 12 ms}. The hook is installed before the
 * first {@code listening} line, so a signal sent as soon as a server is announced still drains.
 * Thread-safe.
 */
final class RunningServers {
  private final Duration drainTimeout;
  private final PrintWriter out;
  private final List<Server> servers = new ArrayList<>();
  private final java.util.Map<String, dev.weft.proxy.Proxy> proxies = new java.util.concurrent.ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Thread hook = Thread.ofPlatform().name("weft-shutdown").unstarted(this::stopOnSignal);
  private boolean stopping;
  private boolean hooked;

  /**
   * @param drainTimeout how long a shutdown waits for connections before force-closing them
   * @param out where the listening and summary lines go
   */
  RunningServers(Duration drainTimeout, PrintWriter out) {
    this.drainTimeout = drainTimeout;
    this.out = out;
  }

  /** Binds and starts one server, then prints {@code NAME listening on HOST:PORT}. */
  Server start(ServerConfig config, Handler handler) throws NetException {
    Server server = Server.start(config, handler);
    add(server);
    return server;
  }

  /**
   * Starts a proxy and its health checks, then prints {@code NAME listening on HOST:PORT}. A
   * reload finds it again with {@link #proxy(String)} to call {@code reconfigure}.
   */
  dev.weft.proxy.Proxy start(dev.weft.proxy.ProxyConfig config) throws java.io.IOException {
    dev.weft.proxy.Proxy proxy = dev.weft.proxy.Proxy.start(config);
    proxies.put(config.server().name(), proxy);
    add(proxy.server());
    return proxy;
  }

  /**
   * Shuts one server down (a service a reload removed) with the drain deadline, forgets it, and
   * prints its summary line.
   */
  void retire(Server server) {
    lock.lock();
    try {
      servers.remove(server);
      proxies.remove(server.config().name());
    } finally {
      lock.unlock();
    }
    out.println(server.config().name() + " stopped: " + server.shutdown(drainTimeout));
    out.flush();
  }

  /** The running proxy service named {@code name}, or null. */
  dev.weft.proxy.Proxy proxy(String name) {
    return proxies.get(name);
  }

  private void add(Server server) {
    ServerConfig config = server.config();
    lock.lock();
    try {
      if (stopping) { // a reload started it while everything shuts down
        server.shutdown(Duration.ZERO);
        return;
      }
      servers.add(server);
      if (!hooked) {
        addHook();
      }
    } finally {
      lock.unlock();
    }
    out.println(config.name() + " listening on " + NetException.addr(server.address()));
    out.flush();
  }

  /**
   * Blocks until a signal arrives or this thread is interrupted, then returns once every server
   * has shut down.
   *
   * @return the exit code, {@link Main#OK}
   */
  int awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      stop();
      Thread.currentThread().interrupt();
    }
    return Main.OK;
  }

  /** The shutdown hook: the JVM halts once it returns, so the queued log lines go out first. */
  private void stopOnSignal() {
    stop();
    Logs.close();
  }

  /** Shuts every server down, in parallel, and prints the summaries. Idempotent. */
  void stop() {
    lock.lock();
    try {
      if (!stopping) {
        stopping = true;
        shutdownAll();
        if (hooked && Thread.currentThread() != hook) {
          removeHook(hook); // stopped without a signal (a test's interrupt, a failed start)
        }
      }
    } finally {
      lock.unlock();
      stopped.countDown();
    }
  }

  private void shutdownAll() {
    List<Thread> threads = new ArrayList<>();
    ShutdownSummary[] summaries = new ShutdownSummary[servers.size()];
    for (int i = 0; i < servers.size(); i++) {
      int n = i;
      threads.add(
          Thread.ofVirtual()
              .name("shutdown-" + servers.get(n).config().name())
              .start(() -> summaries[n] = servers.get(n).shutdown(drainTimeout)));
    }
    try {
      for (Thread t : threads) {
        t.join(drainTimeout.plusSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < servers.size(); i++) {
      String name = servers.get(i).config().name();
      out.println(name + " stopped: " + (summaries[i] != null ? summaries[i] : "still draining"));
    }
    out.flush();
  }

  private void addHook() {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      hooked = true;
    } catch (IllegalStateException e) {
      // The JVM is already exiting: there is no signal left to wait for.
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook finds the servers stopped.
    }
  }
}
