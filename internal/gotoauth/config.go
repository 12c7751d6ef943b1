package gotoauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
)

const (
	DefaultTokenURL       = "https://authentication.logmeininc.com/oauth/token"
	DefaultDirectLoginURL = "https://api.getgo.com/oauth/access_token"
	// DefaultAPIURL is the host of GoTo's APIs, read with a token.
	DefaultAPIURL = "https://api.getgo.com"
	// DefaultRevokeURL is GoTo's RFC 7009 revocation endpoint, as its OAuth
	// metadata lists it.
	DefaultRevokeURL      = "https://authentication.logmeininc.com/oauth/revoke"
	DefaultRequestTimeout = 30 * time.Second
	DefaultMaxRetries     = 4
	// DefaultMaxWait lets 200 processes sharing one client at GoTo's 10
	// requests per second all get through, with room to spare.
	DefaultMaxWait = 5 * time.Minute
	// DefaultRequestsPerSecond matches GoTo's documented limit of 10 requests
	// per second per API.
	DefaultRequestsPerSecond = 10
	// MaxBodyBytes caps what is read from a token endpoint.
	MaxBodyBytes = 1 << 20
	// DefaultUserAgent names the client when Config.UserAgent is empty.
	DefaultUserAgent = "terraform-provider-goto"
)

// Config configures a Client. Zero values take the defaults above.
type Config struct {
	ClientID       string
	ClientSecret   string
	TokenURL       string
	DirectLoginURL string
	// APIURL is the host of API reads such as Identity.
	APIURL string
	// RevokeURL is where Revoke posts tokens.
	RevokeURL string
	// RequestTimeout bounds each attempt, reading the body included.
	RequestTimeout time.Duration
	// MaxRetries is how many times a 5xx or network failure is tried again;
	// nil means DefaultMaxRetries. Rate limits are bounded by MaxWait instead.
	MaxRetries *int
	// MaxWait bounds how long one exchange waits in total: for rate limits
	// and retries, and for an identical exchange of another process.
	MaxWait time.Duration
	// CACertPEM adds certificates to the system pool (corporate TLS proxies).
	CACertPEM string
	// CACertFile names a PEM file whose certificates are added as well (the
	// TLS mock server's CA in CI); both may be given.
	CACertFile string
	// RequestsPerSecond paces requests per endpoint and client; a negative
	// value turns pacing off.
	RequestsPerSecond float64
	// RetryBaseDelay is the first backoff window; zero means
	// DefaultRetryBaseDelay.
	RetryBaseDelay time.Duration
	// HTTPClient replaces the built-in client; its redirect policy is
	// overridden so token endpoints are never followed elsewhere.
	HTTPClient *http.Client
	// Now is the clock expiry is computed with.
	Now func() time.Time
	// Log receives one line per attempt: method, URL, status, attempt and
	// duration. It never receives a body or a secret.
	Log func(ctx context.Context, msg string, fields map[string]any)
	// Cache shares identical exchanges; nil means one for this client alone,
	// in memory.
	Cache *Cache
	// UserAgent is sent with every request, such as
	// "terraform-provider-goto/1.2.0"; empty means DefaultUserAgent.
	UserAgent string
}

// CheckEndpoint accepts https URLs, and http only for loopback hosts so a
// local mock server works.
func CheckEndpoint(raw string) error {
	// Errors never quote raw: user info, an opaque part (a URL missing its
	// "//") or a query may hold a credential. They name scheme, host and
	// path only.
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("the value is not a URL; give an absolute https URL")
	}
	if u.User != nil {
		return errors.New("the URL must not carry credentials; set client_id and client_secret instead")
	}
	if u.Host == "" {
		return errors.New("the URL has no host; give an absolute https URL")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if isLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%q uses plain http on a non-loopback host; use https (plain http is accepted only for 127.0.0.1, ::1 and localhost)", displayURL(raw))
	}
	return fmt.Errorf("%q must use https", displayURL(raw))
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (c Config) withDefaults() Config {
	if c.TokenURL == "" {
		c.TokenURL = DefaultTokenURL
	}
	if c.DirectLoginURL == "" {
		c.DirectLoginURL = DefaultDirectLoginURL
	}
	if c.APIURL == "" {
		c.APIURL = DefaultAPIURL
	}
	if c.RevokeURL == "" {
		c.RevokeURL = DefaultRevokeURL
	}
	if c.RequestTimeout <= 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.MaxRetries == nil {
		n := DefaultMaxRetries
		c.MaxRetries = &n
	}
	if c.MaxWait <= 0 {
		c.MaxWait = DefaultMaxWait
	}
	if c.RequestsPerSecond == 0 {
		c.RequestsPerSecond = DefaultRequestsPerSecond
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Log == nil {
		c.Log = func(context.Context, string, map[string]any) {}
	}
	if c.Cache == nil {
		c.Cache = NewCache()
	}
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	return c
}

func (c Config) validate() error {
	if err := CheckEndpoint(c.TokenURL); err != nil {
		return fmt.Errorf("token_url: %w", err)
	}
	if err := CheckEndpoint(c.DirectLoginURL); err != nil {
		return fmt.Errorf("direct_login_url: %w", err)
	}
	if err := CheckEndpoint(c.APIURL); err != nil {
		return fmt.Errorf("api_url: %w", err)
	}
	if err := CheckEndpoint(c.RevokeURL); err != nil {
		return fmt.Errorf("revoke_url: %w", err)
	}
	if *c.MaxRetries < 0 {
		return fmt.Errorf("max_retries must be zero or more, not %d", *c.MaxRetries)
	}
	return nil
}

// httpClient returns a client that never follows redirects.
func (c Config) httpClient() (*http.Client, error) {
	hc := c.HTTPClient
	if hc == nil {
		// A transport of its own, not a clone of http.DefaultTransport:
		// another package may have replaced that with any RoundTripper.
		transport := cleanhttp.DefaultPooledTransport()
		pool, err := c.rootCAs()
		if err != nil {
			return nil, err
		}
		if pool != nil {
			transport.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		}
		hc = &http.Client{Transport: transport}
	} else {
		copied := *hc
		hc = &copied
	}
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return hc, nil
}

// rootCAs is the system pool plus the certificates of CACertPEM and
// CACertFile, or nil when neither is set.
// relativePathHint names the directory a relative path was read from: the one
// Terraform runs in, which is often not the one the file was written in.
func relativePathHint(path string) string {
	if filepath.IsAbs(path) {
		return ""
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	return fmt.Sprintf("; a relative path is read from the directory Terraform runs in (%s): give an absolute path", wd)
}

func (c Config) rootCAs() (*x509.CertPool, error) {
	if c.CACertPEM == "" && c.CACertFile == "" {
		return nil, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if c.CACertPEM != "" && !pool.AppendCertsFromPEM([]byte(c.CACertPEM)) {
		return nil, errors.New("ca_cert_pem holds no PEM certificate; give one or more -----BEGIN CERTIFICATE----- blocks")
	}
	if c.CACertFile != "" {
		pem, err := os.ReadFile(c.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("ca_cert_file: cannot read the CA certificate file: %w%s", err, relativePathHint(c.CACertFile))
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("ca_cert_file: %s holds no PEM certificate; give a file with one or more -----BEGIN CERTIFICATE----- blocks", c.CACertFile)
		}
	}
	return pool, nil
}
