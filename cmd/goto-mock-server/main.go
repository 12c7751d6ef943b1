// Command goto-mock-server serves the mock GoTo OAuth endpoints of
// internal/mockgoto for demos and CI. Its first line on stdout is the base URL;
// with no -config it seeds demo credentials and prints them as name=value lines.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
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
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on (port 0 picks a free port)")
	configPath := fs.String("config", "", "JSON config file in the mockgoto.Config shape; durations are Go duration strings such as \"600s\", \"15m\" or \"720h\" (no day unit), as the provider takes them; without it demo credentials are seeded and printed")
	rateLimit := fs.Float64("rate-limit", 0, "token-endpoint requests per second per client; overrides the config (0: default 10, negative: off)")
	retryAfter := fs.Bool("retry-after", false, "send Retry-After on 429; overrides the config")
	verbose := fs.Bool("v", false, "log method, path, status and duration of each request to stderr (never queries or bodies)")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: goto-mock-server [-listen addr] [-config file] [-rate-limit n] [-retry-after] [-v]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %v", fs.Args())
	}

	cfg := mockgoto.DemoConfig()
	demo := *configPath == ""
	if !demo {
		var err error
		if cfg, err = loadConfig(*configPath); err != nil {
			return err
		}
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
	if *verbose {
		handler = logRequests(handler, stderr)
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	base := baseURL(ln.Addr())
	// The first line is the contract with scripts: print it before anything else.
	if _, err := fmt.Fprintln(stdout, base); err != nil {
		ln.Close()
		return err
	}
	if demo {
		printDemo(stdout, base, cfg)
	}
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

func loadConfig(path string) (mockgoto.Config, error) {
	var cfg mockgoto.Config
	b, err := os.ReadFile(path)
	if err != nil {
		return cfg, err
	}
	if err := json.Unmarshal(b, &cfg); err != nil {
		return cfg, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// baseURL is the URL clients use; a wildcard listen address is reached on loopback.
func baseURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(tcp.Port))
}

// printDemo prints the seeded demo credentials, then the endpoint URLs.
func printDemo(w io.Writer, base string, cfg mockgoto.Config) {
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
		{"token_url", base + "/oauth/token"},
		{"direct_login_url", base + "/oauth/access_token"},
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
