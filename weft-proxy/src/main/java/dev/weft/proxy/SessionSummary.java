package dev.weft.proxy;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One proxied connection, reported when it ends.
 *
 * @param id sequence number of the proxied connection within its proxy, from 1 (shown as
 *     {@code #id} in the log line)
 * @param client the client's address
 * @param backend the backend's name, or null when none was reached
 * @param termination why it ended, and so who closed first
 * @param detail the error behind it, or null
 * @param clientToBackend bytes copied from client to backend
 * @param backendToClient bytes copied from backend to client
 * @param attempts connect attempts made (retries included)
 * @param duration how long the client was connected
 */
public record SessionSummary(
    long id,
    InetSocketAddress client,
    String backend,
    Termination termination,
    String detail,
    long clientToBackend,
    long backendToClient,
    int attempts,
    Duration duration) {}
