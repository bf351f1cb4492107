package dev.weft.proxy;

import dev.weft.net.Addresses;
import dev.weft.net.NetException;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One backend. Immutable; the withers return changed copies.
 *
 * @param name unique within the proxy; names match backends across {@link Proxy#reconfigure}.
 *     Default: the address as {@code host:port}
 * @param address where to connect
 * @param weight share of new connections for the weighted algorithms, 1..1000. Default: 1
 * @param backup in the backup tier: used only while every primary of its group is unavailable.
 *     Default: false
 * @param maxConnections connections open to it at once; 0 means no limit. Default: 0
 * @param maxQueue connections that may wait for a slot when it is full; 0 means none wait.
 *     Default: 100
 * @param sendProxy PROXY protocol header to open each connection with. Default: {@link
 *     SendProxy#NONE}
 * @param group routing group a {@link Router} may pick. Default: {@code default}
 * @param serverName TLS server name (SNI, hostname check) when originating TLS; null means the
 *     address's host. Default: null
 */
public record BackendConfig(
    String name,
    InetSocketAddress address,
    int weight,
    boolean backup,
    int maxConnections,
    int maxQueue,
    SendProxy sendProxy,
    String group,
    String serverName) {

  public static final String DEFAULT_GROUP = "default";
  public static final int DEFAULT_MAX_QUEUE = 100;
  public static final int MAX_WEIGHT = 1000;

  /** Validates every field; messages name the field and the bad value. */
  public BackendConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(sendProxy, "sendProxy");
    Objects.requireNonNull(group, "group");
    name = name == null ? NetException.addr(address) : name;
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    if (address.getPort() == 0) {
      throw new IllegalArgumentException("address needs a port, got " + NetException.addr(address));
    }
    if (weight < 1 || weight > MAX_WEIGHT) {
      throw new IllegalArgumentException("weight must be 1.." + MAX_WEIGHT + ", got " + weight);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException("maxConnections must be >= 0, got " + maxConnections);
    }
    if (maxQueue < 0) {
      throw new IllegalArgumentException("maxQueue must be >= 0, got " + maxQueue);
    }
  }

  /** A primary backend at {@code address} with every default. */
  public static BackendConfig of(InetSocketAddress address) {
    return new BackendConfig(null, address, 1, false, 0, DEFAULT_MAX_QUEUE, SendProxy.NONE, DEFAULT_GROUP, null);
  }

  /** A primary backend at {@code host:port} with every default. */
  public static BackendConfig of(String hostPort) {
    return of(Addresses.parse(hostPort));
  }

  public BackendConfig withName(String n) {
    return new BackendConfig(n, address, weight, backup, maxConnections, maxQueue, sendProxy, group, serverName);
  }

  public BackendConfig withWeight(int w) {
    return new BackendConfig(name, address, w, backup, maxConnections, maxQueue, sendProxy, group, serverName);
  }

  public BackendConfig withBackup(boolean b) {
    return new BackendConfig(name, address, weight, b, maxConnections, maxQueue, sendProxy, group, serverName);
  }

  /** Caps connections at {@code max} (0: no cap) with up to {@code queue} waiting for a slot. */
  public BackendConfig withMaxConnections(int max, int queue) {
    return new BackendConfig(name, address, weight, backup, max, queue, sendProxy, group, serverName);
  }

  public BackendConfig withSendProxy(SendProxy v) {
    return new BackendConfig(name, address, weight, backup, maxConnections, maxQueue, v, group, serverName);
  }

  public BackendConfig withGroup(String g) {
    return new BackendConfig(name, address, weight, backup, maxConnections, maxQueue, sendProxy, g, serverName);
  }

  public BackendConfig withServerName(String s) {
    return new BackendConfig(name, address, weight, backup, maxConnections, maxQueue, sendProxy, group, s);
  }

  /** The TLS server name to use: {@link #serverName()} or the address's host. */
  public String tlsServerName() {
    return serverName != null ? serverName : address.getHostString();
  }
}
