package mockgoto

import (
	"net/http"
	"testing"
)

func TestAccountUsers(t *testing.T) {
	cfg := testConfig()
	cfg.Users = append(cfg.Users,
		// Bob belongs to two accounts, one of them alice's.
		User{UserID: "bob", Email: "bob@example.com", FirstName: "Bob", OrganizerKey: "333", Accounts: []Account{{Key: "777"}, {Key: "222"}}},
		User{UserID: "eve", Email: "eve@example.com", FirstName: "Eve", OrganizerKey: "444", AccountKey: "555"},
	)
	_, ts, _ := start(t, cfg)
	pat := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")

	r := get(t, ts.URL+"/admin/rest/v1/accounts/222/users", pat)
	wantStatus(t, r, http.StatusOK)
	results, _ := r.JSON["results"].([]any)
	var emails []any
	for _, u := range results {
		emails = append(emails, u.(map[string]any)["email"])
	}
	if len(emails) != 2 || emails[0] != "alice@example.com" || emails[1] != "bob@example.com" || r.JSON["total"] != float64(2) {
		t.Fatalf("account 222 users: %s", r.Raw)
	}
	if key := results[1].(map[string]any)["key"]; key != float64(333) {
		t.Errorf("bob's key = %v, want 333", key)
	}

	// Neither eve's account nor bob's other one is alice's.
	for _, other := range []string{"555", "777"} {
		if r := get(t, ts.URL+"/admin/rest/v1/accounts/"+other+"/users", pat); r.Status != http.StatusForbidden {
			t.Errorf("account %s: %d %s", other, r.Status, r.Raw)
		}
	}
	if r := get(t, ts.URL+"/admin/rest/v1/accounts/222/users", "nope"); r.Status != http.StatusUnauthorized {
		t.Errorf("unknown token: %d %s", r.Status, r.Raw)
	}
}
