// Command goto-mock-server serves the mock GoTo OAuth endpoints of
// internal/mockgoto for demos and CI. Its first line on stdout is the base URL;
// with no config it seeds demo credentials and prints them as name=value lines.
// docs/guides/mock-server.md describes its flags, config file and admin API.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "goto-mock-server:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then shuts down; errors before serving are returned.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("goto-mock-server", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port; the container image listens on 0.0.0.0:8080)")
	configPath := fs.String("config", "", "JSON config file (keys below); without it, or "+configJSONEnv+", demo credentials are seeded and printed")
	rateLimit := fs.Float64("rate-limit", 0, "token-endpoint requests per second per client; overrides the config (0: default 10, negative: off)")
	retryAfter := fs.Bool("retry-after", false, "send Retry-After on 429; overrides the config")
	useTLS := fs.Bool("tls", false, "serve https with a certificate made at start, signed by a CA made at start")
	tlsHosts := fs.String("tls-hosts", "localhost,127.0.0.1,::1", "with -tls: DNS names and IP addresses the certificate is valid for, separated by commas")
	caOut := fs.String("tls-ca-out", "", "with -tls: file to write the CA certificate (PEM) to, for the provider's ca_cert_file; it is also served at /_mock/ca.pem")
	verbose := fs.Bool("v", false, "log method, path, status and duration of each request to stderr (never queries or bodies)")
	fs.Usage = func() { printUsage(fs) }
	if err := setFromEnv(fs); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	cfg, demo, err := loadConfig(*configPath)
	if err != nil {
		return err
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "rate-limit":
			cfg.RateLimit = *rateLimit
		case "retry-after":
			cfg.RetryAfter = *retryAfter
		}
	})
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("invalid config: %w", err)
	}

	var handler http.Handler = mockgoto.New(cfg)
	var certs *serverTLS
	if *useTLS {
		if certs, err = newServerTLS(*tlsHosts, time.Now()); err != nil {
			return err
		}
		if *caOut != "" {
			// Printed as an absolute path: the provider reads ca_cert_file from
			// Terraform's working directory, which is rarely the mock's.
			if *caOut, err = filepath.Abs(*caOut); err != nil {
				return fmt.Errorf("-tls-ca-out: %w", err)
			}
			if err := os.WriteFile(*caOut, certs.CAPEM, 0o644); err != nil { //nolint:gosec // a CA certificate is public
				return fmt.Errorf("-tls-ca-out: %w", err)
			}
		}
		handler = serveCA(handler, certs.CAPEM)
	} else if *caOut != "" || isSet(fs, "tls-hosts") {
		return errors.New("-tls-hosts and -tls-ca-out need -tls")
	} else {
		handler = serveCA(handler, nil)
	}
	if *verbose {
		handler = logRequests(handler, stderr)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	base := baseURL(ln.Addr(), certs)
	if certs != nil {
		ln = tls.NewListener(ln, certs.Config)
	}
	// The first line is the contract with scripts: print it before anything else.
	if _, err := fmt.Fprintln(stdout, base); err != nil {
		ln.Close()
		return err
	}
	if demo {
		printDemo(stdout, cfg)
	}
	printEndpoints(stdout, base, *caOut)
	if f, ok := stdout.(interface{ Sync() error }); ok {
		_ = f.Sync()
	}

	hs := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		// Request contexts end with ctx, so injected delays stop at shutdown.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return hs.Close()
	}
	return nil
}

func isSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// loadConfig reads the config from path, else from the environment
// variable configJSONEnv, else returns the demo config (demo is then true).
func loadConfig(path string) (cfg mockgoto.Config, demo bool, err error) {
	inline, hasInline := os.LookupEnv(configJSONEnv)
	var b []byte
	source := path
	switch {
	case path != "" && hasInline:
		return cfg, false, fmt.Errorf("both -config and %s are set; give one", configJSONEnv)
	case path != "":
		if b, err = os.ReadFile(path); err != nil {
			return cfg, false, fmt.Errorf("-config: %w", err)
		}
	case hasInline:
		b, source = []byte(inline), configJSONEnv
	default:
		return mockgoto.DemoConfig(), true, nil
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		// A syntax error's byte offset means little in a file; line and column do.
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			line, col := position(b, syntax.Offset)
			return cfg, false, fmt.Errorf("%s:%d:%d: %w", source, line, col, err)
		}
		return cfg, false, fmt.Errorf("%s: %w", source, err)
	}
	return cfg, false, nil
}

// position turns a syntax error's offset, which counts the offending byte,
// into that byte's 1-based line and column.
func position(b []byte, offset int64) (line, col int) {
	before := b[:min(max(offset, 0), int64(len(b)))]
	line = 1 + bytes.Count(before, []byte("\n"))
	return line, len(before) - bytes.LastIndexByte(before, '\n') - 1
}

// serveCA serves the CA certificate at /_mock/ca.pem, so a job that cannot
// share a file with the mock's container can fetch it (curl -k, once).
// Without TLS (caPEM nil) it says how to get one instead of a bare 404.
func serveCA(next http.Handler, caPEM []byte) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", next)
	mux.HandleFunc("GET /_mock/ca.pem", func(w http.ResponseWriter, _ *http.Request) {
		if caPEM == nil {
			http.Error(w, "no CA certificate: goto-mock-server serves plain http; start it with -tls (GOTO_MOCK_TLS=true) to serve https and its CA", http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/x-pem-file")
		_, _ = w.Write(caPEM)
	})
	return mux
}

// baseURL is the URL clients use; a wildcard listen address is reached on
// loopback, and under TLS the host is one the certificate names.
func baseURL(addr net.Addr, certs *serverTLS) string {
	scheme := "http"
	if certs != nil {
		scheme = "https"
	}
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return scheme + "://" + addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	if certs != nil {
		host = certs.urlHost(host)
	}
	return scheme + "://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// printDemo prints the seeded demo credentials.
func printDemo(w io.Writer, cfg mockgoto.Config) {
	c, u := cfg.Clients[0], cfg.Users[0]
	for _, kv := range [][2]string{
		{"client_id", c.ID},
		{"client_secret", c.Secret},
		{"pat", cfg.PATs[0].Token},
		{"user_id", u.UserID},
		{"password", u.Password},
		{"refresh_token", cfg.RefreshTokens[0].Token},
		{"no_pat_client_id", cfg.Clients[1].ID},
		{"no_pat_client_secret", cfg.Clients[1].Secret},
	} {
		fmt.Fprintf(w, "%s=%s\n", kv[0], kv[1])
	}
}

// printEndpoints prints the CA file and the endpoint URLs, with or without a
// config, so that scripts wait for the last line (authorize_url) either way.
func printEndpoints(w io.Writer, base, caFile string) {
	if caFile != "" {
		fmt.Fprintf(w, "ca_cert_file=%s\n", caFile)
	}
	for _, kv := range [][2]string{
		{"api_url", base},
		{"token_url", base + "/oauth/token"},
		{"direct_login_url", base + "/oauth/access_token"},
		{"revoke_url", base + "/oauth/revoke"},
		{"authorize_url", base + "/oauth/authorize"},
	} {
		fmt.Fprintf(w, "%s=%s\n", kv[0], kv[1])
	}
}

// logRequests logs each request without its query or body, which may carry secrets.
func logRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		rec := &statusRecorder{ResponseWriter: rw, status: http.StatusOK}
		began := time.Now()
		next.ServeHTTP(rec, r)
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s %d %s\n", r.Method, r.URL.Path, rec.status, time.Since(began).Round(time.Millisecond))
	})
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}
