package mockgoto

import (
	"net/http"
	"slices"
)

// handleAccountUsers serves GET /admin/rest/v1/accounts/{accountKey}/users:
// the configured users of one of the token's accounts, keyed as
// /admin/rest/v1/me keys them. Any other account gets 403, as for an admin of
// other accounts only.
func (s *Server) handleAccountUsers(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	account := r.PathValue("accountKey")
	inAccount := func(id identity) bool {
		return slices.ContainsFunc(id.accounts, func(a Account) bool { return a.Key == account })
	}
	if !inAccount(s.identityOf(rec)) {
		legacyError(w, http.StatusForbidden, "Forbidden", "The token's user is not an admin of account "+account)
		return
	}
	users := []map[string]any{}
	for _, u := range s.cfg.Users {
		p := userPrincipal(u)
		if id := s.identityOf(&record{principal: p}); inAccount(id) {
			users = append(users, map[string]any{
				"key":       id.key(id.userKey, true),
				"email":     p,
				"firstName": u.FirstName,
				"lastName":  u.LastName,
			})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": users, "total": len(users)})
}
