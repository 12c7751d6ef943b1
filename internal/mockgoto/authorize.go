package mockgoto

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// handleAuthorize serves GET /oauth/authorize with automatic consent: it
// redirects straight back with a code, as if the first configured user (or
// user@example.com) had logged in and approved.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	clientID := q.Get("client_id")
	if clientID == "" {
		htmlError(w, http.StatusBadRequest, "missing parameter: client_id")
		return
	}
	s.mu.Lock()
	c, ok := s.clients[clientID]
	s.mu.Unlock()
	if !ok {
		htmlError(w, http.StatusBadRequest, "unknown client_id")
		return
	}
	redirectURI := q.Get("redirect_uri")
	switch {
	case redirectURI == "" && len(c.RedirectURIs) == 0:
		htmlError(w, http.StatusBadRequest, "missing parameter: redirect_uri (the client has no default)")
		return
	case redirectURI != "" && len(c.RedirectURIs) > 0 && !slices.Contains(c.RedirectURIs, redirectURI):
		htmlError(w, http.StatusBadRequest, "redirect_uri is not registered for this client")
		return
	}
	target := redirectURI
	if target == "" {
		target = c.RedirectURIs[0]
	}
	back, err := url.Parse(target)
	if err != nil || !back.IsAbs() {
		htmlError(w, http.StatusBadRequest, "redirect_uri must be an absolute URL")
		return
	}

	// From here on errors go back to the client (RFC 6749 4.1.2.1).
	params := back.Query()
	if st := q.Get("state"); st != "" {
		params.Set("state", st)
	}
	redirect := func() {
		back.RawQuery = params.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	}
	scope := q.Get("scope")
	switch {
	case q.Get("response_type") != "code":
		params.Set("error", "unsupported_response_type")
		redirect()
		return
	case len(c.Scopes) > 0 && !subset(strings.Fields(scope), c.Scopes):
		params.Set("error", "invalid_scope")
		redirect()
		return
	}
	if scope == "" {
		scope = joinScopes(c.Scopes)
	}
	method := q.Get("code_challenge_method")
	if challenge := q.Get("code_challenge"); challenge != "" && method != "" && method != "S256" && method != "plain" {
		params.Set("error", "invalid_request")
		params.Set("error_description", "code_challenge_method must be S256 or plain")
		redirect()
		return
	}

	s.mu.Lock()
	code, rec := s.mintLocked(typeCode, clientID, s.consentingPrincipal(clientID), scope, time.Duration(s.cfg.CodeTTL))
	// An absent redirect_uri binds nothing: the exchange need not repeat it.
	rec.redirectURI = redirectURI
	rec.codeChallenge = q.Get("code_challenge")
	rec.codeChallengeMethod = method
	s.mu.Unlock()
	params.Set("code", code)
	redirect()
}

// consentingPrincipal is the first user allowed on the client, else the default.
func (s *Server) consentingPrincipal(clientID string) string {
	for _, u := range s.cfg.Users {
		if u.ClientID == "" || u.ClientID == clientID {
			return userPrincipal(u)
		}
	}
	return defaultPrincipal
}
