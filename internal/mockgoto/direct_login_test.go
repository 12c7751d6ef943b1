package mockgoto

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// directLogin calls /oauth/access_token with f in the query (GET) or body (POST).
func directLogin(t *testing.T, ts *httptest.Server, method string, f url.Values) reply {
	t.Helper()
	var req *http.Request
	if method == http.MethodGet {
		req, _ = http.NewRequest(method, ts.URL+"/oauth/access_token?"+f.Encode(), nil)
	} else {
		req, _ = http.NewRequest(method, ts.URL+"/oauth/access_token", strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return do(t, req)
}

func TestDirectLogin(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	login := form("grant_type", "password", "user_id", "alice", "password", "pw", "client_id", "app")

	before := s.IssueAccessToken("app", "alice@example.com", "collab:")
	otherClient := s.IssueAccessToken("nopat", "alice@example.com", "collab:")
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", before), http.StatusOK)

	first := directLogin(t, ts, http.MethodPost, login)
	wantStatus(t, first, http.StatusOK)
	want := map[string]any{
		"expires_in": "3600", "organizer_key": "111", "account_key": "222", "account_type": "corporate",
		"firstName": "Alice", "lastName": "Liddell", "email": "alice@example.com", "platform": "GLOBAL", "version": "2",
	}
	for k, v := range want {
		if first.JSON[k] != v {
			t.Errorf("%s = %#v, want %#v", k, first.JSON[k], v)
		}
	}
	if first.str("access_token") == "" || first.str("refresh_token") == "" {
		t.Fatalf("tokens missing: %s", first.Raw)
	}
	if _, has := first.JSON["token_type"]; has {
		t.Fatalf("legacy body has no token_type: %s", first.Raw)
	}
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", before), http.StatusUnauthorized)
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", otherClient), http.StatusOK)
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "seed-rt")),
		http.StatusBadRequest, "invalid_grant")

	// A second login (GET works too) revokes the first one's tokens.
	second := directLogin(t, ts, http.MethodGet, login)
	wantStatus(t, second, http.StatusOK)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", first.str("access_token")), http.StatusUnauthorized)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", second.str("access_token")), http.StatusOK)
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", first.str("refresh_token"))),
		http.StatusBadRequest, "invalid_grant")
	r := token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", second.str("refresh_token")))
	if wantStatus(t, r, http.StatusOK); r.str("organizer_key") != "111" {
		t.Fatalf("refresh of a direct-login token keeps the keys: %s", r.Raw)
	}
	if s.Count(GrantDirectLogin) != 2 {
		t.Fatalf("counts %v", s.Counts())
	}
}

func TestDirectLoginErrors(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	login := form("grant_type", "password", "user_id", "alice", "password", "bad", "client_id", "app")

	r := directLogin(t, ts, http.MethodPost, login)
	wantStatus(t, r, http.StatusUnauthorized)
	if r.str("int_err_code") != "InvalidCredentials" || r.str("msg") == "" {
		t.Fatalf("bad password: %s", r.Raw)
	}
	login.Set("client_id", "nobody")
	r = directLogin(t, ts, http.MethodPost, login)
	wantStatus(t, r, http.StatusUnauthorized)
	if r.str("message") == "" {
		t.Fatalf("unknown client: %s", r.Raw)
	}
	login.Set("client_id", "app")
	login.Del("user_id")
	wantStatus(t, directLogin(t, ts, http.MethodPost, login), http.StatusBadRequest)
	login.Set("user_id", "alice")
	login.Set("grant_type", "client_credentials")
	r = directLogin(t, ts, http.MethodPost, login)
	if wantStatus(t, r, http.StatusBadRequest); r.str("int_err_code") != "InvalidGrantType" {
		t.Fatalf("grant: %s", r.Raw)
	}
}
