package gotoauth

import (
	"errors"
	"net/url"
	"strings"
)

// DefaultAuthorizeURL is GoTo's authorize endpoint.
const DefaultAuthorizeURL = "https://authentication.logmeininc.com/oauth/authorize"

// AuthorizeURLFor derives the authorize endpoint that sits beside a token
// endpoint (…/oauth/token -> …/oauth/authorize), so a configured token_url,
// such as a mock server's, also moves the sign-in page.
func AuthorizeURLFor(tokenURL string) string {
	if tokenURL == "" {
		return DefaultAuthorizeURL
	}
	u, err := url.Parse(tokenURL)
	if err != nil || !strings.HasSuffix(u.Path, "/token") {
		return DefaultAuthorizeURL
	}
	u.Path = strings.TrimSuffix(u.Path, "/token") + "/authorize"
	u.RawQuery = ""
	return u.String()
}

// AuthorizationURL builds the URL a user opens to sign in and consent; GoTo
// then redirects to redirectURI with a single-use code. Empty scope and
// state are left out.
func AuthorizationURL(authorizeURL, clientID, redirectURI, scope, state string) (string, error) {
	if clientID == "" {
		return "", errors.New("client_id must not be empty")
	}
	u, err := url.Parse(authorizeURL)
	if err != nil {
		return "", err
	}
	if redirectURI != "" {
		r, err := url.Parse(redirectURI)
		if err != nil || r.Scheme == "" || r.Host == "" {
			return "", errors.New("redirect_uri must be an absolute URL, the one registered on the OAuth client")
		}
	}
	q := url.Values{"client_id": {clientID}, "response_type": {"code"}}
	if redirectURI != "" {
		q.Set("redirect_uri", redirectURI)
	}
	if scope != "" {
		q.Set("scope", scope)
	}
	if state != "" {
		q.Set("state", state)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}
