package dev.weft.proxyproto;

/**
 * Counters of a {@link ProxyProtocolSetup}, a snapshot.
 *
 * @param accepted connections whose header was read and whose client was admitted
 * @param direct connections served without a header: untrusted peers when the header is optional,
 *     and trusted peers that sent none
 * @param untrusted connections refused because the header is required and the peer is not in
 *     accept-from
 * @param malformed connections closed for a missing, bad, truncated or oversized header
 * @param clientRejected connections whose real client the admission check refused
 */
public record ProxyProtocolStats(long accepted, long direct, long untrusted, long malformed, long clientRejected) {}
