package gotoauth

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"
)

// The hostile catalogue: token servers that misbehave in every way we could
// think of. Each case must end in bounded time with a clear error (or a
// sound token), no panic, and no secret in any error or log line.

const (
	hostileClientID     = "hostile-client"
	hostileClientSecret = "hostile-client-secret-5f1e2d3c4b5a"
	hostilePAT          = "hostile-pat-9a8b7c6d5e4f3a2b1c0d"
	hostileRefreshToken = "hostile-refresh-token-0f1e2d3c4b5a6978"
	hostileCode         = "hostile-code-4d5c6b7a8f9e"
	hostilePassword     = "hostile-password-b7c8d9e0f1"
	hostileAccessToken  = "hostile-access-token-6a5b4c3d2e1f"
)

func hostileSecrets() secrets {
	return secrets{
		"client secret":         hostileClientSecret,
		"personal access token": hostilePAT,
		"refresh token":         hostileRefreshToken,
		"code":                  hostileCode,
		"password":              hostilePassword,
		"access token":          hostileAccessToken,
	}
}

// hostileCase is one misbehaving server.
type hostileCase struct {
	name string
	// exchange is the exchange attempted; zero means the PAT exchange.
	exchange Exchange
	// serve answers request n (from 1).
	serve func(w http.ResponseWriter, r *http.Request, n int)
	// server starts the server for h; nil means a plain loopback server.
	server func(t *testing.T, h http.Handler) *httptest.Server
	// tune adjusts the client's configuration.
	tune func(t *testing.T, cfg *Config, srv *httptest.Server)
	// want are substrings of the error; nil means a token is expected.
	want []string
	// requests is how many requests the server must see; zero skips.
	requests int64
	// within bounds the exchange; zero means two seconds.
	within time.Duration
	// check makes further assertions.
	check func(t *testing.T, tok *Token, e *Error, took time.Duration)
	// fakeTime runs the case in a synctest bubble, its handler reached in
	// memory, so waits cost no real time.
	fakeTime bool
}

// jsonAnswer answers status with a JSON body.
func jsonAnswer(status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

func goodToken(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, hostileAccessToken)
}

// hijack takes the connection over, or fails the request.
func hijack(w http.ResponseWriter) net.Conn {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		http.Error(w, "cannot hijack", http.StatusInternalServerError)
		return nil
	}
	return conn
}

// gzipBomb is a few kilobytes that inflate to 8 MiB, made once.
var gzipBomb = sync.OnceValue(func() []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(`{"access_token":"x","padding":"`))
	zw.Write(bytes.Repeat([]byte("a"), 8<<20))
	zw.Close()
	return buf.Bytes()
})

// quietTLSServer is a TLS loopback server that does not log the handshake
// failures the untrusting client causes.
func quietTLSServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	return srv
}

func certPEM(srv *httptest.Server) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
}

func hostileCases() []hostileCase {
	// Where the redirecting server sends the client, and what arrives there.
	var redirectTo atomic.Value
	var redirected atomic.Int64
	return []hostileCase{
		{
			name: "HTML 404 page",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(404)
				io.WriteString(w, "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>")
			},
			want:     []string{"GoTo answered HTTP 404", "(a text/html body, not a JSON token response)", "Check token_url: this address"},
			requests: 1,
		},
		{
			name:     "empty 200",
			serve:    jsonAnswer(200, ""),
			want:     []string{"GoTo answered HTTP 200", "the response body is empty", "does not behave like GoTo's token endpoint"},
			requests: 1,
		},
		{
			name:  "truncated JSON",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken[:10]),
			want:  []string{"HTTP 200", "not valid JSON (it breaks off or is malformed"},
		},
		{
			name:  "JSON array",
			serve: jsonAnswer(200, `[{"access_token":"`+hostileAccessToken+`"}]`),
			want:  []string{"HTTP 200", "the response body is not a JSON object"},
		},
		{
			name:     "200 carrying an OAuth error",
			serve:    jsonAnswer(200, `{"error":"invalid_grant","error_description":"personal access token revoked"}`),
			want:     []string{`GoTo answered HTTP 200 with "invalid_grant": personal access token revoked`, "Check the personal access token"},
			requests: 1,
		},
		{
			name:  "200 carrying a legacy message",
			serve: jsonAnswer(200, `{"message":"This endpoint is no longer valid, see developer.goto.com"}`),
			want:  []string{"HTTP 200: This endpoint is no longer valid", "the response has no access_token", "This endpoint has been retired"},
		},
		{
			name:  "missing access_token",
			serve: jsonAnswer(200, `{"token_type":"Bearer","expires_in":3600,"scope":"collab:"}`),
			want:  []string{"HTTP 200", "the response has no access_token"},
		},
		{
			name:  "null access_token",
			serve: jsonAnswer(200, `{"access_token":null,"expires_in":3600}`),
			want:  []string{"the response has no access_token"},
		},
		{
			name:  "expires_in negative",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","expires_in":-3600}`),
			want:  []string{"the expires_in is negative"},
		},
		{
			name:  "expires_in absurdly large",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","expires_in":1e300}`),
			want:  []string{"longer than any GoTo token lives (at most a year)"},
		},
		{
			name:  "expires_in fractional is cut to whole seconds",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","expires_in":3599.999}`),
			check: func(t *testing.T, tok *Token, _ *Error, _ time.Duration) {
				if tok.ExpiresIn != 3599 {
					t.Fatalf("expires_in %d, want 3599", tok.ExpiresIn)
				}
			},
		},
		{
			name:  "expires_in non-numeric string",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","expires_in":"one hour"}`),
			want:  []string{"the expires_in is not a number of seconds"},
		},
		{
			name:     "expires_in as a string on direct login",
			exchange: DirectLogin,
			serve:    jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","expires_in":" 3600 ","organizer_key":8439885694023999999,"version":2}`),
			check: func(t *testing.T, tok *Token, _ *Error, _ time.Duration) {
				if tok.ExpiresIn != 3600 || tok.OrganizerKey != "8439885694023999999" || tok.Version != "2" {
					t.Fatalf("expires_in %d, organizer_key %q, version %q", tok.ExpiresIn, tok.OrganizerKey, tok.Version)
				}
			},
		},
		{
			name:  "unknown token_type",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","token_type":"MAC","expires_in":3600}`),
			want:  []string{`the token_type is "MAC"; only Bearer tokens can be used`},
		},
		{
			name:  "token_type echoing a long secret",
			serve: jsonAnswer(200, `{"access_token":"x","token_type":"`+hostileClientSecret+`-and-then-some-more","expires_in":3600}`),
			want:  []string{"the token_type is not Bearer"},
		},
		{
			name: "redirect to another host is never followed",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Location", redirectTo.Load().(string))
				w.WriteHeader(http.StatusTemporaryRedirect)
			},
			tune: func(t *testing.T, _ *Config, _ *httptest.Server) {
				other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
					redirected.Add(1)
					goodToken(w)
				}))
				t.Cleanup(other.Close)
				redirectTo.Store(other.URL + "/oauth/token")
			},
			want:     []string{"GoTo answered HTTP 307", "it redirects to 127.0.0.1:", "never followed to another address", "Set token_url to the final address"},
			requests: 1,
			check: func(t *testing.T, _ *Token, _ *Error, _ time.Duration) {
				if n := redirected.Load(); n != 0 {
					t.Fatalf("the other host got %d requests", n)
				}
			},
		},
		{
			name: "body over the 1 MiB cap",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"access_token":%q,"padding":"%s"}`, hostileAccessToken, strings.Repeat("a", MaxBodyBytes))
			},
			want:     []string{"HTTP 200", "the answer is larger than 1 MiB"},
			requests: 1,
		},
		{
			name: "gzip bomb",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Encoding", "gzip")
				w.Write(gzipBomb())
			},
			want: []string{"the answer is larger than 1 MiB"},
		},
		{
			name: "body drips past the request timeout",
			serve: func(w http.ResponseWriter, r *http.Request, _ int) {
				io.Copy(io.Discard, r.Body)
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(200)
				rc := http.NewResponseController(w)
				io.WriteString(w, `{"access_token":"`)
				rc.Flush()
				for range 200 {
					select {
					case <-r.Context().Done():
						return
					case <-time.After(20 * time.Millisecond):
					}
					io.WriteString(w, "a")
					rc.Flush()
				}
			},
			want:     []string{"GoTo answered HTTP 200", "reading the answer did not complete within request_timeout (300ms)", "(after 2 attempts)", "Raise request_timeout"},
			requests: 2,
		},
		{
			name: "reset connection",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				if conn := hijack(w); conn != nil {
					if tcp, ok := conn.(*net.TCPConn); ok {
						tcp.SetLinger(0)
					}
					conn.Close()
				}
			},
			want:     []string{"no answer from GoTo; the request failed", "(after 2 attempts)", "Check token_url, network access to it"},
			requests: 2,
		},
		{
			name: "not HTTP at all, echoing the secret",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				if conn := hijack(w); conn != nil {
					io.WriteString(conn, "SSH-2.0-"+hostileClientSecret+"\r\n\r\n")
					conn.Close()
				}
			},
			want:     []string{"no answer from GoTo; the request failed", "malformed HTTP", "[redacted]"},
			requests: 2,
		},
		{
			name:   "TLS certificate not trusted",
			serve:  func(w http.ResponseWriter, _ *http.Request, _ int) { goodToken(w) },
			server: quietTLSServer,
			want:   []string{"no answer from GoTo; the server's TLS certificate is not trusted", "x509", "ca_cert_pem", "ca_cert_file"},
			check: func(t *testing.T, _ *Token, e *Error, _ time.Duration) {
				if e.Attempts != 1 {
					t.Fatalf("an untrusted certificate was tried %d times; another attempt meets the same certificate", e.Attempts)
				}
			},
		},
		{
			name:   "TLS trusted through ca_cert_pem",
			serve:  func(w http.ResponseWriter, _ *http.Request, _ int) { goodToken(w) },
			server: quietTLSServer,
			tune: func(t *testing.T, cfg *Config, srv *httptest.Server) {
				cfg.CACertPEM = certPEM(srv)
			},
			requests: 1,
		},
		{
			name:   "TLS trusted through ca_cert_file",
			serve:  func(w http.ResponseWriter, _ *http.Request, _ int) { goodToken(w) },
			server: quietTLSServer,
			tune: func(t *testing.T, cfg *Config, srv *httptest.Server) {
				cfg.CACertFile = filepath.Join(t.TempDir(), "ca.pem")
				if err := os.WriteFile(cfg.CACertFile, []byte(certPEM(srv)), 0o600); err != nil {
					t.Fatal(err)
				}
			},
			requests: 1,
		},
		{
			name:     "429 with Retry-After in seconds",
			fakeTime: true,
			serve: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					w.Header().Set("Retry-After", "1")
					jsonAnswer(429, `{"error":"rate_limited"}`)(w, r, n)
					return
				}
				goodToken(w)
			},
			requests: 2,
			within:   3 * time.Second,
			check: func(t *testing.T, _ *Token, _ *Error, took time.Duration) {
				if took < time.Second {
					t.Fatalf("retried after %s, before the second Retry-After asked for", took)
				}
			},
		},
		{
			name:     "429 with Retry-After as an HTTP date",
			fakeTime: true,
			serve: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					// The date has whole seconds, so the wait is between one and two.
					w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
					w.WriteHeader(429)
					return
				}
				goodToken(w)
			},
			requests: 2,
			within:   4 * time.Second,
			check: func(t *testing.T, _ *Token, _ *Error, took time.Duration) {
				if took < 900*time.Millisecond {
					t.Fatalf("retried after %s, before the date Retry-After named", took)
				}
			},
		},
		{
			name: "429 asking for a longer wait than the client allows",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Retry-After", "86400")
				w.WriteHeader(429)
			},
			want:     []string{"GoTo answered HTTP 429", "asked to wait", "longer than this provider waits", "about 10 token requests per second"},
			requests: 1,
		},
		{
			name:     "503 past max_retries",
			serve:    jsonAnswer(503, `{"error":"temporarily_unavailable","error_description":"try later"}`),
			tune:     func(_ *testing.T, cfg *Config, _ *httptest.Server) { cfg.MaxRetries = intp(3) },
			want:     []string{`GoTo answered HTTP 503 with "temporarily_unavailable": try later`, "(after 4 attempts)", "GoTo's token endpoint is failing; try again later."},
			requests: 4,
		},
		{
			name: "502 then a token",
			serve: func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					w.WriteHeader(502)
					return
				}
				goodToken(w)
			},
			requests: 2,
		},
		{
			name: "500 with a plain text body is not retried",
			serve: func(w http.ResponseWriter, _ *http.Request, _ int) {
				http.Error(w, "internal error", 500)
			},
			want:     []string{"GoTo answered HTTP 500 (a text/plain body, not a JSON token response)", "failing; try again later"},
			requests: 1,
		},
		{
			name:     "invalid_client",
			serve:    jsonAnswer(401, `{"error":"invalid_client","error_description":"client not found"}`),
			want:     []string{`GoTo answered HTTP 401 with "invalid_client": client not found`, "Check the provider's client_id and client_secret (GOTO_CLIENT_ID, GOTO_CLIENT_SECRET)"},
			requests: 1,
		},
		{
			name:     "invalid_grant with a non-ASCII description",
			exchange: RefreshToken,
			serve:    jsonAnswer(400, `{"error":"invalid_grant","error_description":"Le jeton d\u2019actualisation a expir\u00e9 \u2014 r\u00e9essayez \ud83d\udd11"}`),
			want:     []string{`HTTP 400 with "invalid_grant": Le jeton d’actualisation a expiré — réessayez 🔑`, "Refresh tokens rotate and expire after about 30 days"},
			requests: 1,
		},
		{
			name:     "description with line breaks and direction overrides",
			exchange: AuthorizationCode,
			serve:    jsonAnswer(400, `{"error":"invalid_grant","error_description":"line one\r\nX-Forged: yes\u202eevil"}`),
			want:     []string{"line one  X-Forged: yes evil", "single use"},
			check: func(t *testing.T, _ *Token, e *Error, _ time.Duration) {
				if strings.ContainsAny(e.Error(), "\r\n\u202e") {
					t.Fatal("control characters reached the error text")
				}
			},
		},
		{
			name:     `legacy {"message"}`,
			serve:    jsonAnswer(404, `{"message":"This endpoint is no longer valid, see https://developer.goto.com/guides/Authentication/"}`),
			want:     []string{"GoTo answered HTTP 404: This endpoint is no longer valid", "This endpoint has been retired; use the default token_url " + DefaultTokenURL},
			requests: 1,
		},
		{
			name:     `legacy {"int_err_code","msg"}`,
			exchange: DirectLogin,
			serve:    jsonAnswer(403, `{"int_err_code":"InvalidToken","msg":"Invalid token passed"}`),
			want:     []string{`GoTo answered HTTP 403 with "InvalidToken": Invalid token passed`, "Check user_id, password"},
			requests: 1,
		},
		{
			name: "never answers",
			serve: func(_ http.ResponseWriter, r *http.Request, _ int) {
				// The server notices the client leaving only once the body is read.
				io.Copy(io.Discard, r.Body)
				select {
				case <-r.Context().Done():
				case <-time.After(10 * time.Second):
				}
			},
			want:     []string{"no answer from GoTo; the request did not complete within request_timeout (300ms)", "(after 2 attempts)", "Raise request_timeout"},
			requests: 2,
			check: func(t *testing.T, _ *Token, _ *Error, took time.Duration) {
				if took < 600*time.Millisecond {
					t.Fatalf("gave up after %s, before two attempts of 300ms", took)
				}
			},
		},
		{
			name: "echoes every submitted secret in error_description",
			serve: func(w http.ResponseWriter, r *http.Request, n int) {
				body, _ := io.ReadAll(r.Body)
				form, _ := url.ParseQuery(string(body))
				_, secret, _ := r.BasicAuth()
				desc := fmt.Sprintf("bad request %s; Authorization: %s; client secret %s; pat %s",
					body, r.Header.Get("Authorization"), secret, form.Get("pat"))
				jsonAnswer(400, fmt.Sprintf(`{"error":%q,"error_description":%q}`, "invalid_request "+secret, desc))(w, r, n)
			},
			want: []string{`HTTP 400 with "invalid_request [redacted]": bad request grant_type=personal_access_token&pat=[redacted]; Authorization: Basic [redacted]; client secret [redacted]; pat [redacted].`},
		},
		{
			name:     "echo cut by the description limit",
			exchange: RefreshToken,
			serve: func(w http.ResponseWriter, r *http.Request, n int) {
				r.ParseForm()
				// Cut first and scrubbed after, the text would keep 20
				// characters of the refresh token.
				desc := strings.Repeat("x", maxDescription-20) + r.Form.Get("refresh_token")
				jsonAnswer(400, fmt.Sprintf(`{"error":"invalid_grant","error_description":%q}`, desc))(w, r, n)
			},
			want: []string{"xxx[redacted]."},
		},
		{
			name: "content type echoing the secret",
			serve: func(w http.ResponseWriter, r *http.Request, _ int) {
				w.Header().Set("Content-Type", "text/"+hostileClientSecret)
				w.WriteHeader(404)
				io.WriteString(w, "gone")
			},
			want: []string{"(a text/[redacted] body, not a JSON token response)"},
		},
		{
			name:  "200 whose access_token contains CR/LF",
			serve: jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`\r\nX-Injected: 1","expires_in":3600}`),
			want:  []string{"the access_token holds characters a token cannot have"},
		},
		{
			name:     "200 whose refresh_token contains a space",
			exchange: RefreshToken,
			serve:    jsonAnswer(200, `{"access_token":"`+hostileAccessToken+`","refresh_token":"a b","expires_in":3600}`),
			want:     []string{"the refresh_token holds characters a token cannot have"},
		},
		{
			name:  "access_token as an object",
			serve: jsonAnswer(200, `{"access_token":{"value":"`+hostileAccessToken+`"},"expires_in":3600}`),
			want:  []string{"does not have the fields of a token response"},
		},
	}
}

func TestHostileTokenServers(t *testing.T) {
	cases := hostileCases()
	if len(cases) < 25 {
		t.Fatalf("the catalogue has %d cases, want at least 25", len(cases))
	}
	gzipBomb() // made before any clock starts
	for _, hc := range cases {
		t.Run(hc.name, func(t *testing.T) {
			t.Parallel()
			if hc.fakeTime {
				synctest.Test(t, func(t *testing.T) { runHostile(t, hc) })
				return
			}
			runHostile(t, hc)
		})
	}
}

func runHostile(t *testing.T, hc hostileCase) {
	var requests atomic.Int64
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hc.serve(w, r, int(requests.Add(1)))
	})
	var srv *httptest.Server
	baseURL, transport := "http://127.0.0.1", http.RoundTripper(handlerTransport{handler})
	if !hc.fakeTime {
		start := hc.server
		if start == nil {
			start = func(_ *testing.T, h http.Handler) *httptest.Server { return httptest.NewServer(h) }
		}
		srv = start(t, handler)
		t.Cleanup(srv.Close)
		baseURL, transport = srv.URL, nil
	}

	logs := &logRecorder{}
	cfg := Config{
		ClientID:       hostileClientID,
		ClientSecret:   hostileClientSecret,
		TokenURL:       baseURL + "/oauth/token",
		DirectLoginURL: baseURL + "/oauth/access_token",
		RequestTimeout: 300 * time.Millisecond,
		MaxRetries:     intp(1),
		RetryBaseDelay: 5 * time.Millisecond,
		Log:            logs.record,
	}
	if transport != nil {
		cfg.HTTPClient = &http.Client{Transport: transport}
	}
	if hc.tune != nil {
		hc.tune(t, &cfg, srv)
	}
	c := newTestClient(t, cfg)

	within := hc.within
	if within == 0 {
		within = 2 * time.Second
	}
	// A safety net well past the bound, so a hang fails instead of stalling.
	ctx, cancel := context.WithTimeout(context.Background(), within+5*time.Second)
	defer cancel()
	ex := hc.exchange
	if ex == 0 {
		ex = PersonalAccessToken
	}
	began := time.Now()
	tok, err := exchangeWith(ctx, c, ex)
	took := time.Since(began)

	if took > within {
		t.Errorf("took %s, want at most %s", took.Round(time.Millisecond), within)
	}
	requireNoLeak(t, "a log line", logs.text(), hostileSecrets())
	var e *Error
	if hc.want == nil {
		if err != nil {
			requireNoLeak(t, "the error text", err.Error(), hostileSecrets())
			t.Fatalf("want a token, got: %v", err)
		}
		if tok.AccessToken != hostileAccessToken || tok.TokenType != "Bearer" {
			t.Fatal("the token is not the one the server sent")
		}
	} else {
		e = requireError(t, err, ex, hostileSecrets(), hc.want...)
		if tok != nil {
			t.Fatal("a token came with the error")
		}
	}
	if hc.requests != 0 {
		if got := requests.Load(); got != hc.requests {
			t.Errorf("the server saw %d requests, want %d", got, hc.requests)
		}
		if e != nil && int64(e.Attempts) != hc.requests {
			t.Errorf("the error reports %d attempts, the server saw %d", e.Attempts, hc.requests)
		}
	}
	if hc.check != nil {
		hc.check(t, tok, e, took)
	}
}

// exchangeWith runs ex with the hostile secrets as its input.
func exchangeWith(ctx context.Context, c *Client, ex Exchange) (*Token, error) {
	switch ex {
	case RefreshToken:
		return c.ExchangeRefreshToken(ctx, hostileRefreshToken, 0)
	case AuthorizationCode:
		return c.ExchangeAuthorizationCode(ctx, hostileCode, "https://app.example.com/callback")
	case DirectLogin:
		return c.DirectLogin(ctx, "ann@example.com", hostilePassword, 0)
	}
	return c.ExchangePAT(ctx, hostilePAT, 0)
}

// A server may echo a secret form-encoded or inside the Basic header.
func TestSecretFormsCoverEchoedEncodings(t *testing.T) {
	forms := secretForms([]string{hostilePAT}, hostileClientID, hostileClientSecret)
	basic := base64.StdEncoding.EncodeToString([]byte(hostileClientID + ":" + hostileClientSecret))
	text := scrub("pat="+hostilePAT+" auth=Basic "+basic+" secret="+hostileClientSecret, forms)
	if text != "pat=[redacted] auth=Basic [redacted] secret=[redacted]" {
		t.Fatalf("scrubbed text %q", text)
	}
}

// The content type is reported lowercased, so a secret with capitals echoed
// there must be scrubbed in its lowercase form too.
func TestMixedCaseSecretInContentTypeIsScrubbed(t *testing.T) {
	const secret = "Mixed-Case-Client-Secret-9Q"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/"+secret)
		w.WriteHeader(404)
		io.WriteString(w, "gone")
	}))
	defer srv.Close()
	c := newTestClient(t, Config{ClientID: "id", ClientSecret: secret, TokenURL: srv.URL})
	_, err := c.ExchangePAT(context.Background(), "some-pat", 0)
	if err == nil {
		t.Fatal("want an error")
	}
	if text := strings.ToLower(err.Error()); strings.Contains(text, strings.ToLower(secret)) {
		t.Fatal("the error holds the client secret in lower case")
	}
}

// net/http quotes a malformed status line with %q, escaping quotes and
// backslashes; a secret echoed there must be scrubbed in that form too.
func TestQuotedSecretInStatusLineIsScrubbed(t *testing.T) {
	const password = `pa"ss\wörd-31`
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	go func() {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		buf := make([]byte, 4096)
		conn.Read(buf)
		io.WriteString(conn, "HTTP/1.1 "+password+" OK\r\n\r\n")
	}()
	c := newTestClient(t, Config{ClientID: "id", DirectLoginURL: "http://" + l.Addr().String(), MaxRetries: intp(0)})
	_, err = c.DirectLogin(context.Background(), "user", password, 0)
	if err == nil {
		t.Fatal("want an error")
	}
	if text := err.Error(); strings.Contains(text, `pa\"ss\\w`) || strings.Contains(text, "ss\\wörd") {
		t.Fatalf("the error holds the quoted password: %s", text)
	}
}
