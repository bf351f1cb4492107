package dev.weft.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current {@link TlsEngineFactory.Engines} of one {@link TlsConfig}, rebuilt when a certificate, key or CA
 * file's modification time changes. The check is cheap (a few {@code stat} calls) and runs at most
 * once per reload interval, on the thread of a new handshake; established connections keep the
 * context they were made with. A file that fails to load keeps the old context and logs once.
 * Thread-safe.
 */
final class TlsContexts {
  private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

  private final TlsConfig config;
  private final ReentrantLock reloadLock = new ReentrantLock();
  private final boolean server;
  private volatile TlsEngineFactory.Engines context;
  private volatile List<Long> stamps;
  private volatile long nextCheckNanos;

  /** Loads every file now. @throws IOException naming the bad file */
  TlsContexts(TlsConfig config, boolean server) throws IOException {
    this.config = config;
    this.server = server;
    this.stamps = stamps();
    this.context = build();
    this.nextCheckNanos = System.nanoTime() + config.reloadInterval().toNanos();
  }

  /** The engines for a new handshake, reloaded first if a file changed. Never blocks long. */
  TlsEngineFactory.Engines current() {
    if (!config.reloadInterval().isZero() && System.nanoTime() - nextCheckNanos >= 0 && reloadLock.tryLock()) {
      try {
        nextCheckNanos = System.nanoTime() + config.reloadInterval().toNanos();
        reloadIfChanged();
      } finally {
        reloadLock.unlock();
      }
    }
    return context;
  }

  private void reloadIfChanged() {
    List<Long> now = stamps();
    if (now.equals(stamps)) {
      return;
    }
    stamps = now; // a bad file is reported once per change, not once per handshake
    try {
      context = build();
      log.info("tls: reloaded certificates from {}", files());
    } catch (IOException | RuntimeException e) {
      log.error("tls: reload failed, keeping the previous certificates: {}", e.getMessage());
    }
  }

  private List<Path> files() {
    List<Path> files = new ArrayList<>();
    if (config.keyMaterial() != null) {
      files.addAll(config.keyMaterial().files());
    }
    config.sni().forEach(s -> files.addAll(s.material().files()));
    if (config.trust() != null) {
      files.add(config.trust());
    }
    return files;
  }

  private List<Long> stamps() {
    List<Long> out = new ArrayList<>();
    for (Path p : files()) {
      try {
        out.add(Files.getLastModifiedTime(p).toMillis() ^ Files.size(p));
      } catch (IOException e) {
        out.add(-1L);
      }
    }
    return out;
  }

  private TlsEngineFactory.Engines build() throws IOException {
    X509ExtendedKeyManager km = null;
    KeyMaterial.Loaded fallback = config.keyMaterial() == null ? null : config.keyMaterial().load();
    warnIfOutOfDate(config.keyMaterial(), fallback);
    Map<String, KeyMaterial.Loaded> byName = new LinkedHashMap<>();
    for (TlsConfig.Sni s : config.sni()) {
      byName.put(s.name(), s.material().load());
      warnIfOutOfDate(s.material(), byName.get(s.name()));
    }
    if (fallback != null || !byName.isEmpty()) {
      km = new SniKeyManager(fallback, byName);
    }
    X509TrustManager trust = trustManager(); // its errors name the file: not wrapped below
    try {
      return config.engines().create(km, trust, server, config.protocols(), config.cipherSuites());
    } catch (GeneralSecurityException | IOException | RuntimeException e) {
      throw new IOException("tls: cannot build the TLS context (" + config.engines().name() + "): " + e.getMessage(), e);
    }
  }

  /** Serving an expired certificate is allowed (peers decide), but should not go unnoticed. */
  private static void warnIfOutOfDate(KeyMaterial material, KeyMaterial.Loaded loaded) {
    if (loaded == null) {
      return;
    }
    X509Certificate leaf = loaded.chain()[0];
    Instant now = Instant.now();
    Path file = material.certificate() != null ? material.certificate() : material.pkcs12();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      log.warn("tls: {}: certificate {} expired at {}; peers will refuse it", file,
          leaf.getSubjectX500Principal().getName(), leaf.getNotAfter().toInstant());
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      log.warn("tls: {}: certificate {} is not valid before {}; peers will refuse it until then", file,
          leaf.getSubjectX500Principal().getName(), leaf.getNotBefore().toInstant());
    }
  }

  private X509TrustManager trustManager() throws IOException {
    TrustManager[] all = trustManagers();
    if (all == null) {
      return null;
    }
    for (TrustManager t : all) {
      if (t instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IOException(config.trust() + ": no X.509 trust manager for it");
  }

  private TrustManager[] trustManagers() throws IOException {
    if (config.trust() == null) {
      return null; // the JDK's default CA set
    }
    try {
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      int i = 0;
      for (X509Certificate ca : Pem.certificates(config.trust())) {
        ks.setCertificateEntry("ca-" + i++, ca);
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      return tmf.getTrustManagers();
    } catch (GeneralSecurityException e) {
      throw new IOException(config.trust() + ": cannot use as a trust store: " + e.getMessage(), e);
    }
  }
}
