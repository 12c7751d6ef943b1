package gotoauth

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// These tests run the client against the mock GoTo server over real loopback
// HTTP, for every exchange and every error GoTo documents.

const callbackURL = "https://app.example.com/callback"

// demoSecrets are the demo configuration's secrets.
func demoSecrets() secrets {
	return secrets{
		"client secret":         mockgoto.DemoClientSecret,
		"other client secret":   mockgoto.DemoNoPATSecret,
		"personal access token": mockgoto.DemoPAT,
		"password":              mockgoto.DemoPassword,
		"refresh token":         mockgoto.DemoRefreshToken,
	}
}

func TestMockPATExchange(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	clock := &fakeClock{now: receipt}
	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.Now = clock.Now
	c := newTestClient(t, cfg)

	tok, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 5*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if tok.TokenType != "Bearer" || tok.ExpiresIn != 3600 || !tok.ExpiresAt.Equal(receipt.Add(time.Hour)) ||
		tok.Principal != mockgoto.DemoUserID || tok.Scope != "identity:scim.me collab:" || len(tok.Scopes) != 2 {
		t.Fatalf("unexpected token: type %q, expires_in %d, expires_at %s, principal %q, scope %q",
			tok.TokenType, tok.ExpiresIn, tok.ExpiresAt, tok.Principal, tok.Scope)
	}
	if tok.RefreshToken != "" {
		t.Fatal("a PAT exchange returns no refresh token, but the token has one")
	}
	claims, err := ParseClaims(tok.AccessToken)
	if err != nil || claims.Type != "a" || len(claims.Audience) != 1 || claims.Audience[0] != mockgoto.DemoClientID {
		t.Fatalf("claims %+v, %v", claims, err)
	}
	if got := meStatus(t, srv, tok.AccessToken); got != 200 {
		t.Fatalf("the access token gets %d at /admin/rest/v1/me, want 200", got)
	}

	if got := mock.Count(mockgoto.GrantPAT); got != 1 {
		t.Fatalf("mock saw %d PAT requests, want 1", got)
	}
	req := mock.Requests(mockgoto.GrantPAT)[0]
	if req.Form.Get("grant_type") != "personal_access_token" || req.Form.Get("pat") != mockgoto.DemoPAT {
		t.Fatalf("unexpected form fields %v", sortedKeys(req.Form))
	}
	if req.Form.Has("client_secret") || req.Form.Has("client_id") {
		t.Fatal("client credentials must travel only in the Basic header")
	}
	basic := "Basic " + base64.StdEncoding.EncodeToString([]byte(mockgoto.DemoClientID+":"+mockgoto.DemoClientSecret))
	if req.Header.Get("Authorization") != basic {
		t.Fatal("the request lacks the client's Basic authorization")
	}
}

func TestMockRefreshTokenRotation(t *testing.T) {
	cases := []struct {
		rotation string
		// age is how old the presented refresh token is.
		age         time.Duration
		wantRotated bool
	}{
		{rotation: mockgoto.RotationAlways, wantRotated: true},
		{rotation: mockgoto.RotationNever, age: 29 * 24 * time.Hour, wantRotated: false},
		{rotation: mockgoto.RotationWindow, age: time.Hour, wantRotated: false},
		{rotation: mockgoto.RotationWindow, age: 29*24*time.Hour + time.Hour, wantRotated: true},
	}
	for _, tc := range cases {
		t.Run(tc.rotation+"/"+tc.age.String(), func(t *testing.T) {
			cfg := mockgoto.DemoConfig()
			cfg.Rotation = tc.rotation
			mock, srv := startMock(t, cfg)
			presented := mock.IssueRefreshToken(mockgoto.DemoClientID, mockgoto.DemoUserID, "identity:scim.me")
			mock.Advance(tc.age)
			c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))

			tok, err := c.ExchangeRefreshToken(context.Background(), presented, 0)
			if err != nil {
				t.Fatal(err)
			}
			if tok.RefreshTokenRotated != tc.wantRotated {
				t.Fatalf("RefreshTokenRotated = %v, want %v", tok.RefreshTokenRotated, tc.wantRotated)
			}
			if rotated := tok.RefreshToken != presented; rotated != tc.wantRotated || tok.RefreshToken == "" {
				t.Fatalf("the returned refresh token is new: %v, want %v", rotated, tc.wantRotated)
			}
			if tok.Scope != "identity:scim.me" || tok.Principal != mockgoto.DemoUserID || meStatus(t, srv, tok.AccessToken) != 200 {
				t.Fatalf("unexpected token: scope %q, principal %q", tok.Scope, tok.Principal)
			}
			forms := mock.Forms(mockgoto.GrantRefreshToken)
			if len(forms) != 1 || forms[0].Get("refresh_token") != presented || forms[0].Get("grant_type") != "refresh_token" {
				t.Fatalf("mock saw %d refresh requests with unexpected fields", len(forms))
			}

			// The newest refresh token is the one to keep: it must work.
			next := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
			if _, err := next.ExchangeRefreshToken(context.Background(), tok.RefreshToken, 0); err != nil {
				t.Fatalf("the newest refresh token does not work: %v", err)
			}
		})
	}
}

func TestMockAuthorizationCodeExchange(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	code := mock.IssueCode(mockgoto.DemoClientID, callbackURL, "", mockgoto.DemoUserID)

	tok, err := c.ExchangeAuthorizationCode(context.Background(), code, callbackURL)
	if err != nil {
		t.Fatal(err)
	}
	if tok.RefreshToken == "" || tok.Principal != mockgoto.DemoUserID || tok.Scope != strings.Join(mockgoto.DemoScopes, " ") {
		t.Fatalf("unexpected token: principal %q, scope %q, refresh token given: %v", tok.Principal, tok.Scope, tok.RefreshToken != "")
	}
	if meStatus(t, srv, tok.AccessToken) != 200 {
		t.Fatal("the access token is not accepted at /me")
	}
	forms := mock.Forms(mockgoto.GrantAuthorizationCode)
	if len(forms) != 1 || forms[0].Get("code") != code || forms[0].Get("redirect_uri") != callbackURL {
		t.Fatalf("mock saw %d code requests with unexpected fields", len(forms))
	}
}

func TestMockAuthorizationCodeRedirectURIMustMatch(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	code := mock.IssueCode(mockgoto.DemoClientID, callbackURL, "", mockgoto.DemoUserID)
	s := demoSecrets()
	s["code"] = code

	for _, redirect := range []string{"https://app.example.com/other", ""} {
		_, err := c.ExchangeAuthorizationCode(context.Background(), code, redirect)
		requireError(t, err, AuthorizationCode, s,
			"GoTo answered HTTP 400", `"invalid_grant"`, "redirect_uri does not match", "single use")
	}
	if forms := mock.Forms(mockgoto.GrantAuthorizationCode); len(forms) != 2 || forms[1].Has("redirect_uri") {
		t.Fatal("an empty redirect_uri must be left out of the form")
	}
	// A refused attempt does not use the code up.
	if _, err := c.ExchangeAuthorizationCode(context.Background(), code, callbackURL); err != nil {
		t.Fatal(err)
	}
}

func TestMockReusedAuthorizationCode(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	code := mock.IssueCode(mockgoto.DemoClientID, callbackURL, "", mockgoto.DemoUserID)
	first, err := c.ExchangeAuthorizationCode(context.Background(), code, callbackURL)
	if err != nil {
		t.Fatal(err)
	}
	s := demoSecrets()
	s["code"], s["access token"], s["issued refresh token"] = code, first.AccessToken, first.RefreshToken

	_, err = c.ExchangeAuthorizationCode(context.Background(), code, callbackURL)
	e := requireError(t, err, AuthorizationCode, s,
		"GoTo answered HTTP 400", `"invalid_grant"`, "already used",
		"Authorization codes are single use and live about ten minutes")
	if e.Attempts != 1 || mock.Count(mockgoto.GrantAuthorizationCode) != 2 {
		t.Fatalf("a 400 must not be retried: %d attempts, %d requests", e.Attempts, mock.Count(mockgoto.GrantAuthorizationCode))
	}
}

func TestMockExpiredAuthorizationCode(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	code := mock.IssueCode(mockgoto.DemoClientID, "", "", mockgoto.DemoUserID)
	mock.Advance(11 * time.Minute)
	s := demoSecrets()
	s["code"] = code
	_, err := c.ExchangeAuthorizationCode(context.Background(), code, "")
	requireError(t, err, AuthorizationCode, s, "HTTP 400", `"invalid_grant"`, "expired", "live about ten minutes")
}

func TestMockDirectLogin(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	clock := &fakeClock{now: receipt}
	// Direct login sends no secret: the client id is the consumer key.
	cfg := mockConfig(srv, mockgoto.DemoClientID, "")
	cfg.Now = clock.Now
	c := newTestClient(t, cfg)

	tok, err := c.DirectLogin(context.Background(), mockgoto.DemoUserID, mockgoto.DemoPassword, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// The legacy answer has a string expires_in and no token_type.
	if tok.ExpiresIn != 3600 || !tok.ExpiresAt.Equal(receipt.Add(time.Hour)) || tok.TokenType != "Bearer" {
		t.Fatalf("expires_in %d, expires_at %s, token_type %q", tok.ExpiresIn, tok.ExpiresAt, tok.TokenType)
	}
	for field, got := range map[string][2]string{
		"organizer_key": {tok.OrganizerKey, mockgoto.DemoOrganizerKey},
		"account_key":   {tok.AccountKey, mockgoto.DemoAccountKey},
		"account_type":  {tok.AccountType, "corporate"},
		"firstName":     {tok.FirstName, "Demo"},
		"lastName":      {tok.LastName, "User"},
		"email":         {tok.Email, mockgoto.DemoUserID},
		"principal":     {tok.Principal, mockgoto.DemoUserID},
		"platform":      {tok.Platform, "GLOBAL"},
		"version":       {tok.Version, "2"},
	} {
		if got[0] != got[1] {
			t.Errorf("%s = %q, want %q", field, got[0], got[1])
		}
	}
	if tok.RefreshToken == "" || meStatus(t, srv, tok.AccessToken) != 200 {
		t.Fatal("direct login must give a live access token and a refresh token")
	}

	reqs := mock.Requests(mockgoto.GrantDirectLogin)
	if len(reqs) != 1 {
		t.Fatalf("mock saw %d direct logins, want 1", len(reqs))
	}
	f := reqs[0].Form
	if reqs[0].Path != "/oauth/access_token" || f.Get("grant_type") != "password" || f.Get("user_id") != mockgoto.DemoUserID ||
		f.Get("password") != mockgoto.DemoPassword || f.Get("client_id") != mockgoto.DemoClientID {
		t.Fatalf("unexpected direct login to %s with fields %v", reqs[0].Path, sortedKeys(f))
	}
	if reqs[0].Header.Get("Authorization") != "" {
		t.Fatal("direct login must not send an Authorization header")
	}
}

func TestMockWrongClientSecret(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	s := demoSecrets()
	s["wrong client secret"] = "wrong-secret-0c9d8e7f6a5b"
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, s["wrong client secret"]))

	_, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0)
	e := requireError(t, err, PersonalAccessToken, s,
		"GoTo answered HTTP 401", `"invalid_client"`, "bad client credentials",
		"Check the provider's client_id and client_secret")
	if e.Status != 401 || e.Code != "invalid_client" || e.Attempts != 1 {
		t.Fatalf("status %d, code %q, attempts %d", e.Status, e.Code, e.Attempts)
	}
	if got := mock.Count(mockgoto.GrantPAT); got != 1 {
		t.Fatalf("an invalid_client answer must not be retried: %d requests", got)
	}
}

func TestMockUnknownDirectLoginClient(t *testing.T) {
	_, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, "unknown-consumer-key", ""))
	_, err := c.DirectLogin(context.Background(), mockgoto.DemoUserID, mockgoto.DemoPassword, 0)
	// GoTo's legacy host answers with the {"message"} shape.
	requireError(t, err, DirectLogin, demoSecrets(),
		"GoTo answered HTTP 401", "client not found", "Check user_id, password")
}

func TestMockWrongDirectLoginPassword(t *testing.T) {
	_, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, ""))
	s := demoSecrets()
	s["wrong password"] = "not-the-password-77aa"
	_, err := c.DirectLogin(context.Background(), mockgoto.DemoUserID, s["wrong password"], 0)
	// The legacy {"int_err_code","msg"} shape.
	requireError(t, err, DirectLogin, s,
		"GoTo answered HTTP 401", `"InvalidCredentials"`, "invalid user_id or password", "Check user_id, password")
}

func TestMockExpiredRefreshToken(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	clock := &fakeClock{now: receipt}
	mock.SetClock(clock.Now)
	refresh := mock.IssueRefreshToken(mockgoto.DemoClientID, mockgoto.DemoUserID, "collab:")
	clock.Advance(31 * 24 * time.Hour)
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	s := demoSecrets()
	s["issued refresh token"] = refresh

	_, err := c.ExchangeRefreshToken(context.Background(), refresh, 0)
	requireError(t, err, RefreshToken, s,
		"GoTo answered HTTP 400", `"invalid_grant"`, "refresh token expired",
		"Refresh tokens rotate and expire after about 30 days")

	// The seeded demo token, re-dated by SetClock, has expired as well.
	_, err = c.ExchangeRefreshToken(context.Background(), mockgoto.DemoRefreshToken, 0)
	requireError(t, err, RefreshToken, s, "HTTP 400", `"invalid_grant"`, "expired")
}

func TestMockPATGrantDisabled(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoNoPATClientID, mockgoto.DemoNoPATSecret))
	_, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0)
	requireError(t, err, PersonalAccessToken, demoSecrets(),
		"GoTo answered HTTP 400", `"unauthorized_client"`, "not enabled for this client",
		"Enable the Personal Access Token grant on the OAuth client")
	if got := mock.Count(mockgoto.GrantPAT); got != 1 {
		t.Fatalf("mock saw %d PAT requests, want 1", got)
	}
}

func TestMockUnknownPAT(t *testing.T) {
	_, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	s := demoSecrets()
	s["unknown pat"] = "unknown-pat-1234567890abcdef"
	_, err := c.ExchangePAT(context.Background(), s["unknown pat"], 0)
	requireError(t, err, PersonalAccessToken, s,
		"HTTP 400", `"invalid_grant"`, "personal access token not found", "Check the personal access token")
}

func TestMockDirectLoginRevokesEarlierTokens(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	login := func(c *Client) *Token {
		t.Helper()
		tok, err := c.DirectLogin(context.Background(), mockgoto.DemoUserID, mockgoto.DemoPassword, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	// Two processes (two caches) log in with the same application.
	first := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	second := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	one := login(first)
	if meStatus(t, srv, one.AccessToken) != 200 {
		t.Fatal("the first login's token is not live")
	}
	two := login(second)
	if got := meStatus(t, srv, one.AccessToken); got != 401 {
		t.Fatalf("the first login's token gets %d at /me after a second login, want 401", got)
	}
	if got := meStatus(t, srv, two.AccessToken); got != 200 {
		t.Fatalf("the second login's token gets %d at /me, want 200", got)
	}
	// Inside one process an identical login shares the first request, so it
	// revokes nothing.
	if again := login(second); again.AccessToken != two.AccessToken || mock.Count(mockgoto.GrantDirectLogin) != 2 {
		t.Fatalf("an identical login made a new request (%d logins at the mock)", mock.Count(mockgoto.GrantDirectLogin))
	}

	s := demoSecrets()
	s["first access token"], s["first refresh token"] = one.AccessToken, one.RefreshToken
	s["second access token"], s["second refresh token"] = two.AccessToken, two.RefreshToken
	_, err := first.ExchangeRefreshToken(context.Background(), one.RefreshToken, 0)
	requireError(t, err, RefreshToken, s,
		"GoTo answered HTTP 400", `"invalid_grant"`, "refresh token revoked",
		"A likely cause is a direct login (goto_direct_login) through the same OAuth client", "a consumer key of its own")
}

func TestMockLegacyMessageAnswer(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	mock.InjectFault(mockgoto.Fault{
		Status: 404,
		Body:   `{"message":"This endpoint is no longer valid, see https://developer.goto.com/guides/Authentication/"}`,
	})
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	_, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0)
	e := requireError(t, err, PersonalAccessToken, demoSecrets(),
		"GoTo answered HTTP 404", "This endpoint is no longer valid", "This endpoint has been retired", DefaultTokenURL)
	if e.Code != "" || mock.Count(mockgoto.CounterFaulted) != 1 {
		t.Fatalf("code %q, faulted requests %d", e.Code, mock.Count(mockgoto.CounterFaulted))
	}
}

func TestMockHTMLNotFoundPage(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	mock.InjectFault(mockgoto.Fault{
		Status:      404,
		ContentType: "text/html; charset=utf-8",
		Body:        "<!DOCTYPE html><html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
	})
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	_, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0)
	requireError(t, err, PersonalAccessToken, demoSecrets(),
		"GoTo answered HTTP 404", "a text/html body, not a JSON token response", "Check token_url: this address does not serve GoTo's token endpoint")
}

func TestMockWrongPath(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.TokenURL = srv.URL + "/oauth/v2/token"
	c := newTestClient(t, cfg)
	_, err := c.ExchangeRefreshToken(context.Background(), mockgoto.DemoRefreshToken, 0)
	requireError(t, err, RefreshToken, demoSecrets(),
		"GoTo answered HTTP 404", "a text/plain body, not a JSON token response", "Check token_url: this address does not serve GoTo's token endpoint")
	if got := mock.Count(mockgoto.CounterTotal); got != 0 {
		t.Fatalf("no request should reach the token endpoint, got %d", got)
	}
}

// GoTo's sample credentials: the client sends the raw pair in the Basic
// header, as GoTo documents, and the secret's "+" and "=" survive.
func TestMockGoToShapedClientSecret(t *testing.T) {
	const id, secret = "a2094c4f-fake-4339-934f-4da2d788d0aa", "3naO10IA2agcvG+9I9TGEQ=="
	cfg := mockgoto.DemoConfig()
	cfg.Clients = append(cfg.Clients, mockgoto.Client{ID: id, Secret: secret, PATGrant: true})
	cfg.RefreshTokens = append(cfg.RefreshTokens, mockgoto.RefreshToken{Token: "sample-refresh-token-0123456789", ClientID: id})
	mock, srv := startMock(t, cfg)
	c := newTestClient(t, mockConfig(srv, id, secret))
	if _, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ExchangeRefreshToken(context.Background(), "sample-refresh-token-0123456789", 0); err != nil {
		t.Fatal(err)
	}
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(id+":"+secret))
	for _, grant := range []string{mockgoto.GrantPAT, mockgoto.GrantRefreshToken} {
		if reqs := mock.Requests(grant); len(reqs) != 1 || reqs[0].Header.Get("Authorization") != want {
			t.Errorf("%s: the client did not send the raw pair in the Basic header", grant)
		}
	}
}
