package mockgoto

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func post(t *testing.T, rawURL, body string) reply {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, rawURL, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func TestAdminEndpoints(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)

	r := get(t, ts.URL+"/_mock/stats", "")
	wantStatus(t, r, http.StatusOK)
	reqs, _ := r.JSON["requests"].(map[string]any)
	if reqs["personal_access_token"] != float64(1) || reqs["refresh_token"] != float64(0) || r.JSON["total"] != float64(1) {
		t.Fatalf("stats %s", r.Raw)
	}

	r = post(t, ts.URL+"/_mock/faults", `{"count":2,"status":502,"delay":"10ms","content_type":"text/html","body":"<h1>bad gateway</h1>"}`)
	wantStatus(t, r, http.StatusOK)
	if pending := s.PendingFaults(); len(pending) != 1 || pending[0].Delay != 10*time.Millisecond || pending[0].Count != 2 ||
		pending[0].ContentType != "text/html" {
		t.Fatalf("pending %+v", pending)
	}
	r = post(t, ts.URL+"/_mock/faults", `[{"Status":429,"Headers":{"Retry-After":"1"}}]`)
	if wantStatus(t, r, http.StatusOK); !strings.Contains(r.Raw, `"Retry-After":"1"`) {
		t.Fatalf("list %s", r.Raw)
	}
	for _, bad := range []string{`{"status":"x"}`, `{"statuz":500}`, `{"status":5}`, `{"delay":"-1s"}`, `not json`} {
		wantStatus(t, post(t, ts.URL+"/_mock/faults", bad), http.StatusBadRequest)
	}
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusBadGateway)
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusBadGateway)
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusTooManyRequests)
	if s.Stats().Faulted != 3 {
		t.Fatalf("stats %+v", s.Stats())
	}

	s.InjectFault(Fault{Status: 500})
	wantStatus(t, post(t, ts.URL+"/_mock/reset", ""), http.StatusNoContent)
	if st := s.Stats(); st.Total != 0 || st.Faulted != 0 || st.PendingFaults != 0 || st.Requests[GrantPAT] != 0 || len(s.Forms(GrantPAT)) != 0 {
		t.Fatalf("after reset %+v", st)
	}
	wantStatus(t, token(t, ts, "app", "s3cret", pat), http.StatusOK)

	// The clock can be moved from outside: access tokens expire.
	access := token(t, ts, "app", "s3cret", pat).str("access_token")
	r = post(t, ts.URL+"/_mock/clock", `{"advance":"3600s"}`)
	if wantStatus(t, r, http.StatusOK); r.str("now") != clk.Now().Add(time.Hour).Format(time.RFC3339) {
		t.Fatalf("clock %s", r.Raw)
	}
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", access), http.StatusUnauthorized)
	wantStatus(t, post(t, ts.URL+"/_mock/clock", `{"advance":"-1s"}`), http.StatusBadRequest)
	wantStatus(t, get(t, ts.URL+"/_mock/clock", ""), http.StatusOK)
}

func TestAdminIssued(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	r := get(t, ts.URL+"/_mock/issued", "")
	if wantStatus(t, r, http.StatusOK); strings.TrimSpace(r.Raw) != "[]" {
		t.Fatalf("before any exchange: %s", r.Raw)
	}

	access := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")
	refreshed := token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "seed-rt")).str("access_token")
	wantStatus(t, token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-unknown")), http.StatusBadRequest)
	if access == "" || refreshed == "" {
		t.Fatal("the exchanges issued no access token")
	}

	var issued []IssuedToken
	r = get(t, ts.URL+"/_mock/issued", "")
	if err := json.Unmarshal([]byte(r.Raw), &issued); err != nil {
		t.Fatalf("GET /_mock/issued: %v: %s", err, r.Raw)
	}
	byToken := map[string]IssuedToken{}
	for _, it := range issued {
		byToken[it.Token] = it
	}
	if it := byToken[access]; it.Type != "access" || it.ClientID != "app" || it.Principal != "alice@example.com" {
		t.Errorf("PAT access token listed as %+v", it)
	}
	if it := byToken[refreshed]; it.Type != "access" {
		t.Errorf("refreshed access token listed as %+v", it)
	}
	if _, ok := byToken["seed-rt"]; ok {
		t.Error("the configured refresh token is listed as issued")
	}
	for _, it := range issued {
		if it.Token != access && it.Token != refreshed && it.Type != "refresh" {
			t.Errorf("unexpected issued %+v", it)
		}
	}
}
