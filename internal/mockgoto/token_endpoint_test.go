package mockgoto

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestClientAuthentication(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	pat := form("grant_type", "personal_access_token", "pat", "pat-ok")

	r := token(t, ts, "nobody", "x", pat)
	wantError(t, r, http.StatusUnauthorized, "invalid_client")
	if r.str("error_description") != "client not found" || r.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("unknown client: %s %v", r.Raw, r.Header)
	}
	r = token(t, ts, "app", "wrong", pat)
	wantError(t, r, http.StatusUnauthorized, "invalid_client")
	if r.str("error_description") != "bad client credentials" {
		t.Fatalf("bad secret: %s", r.Raw)
	}
	wantError(t, token(t, ts, "", "", pat), http.StatusUnauthorized, "invalid_client")

	// Credentials in the body work too.
	body := form("grant_type", "personal_access_token", "pat", "pat-ok", "client_id", "app", "client_secret", "s3cret")
	wantStatus(t, token(t, ts, "", "", body), http.StatusOK)
	body.Set("client_secret", "nope")
	wantError(t, token(t, ts, "", "", body), http.StatusUnauthorized, "invalid_client")
}

func TestTokenRequestErrors(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "client_credentials")), http.StatusBadRequest, "unsupported_grant_type")
	wantError(t, token(t, ts, "app", "s3cret", form()), http.StatusBadRequest, "invalid_request")
	for _, g := range []string{"authorization_code", "refresh_token", "personal_access_token", "password"} {
		wantError(t, token(t, ts, "app", "s3cret", form("grant_type", g)), http.StatusBadRequest, "invalid_request")
	}

	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/oauth/token", strings.NewReader(`{"grant_type":"password"}`))
	req.Header.Set("Content-Type", "application/json")
	wantError(t, do(t, req), http.StatusBadRequest, "invalid_request")

	big := strings.NewReader("grant_type=password&pad=" + strings.Repeat("a", maxBodyBytes))
	req, _ = http.NewRequest(http.MethodPost, ts.URL+"/oauth/token", big)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantError(t, do(t, req), http.StatusRequestEntityTooLarge, "invalid_request")

	wantStatus(t, get(t, ts.URL+"/oauth/token", ""), http.StatusMethodNotAllowed)
}

func TestAuthorizationCodeGrant(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	code := s.IssueCode("app", "https://app.example/cb", "collab:", "alice@example.com")
	if c := decodeClaims(t, code); c.Type != "c" || c.Audience != "app" {
		t.Fatalf("code claims %+v", c)
	}
	exchange := form("grant_type", "authorization_code", "code", code, "redirect_uri", "https://app.example/cb")

	r := token(t, ts, "app", "s3cret", exchange)
	wantStatus(t, r, http.StatusOK)
	if r.str("token_type") != "Bearer" || r.JSON["expires_in"] != float64(3600) || r.str("scope") != "collab:" ||
		r.str("principal") != "alice@example.com" || r.str("refresh_token") == "" {
		t.Fatalf("response %s", r.Raw)
	}
	c := decodeClaims(t, r.str("access_token"))
	if c.Type != "a" || c.Subject != "alice@example.com" || c.Audience != "app" || c.Scope != "collab:" ||
		c.ExpiresAt-c.IssuedAt != 3600 || c.IssuedAt != clk.Now().Unix() {
		t.Fatalf("access claims %+v", c)
	}
	if c := decodeClaims(t, r.str("refresh_token")); c.Type != "r" || c.ExpiresAt-c.IssuedAt != int64(DefaultRefreshTTL/time.Second) {
		t.Fatalf("refresh claims %+v", c)
	}

	r = token(t, ts, "app", "s3cret", exchange)
	wantError(t, r, http.StatusBadRequest, "invalid_grant")
	if !strings.Contains(r.str("error_description"), "already used") {
		t.Fatalf("reuse: %s", r.Raw)
	}
	if s.Count(GrantAuthorizationCode) != 2 || len(s.Forms(GrantAuthorizationCode)) != 2 {
		t.Fatalf("counts %v", s.Counts())
	}
}

func TestAuthorizationCodeBindings(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	exchange := func(id, secret, code, redirect string) reply {
		f := form("grant_type", "authorization_code", "code", code)
		if redirect != "" {
			f.Set("redirect_uri", redirect)
		}
		return token(t, ts, id, secret, f)
	}
	code := s.IssueCode("app", "https://app.example/cb", "", "")
	wantError(t, exchange("app", "s3cret", code, "https://evil.example/cb"), http.StatusBadRequest, "invalid_grant")
	wantError(t, exchange("app", "s3cret", code, ""), http.StatusBadRequest, "invalid_grant")
	wantError(t, exchange("nopat", "np", code, "https://app.example/cb"), http.StatusBadRequest, "invalid_grant")
	// Failed attempts do not consume the code.
	r := exchange("app", "s3cret", code, "https://app.example/cb")
	wantStatus(t, r, http.StatusOK)
	if r.str("scope") != "identity:scim.me collab:" || r.str("principal") != defaultPrincipal {
		t.Fatalf("defaults: %s", r.Raw)
	}

	// A code issued without redirect_uri binds none.
	wantStatus(t, exchange("app", "s3cret", s.IssueCode("app", "", "", ""), "https://anything.example/"), http.StatusOK)

	// Expiry follows the injected clock.
	code = s.IssueCode("app", "", "", "")
	clk.Add(DefaultCodeTTL)
	r = exchange("app", "s3cret", code, "")
	wantError(t, r, http.StatusBadRequest, "invalid_grant")
	if !strings.Contains(r.str("error_description"), "expired") {
		t.Fatalf("expiry: %s", r.Raw)
	}
	wantError(t, exchange("app", "s3cret", "no-such-code", ""), http.StatusBadRequest, "invalid_grant")
	// A refresh token is not a code.
	wantError(t, exchange("app", "s3cret", "seed-rt", ""), http.StatusBadRequest, "invalid_grant")
}

func TestAuthorizationCodePKCE(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	verifier := "a-verifier-that-is-long-enough-to-be-realistic-0123456789"
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	r := get(t, ts.URL+"/oauth/authorize?response_type=code&client_id=public&redirect_uri=http://127.0.0.1:9/cb"+
		"&code_challenge="+challenge+"&code_challenge_method=S256", "")
	wantStatus(t, r, http.StatusFound)
	code := locationQuery(t, r).Get("code")

	f := form("grant_type", "authorization_code", "code", code, "redirect_uri", "http://127.0.0.1:9/cb", "client_id", "public")
	wantError(t, token(t, ts, "", "", f), http.StatusBadRequest, "invalid_grant")
	f.Set("code_verifier", "wrong")
	wantError(t, token(t, ts, "", "", f), http.StatusBadRequest, "invalid_grant")
	f.Set("code_verifier", verifier)
	wantStatus(t, token(t, ts, "", "", f), http.StatusOK)
}

func TestRefreshTokenGrant(t *testing.T) {
	s, ts, clk := start(t, testConfig())
	refresh := func(rt string) reply {
		return token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", rt))
	}
	// Window rotation (default): young tokens get no refresh_token back.
	r := refresh("seed-rt")
	wantStatus(t, r, http.StatusOK)
	if _, has := r.JSON["refresh_token"]; has || r.str("scope") != "collab:" || r.str("principal") != "alice@example.com" ||
		r.str("organizer_key") != "111" || r.str("account_key") != "222" {
		t.Fatalf("young refresh: %s", r.Raw)
	}
	clk.Add(DefaultRotateAfter)
	r = refresh("seed-rt")
	wantStatus(t, r, http.StatusOK)
	next := r.str("refresh_token")
	if next == "" || next == "seed-rt" {
		t.Fatalf("old refresh should rotate: %s", r.Raw)
	}
	// The rotated-away token stays valid until its own expiry.
	wantStatus(t, refresh("seed-rt"), http.StatusOK)
	clk.Add(DefaultRefreshTTL - DefaultRotateAfter)
	r = refresh("seed-rt")
	wantError(t, r, http.StatusBadRequest, "invalid_grant")
	if !strings.Contains(r.str("error_description"), "expired") {
		t.Fatalf("expiry: %s", r.Raw)
	}
	r = refresh(next)
	wantStatus(t, r, http.StatusOK)
	if _, has := r.JSON["refresh_token"]; has {
		t.Fatalf("new token is young: %s", r.Raw)
	}

	wantError(t, refresh("unknown"), http.StatusBadRequest, "invalid_grant")
	other := s.IssueRefreshToken("nopat", "", "collab:")
	wantError(t, refresh(other), http.StatusBadRequest, "invalid_grant")
	// Down-scoping is allowed, widening is not.
	rt := s.IssueRefreshToken("app", "", "collab: identity:scim.me")
	r = token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", rt, "scope", "collab:"))
	if wantStatus(t, r, http.StatusOK); r.str("scope") != "collab:" {
		t.Fatalf("down-scope: %s", r.Raw)
	}
	r = token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", rt, "scope", "admin:"))
	wantError(t, r, http.StatusBadRequest, "invalid_scope")
}

func TestRefreshRotationModes(t *testing.T) {
	for _, tc := range []struct {
		mode string
		want func(presented, got string) bool
	}{
		{RotationAlways, func(p, g string) bool { return g != "" && g != p }},
		{RotationNever, func(p, g string) bool { return g == p }},
		{RotationWindow, func(p, g string) bool { return g == "" }},
		{"", func(p, g string) bool { return g == "" }},
	} {
		t.Run("mode="+tc.mode, func(t *testing.T) {
			cfg := testConfig()
			cfg.Rotation = tc.mode
			s, ts, _ := start(t, cfg)
			rt := s.IssueRefreshToken("app", "bob@example.com", "collab:")
			for i := 0; i < 2; i++ {
				r := token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", rt))
				wantStatus(t, r, http.StatusOK)
				if got := r.str("refresh_token"); !tc.want(rt, got) {
					t.Fatalf("presented %q, got %q", rt, got)
				}
				if c := decodeClaims(t, r.str("access_token")); c.Subject != "bob@example.com" {
					t.Fatalf("claims %+v", c)
				}
			}
		})
	}
}

func TestSeededRefreshTokenAge(t *testing.T) {
	cfg := testConfig()
	cfg.RotateAfter = Duration(time.Hour)
	cfg.RefreshTokens = append(cfg.RefreshTokens,
		RefreshToken{Token: "old-rt", ClientID: "app", Age: Duration(2 * time.Hour)},
		RefreshToken{Token: "dead-rt", ClientID: "app", Age: Duration(DefaultRefreshTTL)})
	_, ts, _ := start(t, cfg)
	r := token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "old-rt"))
	if wantStatus(t, r, http.StatusOK); r.str("refresh_token") == "" {
		t.Fatalf("an old seeded token should rotate: %s", r.Raw)
	}
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "dead-rt")),
		http.StatusBadRequest, "invalid_grant")
}

func TestPATGrant(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	r := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok"))
	wantStatus(t, r, http.StatusOK)
	if _, has := r.JSON["refresh_token"]; has || r.str("scope") != "collab:" || r.str("principal") != "alice@example.com" ||
		r.JSON["expires_in"] != float64(3600) || r.str("token_type") != "Bearer" {
		t.Fatalf("pat response %s", r.Raw)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("headers %v", r.Header)
	}

	r = token(t, ts, "nopat", "np", form("grant_type", "personal_access_token", "pat", "pat-ok"))
	wantError(t, r, http.StatusBadRequest, "unauthorized_client")
	if !strings.Contains(r.str("error_description"), "not enabled") {
		t.Fatalf("description: %s", r.Raw)
	}
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-wide")),
		http.StatusBadRequest, "invalid_scope")
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "nope")),
		http.StatusBadRequest, "invalid_grant")
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-bound")),
		http.StatusBadRequest, "invalid_grant")

	if got := s.Count(GrantPAT); got != 5 {
		t.Fatalf("count %d", got)
	}
	forms := s.Forms(GrantPAT)
	if forms[0].Get("pat") != "pat-ok" {
		t.Fatalf("forms %v", forms)
	}
	forms[0].Set("pat", "changed")
	if s.Forms(GrantPAT)[0].Get("pat") != "pat-ok" {
		t.Fatal("Forms must return copies")
	}
	if reqs := s.Requests(GrantPAT); reqs[0].Header.Get("Authorization") == "" || reqs[0].Path != "/oauth/token" {
		t.Fatalf("requests %+v", reqs[0])
	}
}

func TestPasswordGrant(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	r := token(t, ts, "app", "s3cret", form("grant_type", "password", "username", "alice", "password", "pw"))
	wantStatus(t, r, http.StatusOK)
	if r.str("refresh_token") == "" || r.str("principal") != "alice@example.com" || r.str("scope") != "identity:scim.me collab:" {
		t.Fatalf("password response %s", r.Raw)
	}
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "password", "username", "alice", "password", "bad")),
		http.StatusBadRequest, "invalid_grant")
	if s.Count(GrantPassword) != 2 {
		t.Fatalf("counts %v", s.Counts())
	}
}

// GoTo's guides build the Basic header from the raw pair, and their sample
// secret carries "+" and "=": read as form-encoded, "+" would become a space.
func TestBasicAuthTakesGoToShapedSecretsRaw(t *testing.T) {
	const id, secret = "a2094c4f-fake-4339-934f-4da2d788d0aa", "3naO10IA2agcvG+9I9TGEQ=="
	cfg := testConfig()
	cfg.Clients = append(cfg.Clients, Client{ID: id, Secret: secret, PATGrant: true})
	cfg.PATs = append(cfg.PATs, PAT{Token: "sample-pat", ClientID: id})
	_, ts, _ := start(t, cfg)
	pat := form("grant_type", "personal_access_token", "pat", "sample-pat")

	wantStatus(t, token(t, ts, id, secret, pat), http.StatusOK)
	// The RFC 6749 2.3.1 form of the same pair.
	wantStatus(t, token(t, ts, id, url.QueryEscape(secret), pat), http.StatusOK)
	// The secret in the body (client_secret_post).
	body := form("grant_type", "personal_access_token", "pat", "sample-pat", "client_id", id, "client_secret", secret)
	wantStatus(t, token(t, ts, "", "", body), http.StatusOK)

	// The decoded reading is no back door: "+" read as a space is wrong.
	for _, wrong := range []string{"3naO10IA2agcvG 9I9TGEQ==", "3naO10IA2agcvG%2B9I9TGEQ%3D", "3naO10IA2agcvG+9I9TGEQ="} {
		wantError(t, token(t, ts, id, wrong, pat), http.StatusUnauthorized, "invalid_client")
	}
}
