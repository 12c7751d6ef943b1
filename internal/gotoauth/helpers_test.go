package gotoauth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func intp(n int) *int { return &n }

// secrets names the secrets a test handed out, so that a leak is reported by
// name and the secret itself never reaches the test output.
type secrets map[string]string

// leakWindow is the shortest piece of a secret that counts as a leak: a cut
// secret is still a leak, a shared word such as "token" is not.
const leakWindow = 12

// leakIn names the first secret found in text, whole or as a piece of
// leakWindow characters, or returns "".
func (s secrets) leakIn(text string) string {
	names := make([]string, 0, len(s))
	for name := range s {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		secret := s[name]
		if secret == "" {
			continue
		}
		if len(secret) <= leakWindow {
			if strings.Contains(text, secret) {
				return name
			}
			continue
		}
		for i := 0; i+leakWindow <= len(secret); i++ {
			if strings.Contains(text, secret[i:i+leakWindow]) {
				return name
			}
		}
	}
	return ""
}

// requireNoLeak fails when text holds a secret; what says where the text
// came from.
func requireNoLeak(t *testing.T, what, text string, s secrets) {
	t.Helper()
	if name := s.leakIn(text); name != "" {
		t.Fatalf("%s contains the %s", what, name)
	}
}

// requireError checks that err is an *Error of exchange ex whose Error() and
// Detail() hold every want and no secret, and returns it.
func requireError(t *testing.T, err error, ex Exchange, s secrets, wants ...string) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("want an error, got a token")
	}
	requireNoLeak(t, "the error text", err.Error(), s)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("want a *gotoauth.Error, got %T: %v", err, err)
	}
	requireNoLeak(t, "Detail()", e.Detail(), s)
	requireNoLeak(t, "the error's fields", fmt.Sprintf("%+v", *e), s)
	if e.Exchange != ex {
		t.Fatalf("error is for the %s, want the %s: %v", e.Exchange, ex, err)
	}
	if want := ex.String() + " failed: "; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Error() %q does not start with %q", err.Error(), want)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) || !strings.Contains(e.Detail(), w) {
			t.Errorf("error %q lacks %q", err.Error(), w)
		}
	}
	return e
}

// logRecorder keeps every log line a client writes, for leak checks.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) record(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, fmt.Sprintf("%s %v", msg, fields))
}

func (l *logRecorder) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Join(l.lines, "\n")
}

// newTestClient builds a client or fails the test.
func newTestClient(t *testing.T, cfg Config) *Client {
	t.Helper()
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// startMock serves a mock GoTo built from cfg on loopback.
func startMock(t *testing.T, cfg mockgoto.Config) (*mockgoto.Server, *httptest.Server) {
	t.Helper()
	mock := mockgoto.New(cfg)
	srv := httptest.NewServer(mock)
	t.Cleanup(srv.Close)
	return mock, srv
}

// mockConfig points a client configuration at a mock's endpoints.
func mockConfig(srv *httptest.Server, clientID, clientSecret string) Config {
	return Config{
		ClientID:       clientID,
		ClientSecret:   clientSecret,
		TokenURL:       srv.URL + "/oauth/token",
		DirectLoginURL: srv.URL + "/oauth/access_token",
		APIURL:         srv.URL,
		RevokeURL:      srv.URL + "/oauth/revoke",
		RetryBaseDelay: 10 * time.Millisecond,
	}
}

// meStatus is the status the mock's /admin/rest/v1/me answers for a token.
func meStatus(t *testing.T, srv *httptest.Server, accessToken string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/admin/rest/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// handlerTransport serves requests with a handler in memory, so tests under
// testing/synctest (where loopback sockets do not count as durably
// blocking) reach the mock without the network.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	if err := r.Context().Err(); err != nil {
		return nil, err
	}
	return rec.Result(), nil
}

// memoryConfig points a client configuration at h through handlerTransport.
func memoryConfig(h http.Handler, clientID, clientSecret string) Config {
	return Config{
		ClientID:       clientID,
		ClientSecret:   clientSecret,
		TokenURL:       "http://127.0.0.1/oauth/token",
		DirectLoginURL: "http://127.0.0.1/oauth/access_token",
		HTTPClient:     &http.Client{Transport: handlerTransport{h}},
	}
}
