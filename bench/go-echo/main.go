// Bench-only peer: a goroutine-per-connection echo server for bench/compare.
// Usage: go-echo -addr 127.0.0.1:PORT [-cert CERT.pem -key KEY.pem [-no-tickets]]
// With -cert/-key it serves TLS (1.3 preferred, 1.2 allowed) via crypto/tls, Go's defaults
// otherwise (curve preferences: X25519 first; session tickets on).
package main

import (
	"crypto/tls"
	"flag"
	"fmt"
	"net"
)

func serve(c net.Conn) {
	defer c.Close()
	buf := make([]byte, 4096) // a common size for hand-written Go echo loops
	for {
		n, err := c.Read(buf)
		if n > 0 {
			if _, werr := c.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func main() {
	addr := flag.String("addr", "127.0.0.1:7010", "listen address")
	certFile := flag.String("cert", "", "PEM certificate chain (enables TLS with -key)")
	keyFile := flag.String("key", "", "PEM private key")
	noTickets := flag.Bool("no-tickets", false, "with TLS: issue no session tickets (no resumption)")
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		panic(err)
	}
	mode := "tcp"
	if *certFile != "" {
		cert, err := tls.LoadX509KeyPair(*certFile, *keyFile)
		if err != nil {
			panic(err)
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12,
			SessionTicketsDisabled: *noTickets})
		mode = "tls"
	}
	fmt.Printf("go listening on %s (%s)\n", ln.Addr(), mode)
	for {
		c, err := ln.Accept()
		if err != nil {
			continue
		}
		go serve(c)
	}
}
