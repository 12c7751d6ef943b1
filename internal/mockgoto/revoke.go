package mockgoto

import (
	"net/http"
)

// Revocations is the name under which Count, Forms and Requests keep
// requests to POST /oauth/revoke.
const Revocations = "revocation"

// handleRevoke serves POST /oauth/revoke as RFC 7009 describes: the client
// authenticates as at the token endpoint, and the answer is 200 whether or
// not the token was known. A revoked access token then gets 401 from the
// who-am-i endpoints, a revoked refresh token invalid_grant. Injected faults
// and the rate limit apply as at the token endpoint.
func (s *Server) handleRevoke(w http.ResponseWriter, r *http.Request) {
	s.bump(CounterTotal)
	form, ferr := parseForm(w, r, true)
	creds := clientCredentials(r, form)
	fail := func(status int, code, msg string) { oauthError(w, status, code, msg) }
	if !s.admit(w, r, Revocations, creds.id, form, fail) {
		return
	}
	if ferr != nil {
		oauthError(w, ferr.status, "invalid_request", ferr.msg)
		return
	}
	client, ok := s.authenticate(w, creds, form)
	if !ok {
		return
	}
	tok := form.Get("token")
	if tok == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: token")
		return
	}
	switch form.Get("token_type_hint") {
	case "", "access_token", "refresh_token":
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_token_type", "token_type_hint must be access_token or refresh_token")
		return
	}
	s.mu.Lock()
	// A token of another client is left alone, and the answer does not
	// tell which tokens exist.
	if rec, ok := s.tokens[tok]; ok && rec.clientID == client.ID && (rec.typ == typeAccess || rec.typ == typeRefresh) {
		rec.revoked = true
	}
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}
