package mockgoto

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func startHandler(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func TestFaultInjection(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")
	s.InjectFault(Fault{Count: 2, Status: http.StatusServiceUnavailable, Header: map[string]string{"Retry-After": "0"}})
	s.InjectFault(Fault{Status: http.StatusOK, Body: "{not json", ContentType: "application/json"})
	s.InjectFault(Fault{Status: http.StatusNotFound, Body: "<html>nope</html>"})

	for i := 0; i < 2; i++ {
		r := token(t, ts, "app", "s3cret", pat)
		wantError(t, r, http.StatusServiceUnavailable, "server_error")
		if r.Header.Get("Retry-After") != "0" {
			t.Fatalf("header %v", r.Header)
		}
	}
	r := token(t, ts, "app", "s3cret", pat)
	if r.Status != http.StatusOK || r.Raw != "{not json" || r.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("malformed: %d %q %v", r.Status, r.Raw, r.Header)
	}
	// Faults hit direct login too, and an unknown client does not dodge them.
	r = directLogin(t, ts, http.MethodGet, form("client_id", "nobody"))
	if r.Status != http.StatusNotFound || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Fatalf("html fault: %d %v", r.Status, r.Header)
	}
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)

	st := s.Stats()
	if st.Faulted != 4 || st.Requests[GrantPAT] != 4 || st.Requests[GrantDirectLogin] != 1 || st.Total != 5 || st.PendingFaults != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestFaultDelay(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")

	// A delay without a status delays, then answers normally.
	s.InjectFault(Fault{Delay: 50 * time.Millisecond})
	began := time.Now()
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)
	if time.Since(began) < 50*time.Millisecond {
		t.Fatal("no delay")
	}

	// The delay ends when the client gives up.
	s.InjectFault(Fault{Status: http.StatusOK, Delay: time.Hour})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/oauth/token", nil)
	began = time.Now()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("expected a timeout")
	}
	// The handler must have returned: closing the server waits for it.
	ts.Close()
	if time.Since(began) > 10*time.Second {
		t.Fatal("delay ignored cancellation")
	}
}

// Faults in a config file are queued at start, as if posted.
func TestFaultsFromConfig(t *testing.T) {
	cfg := testConfig()
	if err := json.Unmarshal([]byte(`{"faults": [{"count": 2, "status": 503, "headers": {"Retry-After": "1"}}, {"status": 200, "body": "{not json"}]}`), &cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Clients = testConfig().Clients
	cfg.PATs = testConfig().PATs
	s, ts, _ := start(t, cfg)
	if st := s.Stats(); st.PendingFaults != 3 {
		t.Fatalf("pending %d, want 3", st.PendingFaults)
	}
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")
	for range 2 {
		r := token(t, ts, "app", "s3cret", pat)
		wantError(t, r, http.StatusServiceUnavailable, "server_error")
		if r.Header.Get("Retry-After") != "1" {
			t.Fatalf("header %v", r.Header)
		}
	}
	if r := token(t, ts, "app", "s3cret", pat); r.Raw != "{not json" {
		t.Fatalf("third answer %d %q", r.Status, r.Raw)
	}
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)

	for doc, want := range map[string]string{
		`{"faults": [{"status": 42}]}`:   "faults[0]: status must be a three-digit HTTP status",
		`{"faults": [{"delay": "-1s"}]}`: "faults[0]: delay must not be negative",
		`{"faults": [{"stauts": 503}]}`:  `unknown field "stauts"`,
		`{"faults": {"status": 503}}`:    "cannot unmarshal object",
	} {
		var c Config
		err := json.Unmarshal([]byte(doc), &c)
		if err == nil {
			err = c.Validate()
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", doc, err, want)
		}
	}
}
