/** Admin HTTP endpoint, metrics and the status page. */
package dev.weft.admin;
