package mockgoto

import (
	"net/http"
	"strconv"
	"time"
)

// directLoginResponse is the legacy GoToAssist Corporate direct-login body:
// expires_in is a STRING and there is no token_type.
type directLoginResponse struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    string `json:"expires_in"`
	RefreshToken string `json:"refresh_token"`
	OrganizerKey string `json:"organizer_key"`
	AccountKey   string `json:"account_key"`
	AccountType  string `json:"account_type"`
	FirstName    string `json:"firstName"`
	LastName     string `json:"lastName"`
	Email        string `json:"email"`
	Platform     string `json:"platform"`
	Version      string `json:"version"`
}

// legacyError is the old API's error shape.
func legacyError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]string{"int_err_code": code, "msg": msg})
}

// handleDirectLogin serves GET|POST /oauth/access_token:
// grant_type=password&user_id&password&client_id, with no client secret.
func (s *Server) handleDirectLogin(w http.ResponseWriter, r *http.Request) {
	s.bump(CounterTotal)
	form, ferr := parseForm(w, r, false)
	clientID := form.Get("client_id")
	fail := func(status int, code, msg string) { oauthError(w, status, code, msg) }
	if !s.admit(w, r, GrantDirectLogin, clientID, form, fail) {
		return
	}
	if ferr != nil {
		legacyError(w, ferr.status, "InvalidRequest", ferr.msg)
		return
	}
	for _, f := range []string{"grant_type", "user_id", "password", "client_id"} {
		if form.Get(f) == "" {
			legacyError(w, http.StatusBadRequest, "InvalidRequest", "missing parameter: "+f)
			return
		}
	}
	if g := form.Get("grant_type"); g != "password" {
		legacyError(w, http.StatusBadRequest, "InvalidGrantType", "grant_type "+truncate(g, 64)+" is not supported; use password")
		return
	}
	s.mu.Lock()
	_, known := s.clients[clientID]
	s.mu.Unlock()
	if !known {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "invalid client_id: client not found"})
		return
	}
	u, ok := s.findUser(clientID, form.Get("user_id"), form.Get("password"))
	if !ok {
		legacyError(w, http.StatusUnauthorized, "InvalidCredentials", "invalid user_id or password")
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	// Every direct login revokes the application's other tokens (GoTo's documented behaviour).
	s.revokeClientTokensLocked(clientID)
	scope := joinScopes(s.clients[clientID].Scopes)
	access, rec := s.mintLocked(typeAccess, clientID, userPrincipal(u), scope, time.Duration(s.cfg.AccessTTL))
	refresh, rrec := s.mintLocked(typeRefresh, clientID, userPrincipal(u), scope, time.Duration(s.cfg.RefreshTTL))
	rec.organizerKey, rec.accountKey = u.OrganizerKey, u.AccountKey
	rrec.organizerKey, rrec.accountKey = u.OrganizerKey, u.AccountKey
	writeJSON(w, http.StatusOK, directLoginResponse{
		AccessToken:  access,
		ExpiresIn:    strconv.FormatInt(int64(time.Duration(s.cfg.AccessTTL)/time.Second), 10),
		RefreshToken: refresh,
		OrganizerKey: u.OrganizerKey,
		AccountKey:   u.AccountKey,
		AccountType:  u.AccountType,
		FirstName:    u.FirstName,
		LastName:     u.LastName,
		Email:        userPrincipal(u),
		Platform:     "GLOBAL",
		Version:      "2",
	})
}
