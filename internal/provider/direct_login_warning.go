package provider

import (
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// directLoginWatch remembers, per client id, which kinds of blocks exchanged
// tokens in this provider process. GoTo revokes all of an application's
// other tokens on every direct login, so a direct login beside any other
// exchange through the same client id gets a warning, whichever came first:
// the later one carries it, being the one whose diagnostics can still be
// shown.
type directLoginWatch struct {
	mu    sync.Mutex
	kinds map[string][]string // client id -> block kinds seen
}

func newDirectLoginWatch() *directLoginWatch {
	return &directLoginWatch{kinds: map[string][]string{}}
}

// blockKind names a block as configurations write it: `data "goto_pat_exchange"`.
func blockKind(keyword, typeName string) string {
	return keyword + ` "` + typeName + `"`
}

// isDirectLogin reports whether a block kind is a direct login.
func isDirectLogin(kind string) bool {
	return strings.HasSuffix(kind, `"goto_direct_login"`)
}

// record notes that a block of kind exchanged through clientID, and warns
// when that newly puts a direct login beside another exchange.
func (w *directLoginWatch) record(clientID, kind string) diag.Diagnostics {
	if w == nil || clientID == "" {
		return nil
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	seen := w.kinds[clientID]
	if slices.Contains(seen, kind) {
		return nil
	}
	seen = append(seen, kind)
	w.kinds[clientID] = seen
	var logins, others []string
	for _, k := range seen {
		if isDirectLogin(k) {
			logins = append(logins, k)
		} else {
			others = append(others, k)
		}
	}
	if len(logins) == 0 || len(others) == 0 {
		return nil
	}
	var diags diag.Diagnostics
	diags.AddWarning("Direct Login Revokes Other Tokens of This Client",
		"This provider configuration performed a direct login ("+strings.Join(logins, ", ")+") and other token exchanges ("+
			strings.Join(others, ", ")+") through the same client_id. GoTo revokes all of an application's other tokens on every "+
			"direct login, so tokens from those exchanges can stop working (HTTP 401) and their refresh tokens fail as revoked. "+
			"Give goto_direct_login a provider block of its own (an alias) whose client_id is a separate consumer key: an alias "+
			"without client_id takes GOTO_CLIENT_ID, the same client.")
	return diags
}
