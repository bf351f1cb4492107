package dev.weft.pool;

import dev.weft.net.Conn;
import java.io.IOException;

/**
 * An application-level health check run on a pooled connection before it is handed out, for
 * example "send PING, expect PONG". It runs on the acquiring thread with a read deadline set
 * (the pool's {@code validationTimeout}, capped by the acquire timeout). Return false or throw
 * to have the connection discarded; the acquirer then gets another one.
 */
@FunctionalInterface
public interface ConnValidator {
  /** No validation: only the pool's built-in liveness check runs. */
  ConnValidator NONE = conn -> true;

  /** True when {@code conn} is fit for use. Must leave no unread reply behind. */
  boolean isValid(Conn conn) throws IOException;
}
