// Package console is lakehunt's web console ('lakehunt serve'): dashboards
// over a time window, a SQL page and data API, entity pages and incidents,
// all built on the library calls the CLI uses (query/workflow) and served
// from one binary with every asset embedded. It is read-only and secure by
// default, as a local notebook server is: a random token, a cookie, a
// checked Host header, DuckDB locked down as 'lakehunt query' locks it.
package console

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Options configure a console.
type Options struct {
	Lake string
	// Token is the secret a browser must present; "" draws a random one.
	Token string
	// GeoIP is a MaxMind .mmdb file for the map panels and entity pages,
	// in place of the built-in IP-to-country database.
	GeoIP string
	// Now pins the clock: relative windows and the SQL's now() count from
	// it. Zero is the clock.
	Now time.Time
	// MaxRows caps the rows any response returns (tables, downloads, the
	// data API); 0 is DefaultMaxRows.
	MaxRows int
	// Timeout caps each request's work; 0 is DefaultTimeout.
	Timeout time.Duration
	// MemoryLimit is DuckDB's memory limit for each engine the console
	// opens (one per request in progress), as engine.Options has it; ""
	// is DuckDB's default, 80% of RAM: the VPC Flow dashboard over the
	// medium bench lake's 50M flows rose to 19.8 GiB under it.
	MemoryLimit string
}

const (
	DefaultMaxRows = 100_000
	DefaultTimeout = 5 * time.Minute
)

// Server is the console: an http.Handler for one lake.
type Server struct {
	opt Options
	mux *http.ServeMux
	// hosts are the Host header values accepted (DNS rebinding).
	hosts map[string]bool
	// running counts the statements in progress; a test watches it fall
	// back to zero when a client goes away.
	running atomic.Int64
	// packRuns counts the runs of the hunting pack started: one per
	// window, however many pages wait for it.
	packRuns atomic.Int64
}

// New builds the console for a listener's address (hosts that name it, or
// loopback names on its port, are accepted in the Host header).
func New(opt Options, listenAddr net.Addr) (*Server, error) {
	if opt.MaxRows <= 0 {
		opt.MaxRows = DefaultMaxRows
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.Token == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return nil, fmt.Errorf("cannot draw a token: %w", err)
		}
		opt.Token = hex.EncodeToString(b)
	}
	s := &Server{opt: opt, hosts: allowedHosts(listenAddr)}
	s.routes()
	return s, nil
}

// Token is the secret the console's URL carries.
func (s *Server) Token() string { return s.opt.Token }

// ServeHTTP checks the Host and the token, then serves the request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.guard(s.mux).ServeHTTP(w, r)
}

// Serve serves on l until ctx ends, then shuts down, letting requests in
// flight finish (their statements are cancelled with their contexts).
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(l) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if serveErr := <-done; !errors.Is(serveErr, http.ErrServerClosed) && err == nil {
		err = serveErr
	}
	return err
}

// IsLoopback tells whether a listen address only reaches this machine.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
