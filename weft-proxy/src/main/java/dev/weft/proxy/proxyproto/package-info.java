/**
 * PROXY protocol to backends: {@link dev.weft.proxy.proxyproto.HeaderEmitter} is the proxy's
 * {@link dev.weft.proxy.ProxyHeaderEmitter}, encoding with weft-core's {@code dev.weft.proxyproto}.
 */
package dev.weft.proxy.proxyproto;
