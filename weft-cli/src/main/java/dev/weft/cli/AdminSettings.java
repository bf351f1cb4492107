package dev.weft.cli;

import dev.weft.admin.AdminConfig;
import dev.weft.net.Addresses;
import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

/**
 * The {@code admin:} block of a {@code weft serve} file, as written.
 *
 * @param listen {@code host:port} of the admin HTTP endpoint. Default: {@code 127.0.0.1:9090}
 * @param token the bearer token; required off 127.0.0.1 and ::1, where one is generated and
 *     printed once when absent. At least 16 characters
 */
public record AdminSettings(String listen, String token) {

  /** Validates; reports problems as (path, detail) and returns null if there were any. */
  AdminConfig toConfig(String path, BiConsumer<String, String> problem) {
    InetSocketAddress address = AdminConfig.defaults().listen();
    if (listen != null) {
      try {
        address = Addresses.parse(listen);
      } catch (IllegalArgumentException e) {
        problem.accept(path + ".listen", e.getMessage());
        return null;
      }
    }
    try {
      return new AdminConfig(address, token);
    } catch (IllegalArgumentException e) {
      problem.accept(path + ".token", e.getMessage());
      return null;
    }
  }
}
