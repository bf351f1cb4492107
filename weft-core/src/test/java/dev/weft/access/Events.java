package dev.weft.access;

import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import dev.weft.net.RejectReason;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records connection events: rejections with their source IP, closes by connection. */
final class Events implements ConnectionListener {
  record Rejection(String ip, RejectReason reason) {}

  final List<ConnectionInfo> accepted = new CopyOnWriteArrayList<>();
  final List<Rejection> rejected = new CopyOnWriteArrayList<>();
  final Map<String, CloseInfo> closedByRemote = new ConcurrentHashMap<>();

  @Override
  public void accepted(ConnectionInfo conn) {
    accepted.add(conn);
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    rejected.add(new Rejection(remote.getAddress().getHostAddress(), reason));
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    closedByRemote.put(conn.remote().getAddress().getHostAddress() + ":" + conn.remote().getPort(), close);
  }
}
