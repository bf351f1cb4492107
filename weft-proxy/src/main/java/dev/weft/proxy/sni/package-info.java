/**
 * TLS ClientHello peeking for SNI routing without termination: {@link
 * dev.weft.proxy.sni.ClientHelloReader} reassembles the hello across records and TCP segments
 * within a size bound; {@link dev.weft.proxy.sni.SniPeeker} is the proxy's {@link
 * dev.weft.proxy.ServerNamePeeker}, replaying the peeked bytes to the backend unchanged.
 */
package dev.weft.proxy.sni;
