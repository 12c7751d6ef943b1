package mockgoto

import (
	"net/http"
	"testing"
)

func TestMeEndpoints(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	pat := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")

	r := get(t, ts.URL+"/admin/rest/v1/me", pat)
	wantStatus(t, r, http.StatusOK)
	if r.str("email") != "alice@example.com" || r.JSON["key"] != float64(111) || r.str("firstName") != "Alice" {
		t.Fatalf("admin me: %s", r.Raw)
	}
	r = get(t, ts.URL+"/identity/v1/Users/me", pat)
	wantStatus(t, r, http.StatusOK)
	emails, _ := r.JSON["emails"].([]any)
	if r.str("userName") != "alice@example.com" || r.str("id") == "" || len(emails) != 1 ||
		emails[0].(map[string]any)["value"] != "alice@example.com" {
		t.Fatalf("identity me: %s", r.Raw)
	}

	// Unknown principals still get a stable key.
	anon := s.IssueAccessToken("app", "", "")
	a1, a2 := get(t, ts.URL+"/admin/rest/v1/me", anon), get(t, ts.URL+"/admin/rest/v1/me", anon)
	if a1.str("email") != defaultPrincipal || a1.JSON["key"] == nil || a1.JSON["key"] != a2.JSON["key"] {
		t.Fatalf("anon: %s", a1.Raw)
	}

	for _, path := range []string{"/admin/rest/v1/me", "/identity/v1/Users/me"} {
		for name, bearer := range map[string]string{"none": "", "unknown": "nope", "refresh": "seed-rt"} {
			r := get(t, ts.URL+path, bearer)
			if r.Status != http.StatusUnauthorized || r.str("int_err_code") != "InvalidToken" || r.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s with %s token: %d %s", path, name, r.Status, r.Raw)
			}
		}
	}
	clk.Add(DefaultAccessTTL)
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", pat), http.StatusUnauthorized)
}
