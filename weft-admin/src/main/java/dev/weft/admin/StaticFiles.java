package dev.weft.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The status page's files, read once from the jar ({@code dev/weft/admin/ui/}). Only the names
 * listed here are served, so no request path ever reaches the class path.
 */
final class StaticFiles {
  private static final String ROOT = "dev/weft/admin/ui/";

  /** One file: its content type and bytes. */
  record File(String contentType, byte[] body) {}

  private final Map<String, File> files;

  private StaticFiles(Map<String, File> files) {
    this.files = files;
  }

  static StaticFiles load() {
    return new StaticFiles(
        Map.of(
            "/", read("index.html", "text/html; charset=utf-8"),
            "/index.html", read("index.html", "text/html; charset=utf-8"),
            "/status.css", read("status.css", "text/css; charset=utf-8"),
            "/status.js", read("status.js", "text/javascript; charset=utf-8"),
            "/favicon.svg", read("favicon.svg", "image/svg+xml")));
  }

  /** The file served at {@code path}, or null. */
  File get(String path) {
    return files.get(path);
  }

  private static File read(String name, String type) {
    try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
      if (in == null) {
        throw new IllegalStateException(ROOT + name + " is missing from the jar");
      }
      return new File(type, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
