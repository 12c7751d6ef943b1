package gotoauth

import (
	"context"
	"errors"
	"net/url"
)

// TokenKind is the token_type_hint of a revocation (RFC 7009).
type TokenKind string

const (
	AccessTokenKind  TokenKind = "access_token"
	RefreshTokenKind TokenKind = "refresh_token"
)

// Revoke asks GoTo to revoke token (RFC 7009), authenticating as the OAuth
// client does at the token endpoint. GoTo answers 200 whether or not it knew
// the token. The token leaves the cache either way: once revocation was
// asked for, it is not handed out again.
func (c *Client) Revoke(ctx context.Context, token string, kind TokenKind) error {
	if token == "" {
		return errors.New("no token was given")
	}
	c.cfg.Cache.forget(token)
	form := url.Values{"token": {token}, "token_type_hint": {string(kind)}}
	// A public client (direct login's consumer key) has no secret and names
	// itself in the form instead.
	basic := c.cfg.ClientSecret != ""
	if !basic {
		form.Set("client_id", c.cfg.ClientID)
	}
	_, err := c.send(ctx, request{
		exchange:  TokenRevocation,
		endpoint:  c.cfg.RevokeURL,
		form:      form,
		basicAuth: basic,
		secrets:   []string{token},
		accept:    func([]byte) error { return nil },
		hint:      revocationHint,
	})
	return err
}

// revocationHint adds what a failed revocation means; the other hints name
// revoke_url through the exchange's setting.
func revocationHint(e *Error) string {
	if e.Status >= 500 {
		return "GoTo's revocation endpoint is failing; the token stays valid until it expires."
	}
	return ""
}
