package mockgoto

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func locationQuery(t *testing.T, r reply) url.Values {
	t.Helper()
	u, err := url.Parse(r.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

func TestAuthorizeRedirect(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	r := get(t, ts.URL+"/oauth/authorize?client_id=app&response_type=code&redirect_uri="+
		url.QueryEscape("https://app.example/cb?keep=1")+"&scope="+url.QueryEscape("collab:")+"&state=xyz", "")
	wantStatus(t, r, http.StatusFound)
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "https://app.example/cb?") {
		t.Fatalf("location %s", loc)
	}
	q := locationQuery(t, r)
	if q.Get("state") != "xyz" || q.Get("keep") != "1" || q.Get("code") == "" {
		t.Fatalf("query %v", q)
	}
	c := decodeClaims(t, q.Get("code"))
	if c.Type != "c" || c.Subject != "alice@example.com" || c.Scope != "collab:" || c.ExpiresAt-c.IssuedAt != 600 {
		t.Fatalf("code claims %+v", c)
	}

	// The full flow: the code exchanges once with the same redirect_uri.
	f := form("grant_type", "authorization_code", "code", q.Get("code"), "redirect_uri", "https://app.example/cb?keep=1")
	wantStatus(t, token(t, ts, "app", "s3cret", f), http.StatusOK)
	wantError(t, token(t, ts, "app", "s3cret", f), http.StatusBadRequest, "invalid_grant")
}

func TestAuthorizeErrors(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	base := ts.URL + "/oauth/authorize?response_type=code"

	r := get(t, base+"&client_id=nobody&redirect_uri=https://x.example/", "")
	wantStatus(t, r, http.StatusBadRequest)
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("content type %q", r.Header.Get("Content-Type"))
	}
	wantStatus(t, get(t, base+"&client_id=app", ""), http.StatusBadRequest)                                    // no redirect, no default
	wantStatus(t, get(t, base+"&client_id=web&redirect_uri=https://evil.example/", ""), http.StatusBadRequest) // not registered

	// A client default redirect URI is used when none is given.
	r = get(t, base+"&client_id=web", "")
	wantStatus(t, r, http.StatusFound)
	if !strings.HasPrefix(r.Header.Get("Location"), "https://app.example/cb?code=") {
		t.Fatalf("location %s", r.Header.Get("Location"))
	}
	// Errors after the redirect URI is known go back to it.
	r = get(t, ts.URL+"/oauth/authorize?response_type=token&client_id=app&redirect_uri=https://app.example/cb&state=s", "")
	if q := locationQuery(t, r); q.Get("error") != "unsupported_response_type" || q.Get("state") != "s" {
		t.Fatalf("query %v", q)
	}
	r = get(t, base+"&client_id=app&redirect_uri=https://app.example/cb&scope=admin:", "")
	if q := locationQuery(t, r); q.Get("error") != "invalid_scope" {
		t.Fatalf("query %v", q)
	}
}
