package mockgoto

import (
	"net/http"
	"strings"
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

func TestMeAccountsAndKeyFormats(t *testing.T) {
	const (
		userKey = "8439885694023999999"
		acct1   = "9999982253621659654"
		acct2   = "1234567890123456789"
	)
	cfg := testConfig()
	cfg.Users = append(cfg.Users, User{UserID: "bob@example.com", Password: "pw", OrganizerKey: userKey, KeyFormat: KeysAsNumbers,
		Accounts: []Account{{Key: acct1, Name: "Main", Entitlements: []string{"g2m"}}, {Key: acct2, Name: "Second"}}})
	cfg.PATs = append(cfg.PATs, PAT{Token: "pat-bob", Principal: "bob@example.com", Scopes: []string{"collab:"}})
	s, ts, _ := start(t, cfg)
	bob := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-bob")).str("access_token")

	// Numbers keep every digit on the wire.
	r := get(t, ts.URL+"/identity/v1/Users/me", bob)
	wantStatus(t, r, http.StatusOK)
	for _, want := range []string{`"id":` + userKey, `"value":` + acct1, `"value":` + acct2, `"display":"Main"`, `"entitlements":["g2m"]`} {
		if !strings.Contains(r.Raw, want) {
			t.Errorf("identity me lacks %s: %s", want, r.Raw)
		}
	}
	r = get(t, ts.URL+"/admin/rest/v1/me", bob)
	for _, want := range []string{`"key":` + userKey, `"accountKey":` + acct1, `"accounts":[{"key":` + acct1 + `,"name":"Main"}`} {
		if !strings.Contains(r.Raw, want) {
			t.Errorf("admin me lacks %s: %s", want, r.Raw)
		}
	}

	// Without a key format, SCIM sends strings and Admin numbers; a user
	// without accounts gets one with the account key.
	alice := s.IssueAccessToken("app", "alice@example.com", "")
	r = get(t, ts.URL+"/identity/v1/Users/me", alice)
	for _, want := range []string{`"id":"111"`, `"value":"222"`, `"urn:scim:schemas:extension:getgo:1.0"`} {
		if !strings.Contains(r.Raw, want) {
			t.Errorf("identity me lacks %s: %s", want, r.Raw)
		}
	}
	r = get(t, ts.URL+"/admin/rest/v1/me", alice)
	if !strings.Contains(r.Raw, `"accountKey":222`) || !strings.Contains(r.Raw, `"accounts":[{"key":222`) {
		t.Errorf("admin me: %s", r.Raw)
	}
}
