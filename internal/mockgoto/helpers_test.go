package mockgoto

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for expiry tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// start serves cfg on loopback with a fake clock and no rate limit unless cfg sets one.
func start(t *testing.T, cfg Config) (*Server, *httptest.Server, *fakeClock) {
	t.Helper()
	if cfg.RateLimit == 0 {
		cfg.RateLimit = -1
	}
	s := New(cfg)
	clk := &fakeClock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)}
	s.SetClock(clk.Now)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return s, ts, clk
}

// reply is a decoded response.
type reply struct {
	Status int
	Header http.Header
	Raw    string
	JSON   map[string]any
}

func (r reply) str(k string) string {
	v, _ := r.JSON[k].(string)
	return v
}

func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	r := reply{Status: resp.StatusCode, Header: resp.Header, Raw: string(b)}
	_ = json.Unmarshal(b, &r.JSON)
	return r
}

// token posts form to /oauth/token with Basic auth when id is not empty.
func token(t *testing.T, ts *httptest.Server, id, secret string, form url.Values) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/oauth/token", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	return do(t, req)
}

func get(t *testing.T, rawURL, bearer string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	return do(t, req)
}

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

func wantStatus(t *testing.T, r reply, status int) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("status %d, want %d; body %s", r.Status, status, r.Raw)
	}
}

func wantError(t *testing.T, r reply, status int, code string) {
	t.Helper()
	wantStatus(t, r, status)
	if got := r.str("error"); got != code {
		t.Fatalf("error %q, want %q; body %s", got, code, r.Raw)
	}
}

// decodeClaims reads a token's payload without verifying it.
func decodeClaims(t *testing.T, tok string) claims {
	t.Helper()
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token has %d parts", len(parts))
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var c claims
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

// testConfig is a small config shared by most tests.
func testConfig() Config {
	return Config{
		Clients: []Client{
			{ID: "app", Secret: "s3cret", PATGrant: true, Scopes: []string{"identity:scim.me", "collab:"}},
			{ID: "nopat", Secret: "np", Scopes: []string{"collab:"}},
			{ID: "web", Secret: "w", RedirectURIs: []string{"https://app.example/cb", "https://app.example/other"}},
			{ID: "public"},
		},
		Users: []User{
			{UserID: "alice", Password: "pw", Email: "alice@example.com", FirstName: "Alice", LastName: "Liddell",
				OrganizerKey: "111", AccountKey: "222", AccountType: "corporate"},
		},
		PATs: []PAT{
			{Token: "pat-ok", Principal: "alice@example.com", Scopes: []string{"collab:"}},
			{Token: "pat-wide", Scopes: []string{"collab:", "admin:"}},
			{Token: "pat-bound", ClientID: "nopat"},
		},
		RefreshTokens: []RefreshToken{
			{Token: "seed-rt", ClientID: "app", Principal: "alice@example.com", Scope: "collab:"},
		},
	}
}
