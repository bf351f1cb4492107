package dev.weft.benchpeer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslCloseCompletionEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;

/**
 * The textbook Netty echo server (write on read, flush on read-complete), used only as the
 * reference peer in bench/compare. Usage: {@code NettyEcho PORT [epoll|nio] [THREADS] [--tls CERT
 * KEY [--ssl jdk|openssl]]}. With {@code --tls} an {@code SslHandler} (TLS 1.3 and 1.2) goes in
 * front of the echo handler; {@code --ssl openssl} is BoringSSL from netty-tcnative, {@code jdk}
 * (the default) the JDK's SSLEngine. No resumption: JDK provider {@code
 * -Djdk.tls.server.newSessionTicketCount=0}; BoringSSL {@code
 * -Djdk.tls.server.enableSessionTicketExtension=false
 * -Dio.netty.handler.ssl.openssl.sessionCacheServer=false} (Netty then sets SSL_OP_NO_TICKET).
 */
public final class NettyEcho {
  @ChannelHandler.Sharable
  static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      // Half-close (or TLS close_notify) from the peer: answer by closing, like the other servers.
      // Other events (e.g. SslHandshakeCompletionEvent) must not close the connection.
      if (evt instanceof ChannelInputShutdownEvent || evt instanceof SslCloseCompletionEvent) {
        ctx.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    boolean epoll = args.length < 2 || args[1].equals("epoll");
    int threads = args.length > 2 && !args[2].startsWith("--") ? Integer.parseInt(args[2]) : 1;
    SslContext ssl = null;
    String provider = "jdk";
    String cert = null;
    String key = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--tls")) {
        cert = args[++i];
        key = args[++i];
      } else if (args[i].equals("--ssl")) {
        provider = args[++i];
      }
    }
    if (cert != null) {
      SslProvider p;
      if (provider.equals("openssl")) {
        OpenSsl.ensureAvailability();
        p = SslProvider.OPENSSL;
      } else {
        p = SslProvider.JDK;
      }
      ssl =
          SslContextBuilder.forServer(new File(cert), new File(key))
              .sslProvider(p)
              .protocols("TLSv1.3", "TLSv1.2")
              .build();
      System.out.println(
          "tls provider "
              + p
              + (p == SslProvider.OPENSSL ? " (" + OpenSsl.versionString() + ")" : ""));
    }
    final SslContext sslCtx = ssl;
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerChannel> channel =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, io);
    Echo echo = new Echo();
    try {
      var ch =
          new ServerBootstrap()
              .group(boss, workers)
              .channel(channel)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      if (sslCtx != null) {
                        c.pipeline().addLast(sslCtx.newHandler(c.alloc()));
                      }
                      c.pipeline().addLast(echo);
                    }
                  })
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println("netty-" + (epoll ? "epoll" : "nio") + " listening on 127.0.0.1:" + port);
      ch.closeFuture().sync();
    } finally {
      boss.shutdownGracefully();
      workers.shutdownGracefully();
    }
  }
}
