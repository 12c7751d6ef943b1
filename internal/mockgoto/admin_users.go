package mockgoto

import (
	"fmt"
	"net/http"
)

// handleAccountUsers serves GET /admin/rest/v1/accounts/{accountKey}/users:
// the configured users of the token's own account, keyed as /admin/rest/v1/me
// keys them. Another account's key gets 403, as for an admin of one account.
func (s *Server) handleAccountUsers(w http.ResponseWriter, r *http.Request) {
	rec, ok := s.bearer(w, r)
	if !ok {
		return
	}
	accountKey := func(u User, principal string) string {
		return fmt.Sprint(numericKey(u.AccountKey, "account:"+principal))
	}
	own := accountKey(s.userByPrincipal(rec.principal), rec.principal)
	if r.PathValue("accountKey") != own {
		legacyError(w, http.StatusForbidden, "Forbidden", "The token's user is not an admin of account "+r.PathValue("accountKey"))
		return
	}
	users := []map[string]any{}
	for _, u := range s.cfg.Users {
		p := userPrincipal(u)
		if accountKey(u, p) == own {
			users = append(users, map[string]any{
				"key":       numericKey(u.OrganizerKey, "user:"+p),
				"email":     p,
				"firstName": u.FirstName,
				"lastName":  u.LastName,
			})
		}
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": users, "total": len(users)})
}
