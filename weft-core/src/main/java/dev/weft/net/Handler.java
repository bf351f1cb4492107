package dev.weft.net;

/**
 * Serves one connection, on its own virtual thread, in plain blocking code. When it returns, the
 * server flushes and closes the connection. If it throws, only this connection is closed (cause
 * {@link CloseCause#HANDLER_ERROR}, or {@link CloseCause#PROTOCOL_ERROR} for a {@link
 * ProtocolException}); the listener and every other connection keep running.
 */
@FunctionalInterface
public interface Handler {
  void handle(Conn conn) throws Exception;
}
