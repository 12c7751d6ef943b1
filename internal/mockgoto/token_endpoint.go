package mockgoto

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// tokenResponse is the current host's token response. expires_in is a number here.
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token,omitempty"`
	ExpiresIn    int64  `json:"expires_in"`
	Scope        string `json:"scope"`
	Principal    string `json:"principal"`
	OrganizerKey string `json:"organizer_key,omitempty"`
	AccountKey   string `json:"account_key,omitempty"`
}

// handleToken serves POST /oauth/token.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	s.bump(CounterTotal)
	form, ferr := parseForm(w, r, true)
	grant := form.Get("grant_type")
	creds := clientCredentials(r, form)
	fail := func(status int, code, msg string) { oauthError(w, status, code, msg) }
	if !s.admit(w, r, grant, creds.id, form, fail) {
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
	switch grant {
	case "":
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: grant_type")
	case GrantAuthorizationCode:
		s.grantAuthorizationCode(w, client, form)
	case GrantRefreshToken:
		s.grantRefreshToken(w, client, form)
	case GrantPAT:
		s.grantPAT(w, client, form)
	case GrantPassword:
		s.grantPassword(w, client, form)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type "+truncate(grant, 64)+" is not supported")
	}
}

// credentials are a request's client authentication.
type credentials struct {
	id, secret string
	// basic is set when they came in the Authorization header; then
	// decodedID and decodedSecret are the pair read as RFC 6749 2.3.1
	// form-encoded values, when that reading differs.
	basic                    bool
	decodedID, decodedSecret string
}

// clientCredentials takes the client id and secret from HTTP Basic auth, else
// from the client_id and client_secret form fields.
func clientCredentials(r *http.Request, form url.Values) credentials {
	id, secret, ok := r.BasicAuth()
	if !ok {
		return credentials{id: form.Get("client_id"), secret: form.Get("client_secret")}
	}
	// GoTo's guides build the header from the raw pair, and real secrets
	// carry "+", "/" and "=": the raw reading comes first. RFC 6749 2.3.1
	// form-encodes both parts, which is accepted too.
	c := credentials{id: id, secret: secret, basic: true}
	uid, errID := url.QueryUnescape(id)
	usecret, errSecret := url.QueryUnescape(secret)
	if errID == nil && errSecret == nil && (uid != id || usecret != secret) {
		c.decodedID, c.decodedSecret = uid, usecret
	}
	return c
}

// authenticate checks the client's credentials, writing 401 invalid_client on failure.
func (s *Server) authenticate(w http.ResponseWriter, creds credentials, form url.Values) (Client, bool) {
	deny := func(msg string) (Client, bool) {
		if creds.basic {
			w.Header().Set("WWW-Authenticate", `Basic realm="goto"`)
		}
		oauthError(w, http.StatusUnauthorized, "invalid_client", msg)
		return Client{}, false
	}
	if creds.id == "" {
		return deny("client authentication required")
	}
	c, msg := s.checkClient(creds.id, creds.secret, creds.basic, form)
	if msg != "" && creds.decodedID != "" {
		// The form-encoded reading may name a client the raw one does not.
		if decoded, m := s.checkClient(creds.decodedID, creds.decodedSecret, true, form); m == "" {
			c, msg = decoded, ""
		}
	}
	if msg != "" {
		return deny(msg)
	}
	return c, true
}

// checkClient looks a client up by id and checks its secret; msg says why
// it was refused.
func (s *Server) checkClient(id, secret string, basic bool, form url.Values) (c Client, msg string) {
	if basic && form.Get("client_id") != "" && form.Get("client_id") != id {
		return Client{}, "client_id does not match the authenticated client"
	}
	s.mu.Lock()
	c, ok := s.clients[id]
	s.mu.Unlock()
	if !ok {
		return Client{}, "client not found"
	}
	if c.Secret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
		return Client{}, "bad client credentials"
	}
	return c, ""
}

func (s *Server) grantAuthorizationCode(w http.ResponseWriter, c Client, form url.Values) {
	code := form.Get("code")
	if code == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: code")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.tokens[code]
	invalid := func(msg string) { oauthError(w, http.StatusBadRequest, "invalid_grant", msg) }
	switch {
	case !ok || rec.typ != typeCode:
		invalid("authorization code not found")
	case rec.clientID != c.ID:
		invalid("authorization code was issued to another client")
	case rec.used:
		invalid("authorization code already used")
	case !s.nowLocked().Before(rec.expiresAt):
		invalid("authorization code expired")
	case rec.redirectURI != "" && form.Get("redirect_uri") != rec.redirectURI:
		invalid("redirect_uri does not match the authorization request")
	case rec.codeChallenge != "" && !verifyPKCE(rec.codeChallenge, rec.codeChallengeMethod, form.Get("code_verifier")):
		invalid("code_verifier does not match the code_challenge")
	default:
		rec.used = true
		access, _ := s.mintLocked(typeAccess, c.ID, rec.principal, rec.scope, time.Duration(s.cfg.AccessTTL))
		refresh, _ := s.mintLocked(typeRefresh, c.ID, rec.principal, rec.scope, time.Duration(s.cfg.RefreshTTL))
		writeJSON(w, http.StatusOK, s.tokenResponse(access, refresh, rec))
	}
}

func (s *Server) grantRefreshToken(w http.ResponseWriter, c Client, form url.Values) {
	presented := form.Get("refresh_token")
	if presented == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: refresh_token")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.nowLocked()
	rec, ok := s.tokens[presented]
	invalid := func(msg string) { oauthError(w, http.StatusBadRequest, "invalid_grant", msg) }
	switch {
	case !ok || rec.typ != typeRefresh:
		invalid("refresh token not found")
		return
	case rec.revoked:
		invalid("refresh token revoked")
		return
	case !now.Before(rec.expiresAt):
		invalid("refresh token expired")
		return
	case rec.clientID != c.ID:
		invalid("refresh token was issued to another client")
		return
	}
	scope := rec.scope
	if req := form.Get("scope"); req != "" {
		if !subset(strings.Fields(req), strings.Fields(rec.scope)) {
			oauthError(w, http.StatusBadRequest, "invalid_scope", "requested scope exceeds the refresh token's scope")
			return
		}
		scope = req
	}
	// A token rotated away here is left alone: it stays valid until its own
	// expiry, so a client that lost the response can retry with the old one.
	var next string
	switch s.cfg.Rotation {
	case RotationAlways:
		next = s.rotateLocked(rec)
	case RotationNever:
		next = presented
	default:
		if now.Sub(rec.issuedAt) >= time.Duration(s.cfg.RotateAfter) {
			next = s.rotateLocked(rec)
		}
	}
	access, _ := s.mintLocked(typeAccess, c.ID, rec.principal, scope, time.Duration(s.cfg.AccessTTL))
	resp := s.tokenResponse(access, next, rec)
	resp.Scope = scope
	writeJSON(w, http.StatusOK, resp)
}

// rotateLocked issues the successor of refresh token rec.
func (s *Server) rotateLocked(rec *record) string {
	tok, next := s.mintLocked(typeRefresh, rec.clientID, rec.principal, rec.scope, time.Duration(s.cfg.RefreshTTL))
	next.organizerKey, next.accountKey = rec.organizerKey, rec.accountKey
	return tok
}

func (s *Server) grantPAT(w http.ResponseWriter, c Client, form url.Values) {
	if !c.PATGrant {
		oauthError(w, http.StatusBadRequest, "unauthorized_client",
			"the personal_access_token grant is not enabled for this client")
		return
	}
	tok := form.Get("pat")
	if tok == "" {
		oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: pat")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.pats[tok]
	switch {
	case !ok:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "personal access token not found")
		return
	case p.ClientID != "" && p.ClientID != c.ID:
		oauthError(w, http.StatusBadRequest, "invalid_grant", "personal access token belongs to another client")
		return
	case len(c.Scopes) > 0 && !subset(p.Scopes, c.Scopes):
		oauthError(w, http.StatusBadRequest, "invalid_scope",
			"personal access token scopes are not a subset of the client's scopes")
		return
	}
	scope := joinScopes(p.Scopes)
	if len(p.Scopes) == 0 {
		scope = joinScopes(c.Scopes)
	}
	access, rec := s.mintLocked(typeAccess, c.ID, principalOr(p.Principal), scope, time.Duration(s.cfg.AccessTTL))
	// GoTo returns no refresh token for a PAT: the PAT itself is the long-lived secret.
	writeJSON(w, http.StatusOK, s.tokenResponse(access, "", rec))
}

func (s *Server) grantPassword(w http.ResponseWriter, c Client, form url.Values) {
	username, password := form.Get("username"), form.Get("password")
	for _, f := range []string{"username", "password"} {
		if form.Get(f) == "" {
			oauthError(w, http.StatusBadRequest, "invalid_request", "missing parameter: "+f)
			return
		}
	}
	u, ok := s.findUser(c.ID, username, password)
	if !ok {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "invalid username or password")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	scope := joinScopes(c.Scopes)
	access, rec := s.mintLocked(typeAccess, c.ID, userPrincipal(u), scope, time.Duration(s.cfg.AccessTTL))
	refresh, rrec := s.mintLocked(typeRefresh, c.ID, userPrincipal(u), scope, time.Duration(s.cfg.RefreshTTL))
	rec.organizerKey, rec.accountKey = u.OrganizerKey, u.AccountKey
	rrec.organizerKey, rrec.accountKey = u.OrganizerKey, u.AccountKey
	writeJSON(w, http.StatusOK, s.tokenResponse(access, refresh, rec))
}

// tokenResponse builds the success body; from supplies principal, scope and account keys.
func (s *Server) tokenResponse(access, refresh string, from *record) tokenResponse {
	return tokenResponse{
		AccessToken:  access,
		TokenType:    "Bearer",
		RefreshToken: refresh,
		ExpiresIn:    int64(time.Duration(s.cfg.AccessTTL) / time.Second),
		Scope:        from.scope,
		Principal:    from.principal,
		OrganizerKey: from.organizerKey,
		AccountKey:   from.accountKey,
	}
}

// findUser matches a user by user id or email and password, honouring the
// user's client binding.
func (s *Server) findUser(clientID, login, password string) (User, bool) {
	for _, u := range s.cfg.Users {
		if u.UserID != login && !(u.Email != "" && strings.EqualFold(u.Email, login)) {
			continue
		}
		if u.ClientID != "" && u.ClientID != clientID {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(u.Password), []byte(password)) == 1 {
			return u, true
		}
	}
	return User{}, false
}

func userPrincipal(u User) string {
	if u.Email != "" {
		return u.Email
	}
	return u.UserID
}

// verifyPKCE checks an RFC 7636 code_verifier.
func verifyPKCE(challenge, method, verifier string) bool {
	if verifier == "" {
		return false
	}
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return subtle.ConstantTimeCompare([]byte(challenge), []byte(verifier)) == 1
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "..."
	}
	return s
}
