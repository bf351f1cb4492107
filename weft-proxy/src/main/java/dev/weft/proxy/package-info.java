/** L4 reverse proxy and load balancer. */
package dev.weft.proxy;
