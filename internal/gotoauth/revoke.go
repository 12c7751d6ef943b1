package gotoauth

import (
	"context"
	"errors"
	"net/http"
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

// revocationHint names revoke_url where the token endpoint's hints name the
// token URLs.
func revocationHint(e *Error) string {
	switch {
	case e.Code == "invalid_client" || e.Code == "unauthorized_client":
		return ""
	case e.Status == http.StatusNotFound || e.Status == http.StatusMethodNotAllowed:
		return "Check revoke_url (GOTO_REVOKE_URL): this address does not serve GoTo's revocation endpoint (" + DefaultRevokeURL + ")."
	case e.Status >= 300 && e.Status < 400:
		return "Set revoke_url (GOTO_REVOKE_URL) to the final address."
	case e.Status >= 500:
		return "GoTo's revocation endpoint is failing; the token stays valid until it expires."
	case e.Status == 0:
		return "Check revoke_url (GOTO_REVOKE_URL), network access to it, proxy settings (HTTPS_PROXY, NO_PROXY) and ca_cert_pem."
	}
	return ""
}
