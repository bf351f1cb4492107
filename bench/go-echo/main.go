// Bench-only peer: a goroutine-per-connection echo server for bench/compare.
// Usage: go-echo -addr 127.0.0.1:PORT
package main

import (
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
	flag.Parse()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		panic(err)
	}
	fmt.Printf("go listening on %s\n", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			continue
		}
		go serve(c)
	}
}
