package gotoauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// A short secret is scrubbed only as a whole word, so the text around it
// stays readable; a long one is scrubbed wherever it occurs.
func TestScrubShortSecretsOnlyAsWholeWords(t *testing.T) {
	for _, tc := range []struct {
		text, secret, want string
	}{
		{"request failed", "s", "request failed"},
		{"invalid_grant: bad secret x (x)", "x", "invalid_grant: bad secret [redacted] ([redacted])"},
		{"pat=ab&x=ab", "ab", "pat=[redacted]&x=[redacted]"},
		{"abab ab", "ab", "abab [redacted]"},
		{"xaaa aa", "aa", "xaaa [redacted]"},
		{"é1234567é", "1234567", "é1234567é"},
		{"token 1234567.", "1234567", "token [redacted]."},
		{"prefix-12345678-suffix", "12345678", "prefix-[redacted]-suffix"},
		{"a12345678b", "12345678", "a[redacted]b"},
	} {
		if got := scrub(tc.text, []string{tc.secret}); got != tc.want {
			t.Errorf("scrub(%q, %q) = %q, want %q", tc.text, tc.secret, got, tc.want)
		}
	}
}

// A one-letter client secret must not garble the messages of a failure.
func TestOneLetterSecretLeavesErrorsReadable(t *testing.T) {
	cfg := mockgoto.DemoConfig()
	cfg.Clients[0].Secret = "s"
	_, srv := startMock(t, cfg)
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, "s"))
	_, err := c.ExchangePAT(context.Background(), "unknown-personal-access-token", 0)
	e := requireError(t, err, PersonalAccessToken, nil, "personal access token not found", "Check the personal access token")
	if strings.Contains(e.Error(), "[redacted]") {
		t.Fatalf("the error is garbled: %v", e)
	}
}

// Errors name the URL they reached, never its query, and only the setting
// the exchange reads it from.
func TestErrorsNameTheEndpointAndItsSetting(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(srv.Close)
	cfg := Config{
		ClientID:       "client",
		ClientSecret:   "client-secret-0123456789",
		TokenURL:       srv.URL + "/oauth/token?tenant=q-value",
		DirectLoginURL: srv.URL + "/oauth/access_token?tenant=q-value",
		MaxRetries:     intp(0),
	}
	c := newTestClient(t, cfg)
	_, err := c.ExchangePAT(context.Background(), "pat-0123456789abcdef", 0)
	e := requireError(t, err, PersonalAccessToken, nil,
		"The request went to "+srv.URL+"/oauth/token (token_url).", "Check token_url: this address does not serve GoTo's token endpoint.")
	for _, absent := range []string{"direct_login_url", "q-value", "tenant"} {
		if strings.Contains(e.Error(), absent) {
			t.Errorf("the error names %q: %v", absent, e)
		}
	}
	_, err = c.DirectLogin(context.Background(), "user@example.com", "password-0123456789", 0)
	e = requireError(t, err, DirectLogin, nil,
		"The request went to "+srv.URL+"/oauth/access_token (direct_login_url).", "Check direct_login_url: this address does not serve GoTo's direct login endpoint.")
	if strings.Contains(e.Error(), "token_url") {
		t.Errorf("a direct login error names token_url: %v", e)
	}

	// With nothing listening, the network hint names the one setting too.
	closed := srv.URL
	srv.Close()
	cfg.TokenURL, cfg.DirectLoginURL = closed+"/oauth/token", closed+"/oauth/access_token"
	c = newTestClient(t, cfg)
	_, err = c.ExchangeRefreshToken(context.Background(), "refresh-0123456789abcdef", 0)
	e = requireError(t, err, RefreshToken, nil, "no answer from GoTo", "(token_url)", "Check token_url, network access to it")
	if strings.Contains(e.Error(), "direct_login_url") {
		t.Errorf("the error names direct_login_url: %v", e)
	}
	_, err = c.DirectLogin(context.Background(), "user@example.com", "password-0123456789", 0)
	e = requireError(t, err, DirectLogin, nil, "(direct_login_url)", "Check direct_login_url, network access to it")
	if strings.Contains(e.Error(), "token_url") {
		t.Errorf("a direct login error names token_url: %v", e)
	}
}

// GoTo's direct login endpoint answers a token request with 400 "missing
// parameter: user_id"; the hint says token_url is wrong.
func TestTokenURLAtTheDirectLoginEndpoint(t *testing.T) {
	_, srv := startMock(t, mockgoto.DemoConfig())
	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.TokenURL = srv.URL + "/oauth/access_token"
	c := newTestClient(t, cfg)
	_, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0)
	requireError(t, err, PersonalAccessToken, demoSecrets(),
		"GoTo answered HTTP 400", "missing parameter: user_id", "token_url looks wrong",
		"answers like GoTo's direct login endpoint", "Set token_url to the token endpoint, "+DefaultTokenURL)
}

// Every request names the client and its version.
func TestUserAgent(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	for _, tc := range []struct{ set, want string }{
		{"", "terraform-provider-goto"},
		{"terraform-provider-goto/1.2.3", "terraform-provider-goto/1.2.3"},
	} {
		mock.Reset()
		cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
		cfg.UserAgent = tc.set
		c := newTestClient(t, cfg)
		if _, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := c.DirectLogin(context.Background(), mockgoto.DemoUserID, mockgoto.DemoPassword, 0); err != nil {
			t.Fatal(err)
		}
		for _, grant := range []string{mockgoto.GrantPAT, mockgoto.GrantDirectLogin} {
			reqs := mock.Requests(grant)
			if len(reqs) != 1 {
				t.Fatalf("%s: the mock saw %d requests, want 1", grant, len(reqs))
			}
			if got := reqs[0].Header.Get("User-Agent"); got != tc.want {
				t.Errorf("%s: User-Agent %q, want %q", grant, got, tc.want)
			}
		}
	}
}
