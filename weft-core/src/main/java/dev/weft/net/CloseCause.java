package dev.weft.net;

/** Why a connection closed, as reported in {@link ConnectionListener#closed}. */
public enum CloseCause {
  /** The peer closed its side (EOF), and the handler finished. */
  CLIENT_CLOSED,
  /** The handler returned while the peer was still connected: the server chose to close. */
  SERVER_CLOSED,
  /** No byte moved in either direction for the idle timeout. */
  IDLE_TIMEOUT,
  /** A single read waited longer than the read timeout. */
  READ_TIMEOUT,
  /** A single write (flush) waited longer than the write timeout: the peer stopped reading. */
  WRITE_TIMEOUT,
  /** A graceful shutdown's deadline passed, or a forced stop. */
  SHUTDOWN,
  /** A {@link ConnSetup} step (such as the TLS handshake) failed before the handler ran. */
  HANDSHAKE_FAILED,
  /** The peer failed to authenticate ({@link AuthenticationException}). */
  AUTH_FAILED,
  /** The peer broke the protocol: oversized frame, garbage, truncated frame. */
  PROTOCOL_ERROR,
  /** The handler threw something other than an I/O error. */
  HANDLER_ERROR,
  /** The connection failed at the socket level: reset, broken pipe. */
  IO_ERROR,
  /** A limit (message rate, buffer) was exceeded. */
  LIMIT,
  /** A fan-out subscriber could not keep up and its policy is to disconnect. */
  SLOW_CONSUMER
}
