package dev.weft.proxy;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A snapshot of one backend, from {@link Proxy#stats()}.
 *
 * @param name the backend's name
 * @param address where it listens
 * @param group its routing group
 * @param backup whether it is in the backup tier
 * @param weight its weight
 * @param state up, down, draining or ejected
 * @param active connections open to it now
 * @param queued connections waiting for one of its slots
 * @param total connections made to it since start
 * @param bytesIn bytes received from it
 * @param bytesOut bytes sent to it
 * @param connectFailures failed connect attempts since start
 * @param healthFailures failed active health checks since start
 * @param ejections times passive health ejected it
 * @param health the last health check results, oldest first (at most {@link Proxy#HEALTH_HISTORY})
 */
public record BackendStats(
    String name,
    InetSocketAddress address,
    String group,
    boolean backup,
    int weight,
    BackendState state,
    int active,
    int queued,
    long total,
    long bytesIn,
    long bytesOut,
    long connectFailures,
    long healthFailures,
    int ejections,
    List<HealthResult> health) {}
