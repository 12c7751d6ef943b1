package gotoauth

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func TestMockRevoke(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	ctx := context.Background()
	tok, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Revoke(ctx, tok.AccessToken, AccessTokenKind); err != nil {
		t.Fatal(err)
	}
	if got := meStatus(t, srv, tok.AccessToken); got != http.StatusUnauthorized {
		t.Fatalf("a revoked token gets %d at /me", got)
	}
	req := mock.Requests(mockgoto.Revocations)[0]
	if req.Form.Get("token") != tok.AccessToken || req.Form.Get("token_type_hint") != "access_token" {
		t.Fatalf("revocation form %v", req.Form)
	}
	if id, secret, ok := (&http.Request{Header: req.Header}).BasicAuth(); !ok || id != mockgoto.DemoClientID || secret != mockgoto.DemoClientSecret {
		t.Fatal("the revocation did not authenticate the client with HTTP Basic")
	}
	// The revoked token left the cache: the next exchange makes a new one.
	again, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil || again.AccessToken == tok.AccessToken || mock.Count(mockgoto.GrantPAT) != 2 {
		t.Fatalf("the revoked token was handed out again (%v)", err)
	}

	if err := c.Revoke(ctx, mockgoto.DemoRefreshToken, RefreshTokenKind); err != nil {
		t.Fatal(err)
	}
	_, err = c.ExchangeRefreshToken(ctx, mockgoto.DemoRefreshToken, 0)
	requireError(t, err, RefreshToken, demoSecrets(), "invalid_grant")
}

func TestMockRevokeFailure(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	s := demoSecrets()
	s["access token"] = "some-access-token-value"

	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.RevokeURL = srv.URL + "/nowhere"
	err := newTestClient(t, cfg).Revoke(context.Background(), s["access token"], AccessTokenKind)
	requireError(t, err, TokenRevocation, s, "HTTP 404", "Check revoke_url")

	// 5xx is retried like any request, then reported.
	mock.InjectFault(mockgoto.Fault{Status: http.StatusServiceUnavailable, Count: 3})
	cfg = mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.MaxRetries = intp(2)
	err = newTestClient(t, cfg).Revoke(context.Background(), s["access token"], AccessTokenKind)
	requireError(t, err, TokenRevocation, s, "HTTP 503", "after 3 attempts", "stays valid until it expires")

	cfg = mockConfig(srv, mockgoto.DemoClientID, "wrong-secret")
	s["wrong client secret"] = "wrong-secret"
	err = newTestClient(t, cfg).Revoke(context.Background(), s["access token"], AccessTokenKind)
	requireError(t, err, TokenRevocation, s, "HTTP 401", "invalid_client", "client_secret")
}

func TestLeasesRevokeOnceAfterLastRelease(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)).Revocable()
	ctx := context.Background()

	var wg sync.WaitGroup
	tokens := make([]*Token, 3)
	for i := range tokens {
		wg.Go(func() {
			tok, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
			if err != nil || !c.Hold(tok) {
				t.Errorf("exchange %d: %v", i, err)
				return
			}
			tokens[i] = tok
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if mock.Count(mockgoto.GrantPAT) != 1 || tokens[0].AccessToken != tokens[2].AccessToken {
		t.Fatalf("identical exchanges made %d requests", mock.Count(mockgoto.GrantPAT))
	}
	shared := tokens[0].AccessToken
	for i := range 2 {
		if last, err := c.Release(ctx, shared); last || err != nil {
			t.Fatalf("release %d: last %v, %v", i, last, err)
		}
		if mock.Count(mockgoto.Revocations) != 0 || meStatus(t, srv, shared) != http.StatusOK {
			t.Fatal("the token was revoked while others held it")
		}
	}
	if last, err := c.Release(ctx, shared); !last || err != nil {
		t.Fatalf("last release: %v, %v", last, err)
	}
	if mock.Count(mockgoto.Revocations) != 1 || meStatus(t, srv, shared) != http.StatusUnauthorized {
		t.Fatal("the last release did not revoke the token")
	}
	// A holder that took the token from the cache just before it was
	// revoked is refused, and the next exchange gets a new token.
	if c.Hold(tokens[0]) {
		t.Fatal("a revoked token could be held")
	}
	next, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil || next.AccessToken == shared || !c.Hold(next) {
		t.Fatalf("no new token after revocation: %v", err)
	}
}

func TestRevocableExchangesShareOnlyWithEachOther(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))
	ctx := context.Background()
	plain, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil {
		t.Fatal(err)
	}
	revocable, err := c.Revocable().ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil {
		t.Fatal(err)
	}
	if plain.AccessToken == revocable.AccessToken || mock.Count(mockgoto.GrantPAT) != 2 {
		t.Fatal("a revocable exchange shared a token with a plain one")
	}
}
