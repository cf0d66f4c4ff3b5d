// Command loadtest attacks the hardening site on loopback and prints what
// it measured: the load and leak test of hoop's reliability work.
//
//	go run ./internal/hardening/loadtest            # the full run, about 5 minutes
//	go run ./internal/hardening/loadtest -short     # a bounded smoke run, about 30 s
//
// Phases, each against the same in-process server with production limits:
//
//  1. load: -clients connections (64) over 50 patterns, static files and
//     404s, for -duration: zero 5xx and zero connection errors; goroutines
//     back to the baseline afterwards, heap flat;
//  2. ReDoS, once for each count in -attackers (1, 8 and 16): the same
//     load beside that many concurrent attackers on a deliberately bad
//     pattern (^(a+)+(?=!)b$, forced on): every attack answered within 250 ms,
//     and the other clients' p99 under 3x the load phase's;
//  3. slowloris: 200 connections that never finish their headers, beside
//     the load: each closed within ReadHeaderTimeout + 1 s;
//  4. bodies: eight concurrent maximal JSON bodies (1 MiB, 100,000
//     values) to a JSON echo view, three rounds: each answered within a
//     second, the process's RSS growth under 100 MiB; a 50 MB declared
//     body with Expect: 100-continue and an 11 MB declared body with 1 KB
//     sent both answered 413 at once, without 100 Continue;
//  5. SIGTERM: the site in a child process, under load, gets SIGTERM: no
//     5xx for accepted requests, exit status 0.
//
// It exits 1 if any figure misses its bound. The figures go to
// docs/RELIABILITY.md by hand, from a real run.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	short := flag.Bool("short", false, "a bounded smoke run")
	duration := flag.Duration("duration", 60*time.Second, "how long the load phase lasts")
	clients := flag.Int("clients", 64, "normal clients, each with its own connection")
	attackers := flag.String("attackers", "1,8,16", "concurrent attackers of each ReDoS phase, comma-separated")
	serve := flag.String("serve", "", "serve the site on this address until SIGTERM (the child of the SIGTERM phase)")
	flag.Parse()
	if *serve != "" {
		os.Exit(serveChild(*serve))
	}
	if *short {
		*duration = 4 * time.Second
	}
	r := &run{duration: *duration, short: *short, clients: *clients}
	for _, f := range strings.Split(*attackers, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			fmt.Fprintf(os.Stderr, "loadtest: -attackers: %q is not a positive number\n", f)
			os.Exit(2)
		}
		r.attackers = append(r.attackers, n)
	}
	if *clients < 1 {
		fmt.Fprintln(os.Stderr, "loadtest: -clients must be at least 1")
		os.Exit(2)
	}
	ok := r.all()
	if !ok {
		fmt.Println("FAIL")
		os.Exit(1)
	}
	fmt.Println("PASS")
}
