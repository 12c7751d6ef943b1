package gotoauth

import (
	"net/url"
	"testing"
)

func TestAuthorizationURL(t *testing.T) {
	got, err := AuthorizationURL(DefaultAuthorizeURL, "client-1", "https://app.example.com/cb", "identity: collab:", "xyz")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(got)
	q := u.Query()
	if u.Host != "authentication.logmeininc.com" || q.Get("client_id") != "client-1" || q.Get("response_type") != "code" ||
		q.Get("redirect_uri") != "https://app.example.com/cb" || q.Get("scope") != "identity: collab:" || q.Get("state") != "xyz" {
		t.Fatalf("unexpected URL %s", got)
	}
	got, _ = AuthorizationURL(DefaultAuthorizeURL, "client-1", "https://app.example.com/cb", "", "")
	if q := mustQuery(t, got); q.Has("scope") || q.Has("state") {
		t.Fatalf("empty scope and state must be left out: %s", got)
	}
	if _, err := AuthorizationURL(DefaultAuthorizeURL, "client-1", "not a url", "", ""); err == nil {
		t.Fatal("a relative redirect_uri must be refused")
	}
}

func TestAuthorizeURLFor(t *testing.T) {
	if got := AuthorizeURLFor("http://127.0.0.1:8080/oauth/token"); got != "http://127.0.0.1:8080/oauth/authorize" {
		t.Fatal(got)
	}
	if got := AuthorizeURLFor(""); got != DefaultAuthorizeURL {
		t.Fatal(got)
	}
}

func mustQuery(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
