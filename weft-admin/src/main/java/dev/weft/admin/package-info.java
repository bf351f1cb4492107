/**
 * Admin HTTP endpoint, metrics and the status page; for proxy services also per-backend metrics,
 * status and the drain API ({@link dev.weft.admin.ProxyMonitor}).
 */
package dev.weft.admin;
