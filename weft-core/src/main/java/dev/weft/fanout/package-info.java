/**
 * Fan-out: a {@link dev.weft.fanout.Topic} broadcasts messages to subscribers, each with a
 * bounded send queue and its own writer virtual thread, so a slow subscriber never blocks the
 * publisher or the others. Overflow is handled by explicit {@link
 * dev.weft.fanout.OverflowPolicy}.
 */
package dev.weft.fanout;
