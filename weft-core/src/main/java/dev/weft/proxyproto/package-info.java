/**
 * The PROXY protocol (HAProxy's spec, v1 and v2): {@link dev.weft.proxyproto.ProxyProtocol}
 * reads and writes headers with strict bounds; {@link dev.weft.proxyproto.ProxyProtocolSetup}
 * accepts them on a server from trusted proxies only, so that handlers, access rules and logs see
 * the real client through a {@link dev.weft.proxyproto.ProxiedConn}.
 */
package dev.weft.proxyproto;
