package mockgoto

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"
)

// bearer returns the live access token record for the request, or writes 401.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request) (*record, bool) {
	h := r.Header.Get("Authorization")
	scheme, tok, _ := strings.Cut(h, " ")
	tok = strings.TrimSpace(tok)
	if strings.EqualFold(scheme, "Bearer") && tok != "" {
		s.mu.Lock()
		rec, ok := s.tokens[tok]
		live := ok && rec.typ == typeAccess && rec.live(s.nowLocked())
		var cp record
		if live {
			cp = *rec
		}
		s.mu.Unlock()
		if live {
			return &cp, true
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="goto", error="invalid_token"`)
	legacyError(w, http.StatusUnauthorized, "InvalidToken", "Invalid token passed")
	return nil, false
}

// userByPrincipal finds the configured user behind a token, if any.
func (s *Server) userByPrincipal(p string) User {
	for _, u := range s.cfg.Users {
		if strings.EqualFold(userPrincipal(u), p) {
			return u
		}
	}
	return User{}
}

// numericKey is a stable GoTo-style numeric key: the configured one when it is
// numeric, else derived from seed. Keys can exceed int64 (DemoAccountKey
// does), hence uint64.
func numericKey(configured, seed string) uint64 {
	if n, err := strconv.ParseUint(configured, 10, 64); err == nil {
		return n
	}
	h := fnv.New64a()
	_, _ = h.Write([]byte(seed))
	return h.Sum64() >> 2
}

// identity is what the who-am-i endpoints say about a token's user.
type identity struct {
	userKey  string
	accounts []Account
	format   string
}

func (s *Server) identityOf(rec *record) identity {
	u := s.userByPrincipal(rec.principal)
	id := identity{userKey: fmt.Sprint(numericKey(u.OrganizerKey, "user:"+rec.principal)), accounts: u.Accounts, format: u.KeyFormat}
	if len(id.accounts) == 0 {
		id.accounts = []Account{{
			Key:          fmt.Sprint(numericKey(u.AccountKey, "account:"+rec.principal)),
			Name:         "Account of " + rec.principal,
			Entitlements: []string{"acctadmin", "g2m", "gotoconnect"},
		}}
	}
	return id
}

// key writes a decimal key as a JSON string or, in numbers, as a bare JSON
// number with every digit (never through float64).
func (id identity) key(k string, numbers bool) any {
	switch id.format {
	case KeysAsStrings:
		numbers = false
	case KeysAsNumbers:
		numbers = true
	}
	if numbers {
		return json.Number(k)
	}
	return k
}

// handleAdminMe serves GET /admin/rest/v1/me; keys are numbers unless the
// user's key_format says otherwise.
func (s *Server) handleAdminMe(w http.ResponseWriter, r *http.Request) {
	s.bump(CounterMe)
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	u := s.userByPrincipal(rec.principal)
	id := s.identityOf(rec)
	accounts := make([]map[string]any, 0, len(id.accounts))
	for _, a := range id.accounts {
		accounts = append(accounts, map[string]any{"key": id.key(a.Key, true), "name": a.Name})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"key":        id.key(id.userKey, true),
		"accountKey": id.key(id.accounts[0].Key, true),
		"accounts":   accounts,
		"email":      rec.principal,
		"firstName":  u.FirstName,
		"lastName":   u.LastName,
		"locale":     "en_US",
		"timeZone":   "UTC",
		"adminRoles": []string{"SUPER_USER"},
	})
}

// handleIdentityMe serves GET /identity/v1/Users/me: a SCIM record with the
// getgo extension's accounts; keys are strings unless the user's key_format
// says otherwise.
func (s *Server) handleIdentityMe(w http.ResponseWriter, r *http.Request) {
	s.bump(CounterMe)
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	u := s.userByPrincipal(rec.principal)
	id := s.identityOf(rec)
	display := strings.TrimSpace(u.FirstName + " " + u.LastName)
	if display == "" {
		display = rec.principal
	}
	accounts := make([]map[string]any, 0, len(id.accounts))
	for _, a := range id.accounts {
		accounts = append(accounts, map[string]any{"value": id.key(a.Key, false), "display": a.Name, "entitlements": a.Entitlements})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"schemas":                              []string{"urn:ietf:params:scim:schemas:core:2.0:User", "urn:scim:schemas:extension:getgo:1.0"},
		"id":                                   id.key(id.userKey, false),
		"userName":                             rec.principal,
		"displayName":                          display,
		"name":                                 map[string]string{"givenName": u.FirstName, "familyName": u.LastName},
		"emails":                               []map[string]any{{"value": rec.principal, "type": "work", "primary": true}},
		"locale":                               "en_US",
		"timezone":                             "UTC",
		"active":                               true,
		"meta":                                 map[string]string{"resourceType": "User"},
		"urn:scim:schemas:extension:getgo:1.0": map[string]any{"accounts": accounts},
	})
}
