package dev.weft.tls;

import java.util.Arrays;
import java.util.function.Function;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Sets up each new engine of one TLS setup: its mode and one {@link SSLParameters}, built once
 * per engine source (again after a certificate reload brings a new source) instead of once per
 * connection. Building them reads the engine's defaults and supported suites, which a native
 * engine converts name by name; the engines of one source all share those defaults.
 *
 * <p>The shared parameters are never changed after they are built: engines copy them.
 */
final class EngineParameters {
  private final boolean client;
  private final Function<SSLEngine, SSLParameters> build;
  private volatile Built built;

  private record Built(TlsEngineFactory.Engines source, SSLParameters parameters) {}

  /**
   * @param build the parameters for an engine already in the right mode; it may read the
   *     engine's defaults but must not change the engine
   */
  EngineParameters(boolean client, Function<SSLEngine, SSLParameters> build) {
    this.client = client;
    this.build = build;
  }

  SSLEngine apply(TlsEngineFactory.Engines source, SSLEngine engine) {
    engine.setUseClientMode(client);
    Built b = built;
    if (b == null || b.source() != source) {
      b = new Built(source, withoutNoOps(build.apply(engine), engine));
      built = b;
    }
    engine.setSSLParameters(b.parameters());
    return engine;
  }

  /**
   * {@code p} without the protocols, suites and named groups that leave {@code engine} (a fresh one
   * of the source) as it was: {@link SSLEngine#setSSLParameters} leaves a null part as the engine
   * has it, and the engines of a source that took them from {@link TlsEngineFactory#create(
   * javax.net.ssl.X509ExtendedKeyManager, javax.net.ssl.X509TrustManager, boolean,
   * java.util.List, java.util.List)} start with them. Sets {@code p} on {@code engine}.
   */
  static SSLParameters withoutNoOps(SSLParameters p, SSLEngine engine) {
    SSLParameters before = engine.getSSLParameters();
    engine.setSSLParameters(p);
    SSLParameters after = engine.getSSLParameters();
    if (Arrays.equals(after.getProtocols(), before.getProtocols())) {
      p.setProtocols(null);
    }
    if (Arrays.equals(after.getCipherSuites(), before.getCipherSuites())) {
      p.setCipherSuites(null);
    }
    if (Arrays.equals(after.getNamedGroups(), before.getNamedGroups())) {
      p.setNamedGroups(null);
    }
    return p;
  }
}
