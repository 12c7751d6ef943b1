package mockgoto

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestConfigJSON(t *testing.T) {
	const doc = `{
	  "clients": [{"client_id": "a", "secret": "s", "patGrant": true, "scopes": ["collab:"], "redirect_uris": ["https://x/cb"]}],
	  "users": [{"user_id": "u", "password": "p", "firstName": "F", "OrganizerKey": "1"}],
	  "pats": [{"pat": "t", "scopes": ["collab:"]}],
	  "refresh_tokens": [{"token": "r", "client_id": "a", "age": "696h"}],
	  "rate_limit": -1, "retry_after": true, "rotation": "always",
	  "rotate_after": "36h", "access_ttl": "1m", "refresh_ttl": "720h", "code_ttl": "600s"
	}`
	var c Config
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	cl := c.Clients[0]
	if cl.ID != "a" || !cl.PATGrant || cl.RedirectURIs[0] != "https://x/cb" || c.Users[0].FirstName != "F" ||
		c.Users[0].OrganizerKey != "1" || c.PATs[0].Token != "t" || c.RefreshTokens[0].Age != Duration(29*24*time.Hour) {
		t.Fatalf("decoded %+v", c)
	}
	if c.RotateAfter != Duration(36*time.Hour) || c.AccessTTL != Duration(time.Minute) || c.CodeTTL != Duration(600*time.Second) ||
		c.RateLimit != -1 || !c.RetryAfter || c.Rotation != RotationAlways {
		t.Fatalf("decoded %+v", c)
	}

	out, err := json.Marshal(c)
	if err != nil || !strings.Contains(string(out), `"refresh_ttl":"720h0m0s"`) {
		t.Fatalf("marshal %s %v", out, err)
	}
	var again Config
	if err := json.Unmarshal(out, &again); err != nil || again.RotateAfter != c.RotateAfter || again.Clients[0].ID != "a" {
		t.Fatalf("round trip %+v %v", again, err)
	}
}

func TestConfigJSONErrors(t *testing.T) {
	for _, doc := range []string{
		`{"clientz": []}`,
		`{"clients": [{"id": "a", "scret": "x"}]}`,
		`{"access_ttl": "ten minutes"}`,
		`{"access_ttl": true}`,
		`{"users": [{"user_id": "a", "userId": "b"}]}`,
		`{"users": [{"user_id": "a", "accounts": [{"key": "1", "title": "x"}]}]}`,
		`{"users": [{"user_id": "a", "accounts": [{"key": 1}]}]}`,
	} {
		var c Config
		if err := json.Unmarshal([]byte(doc), &c); err == nil {
			t.Errorf("%s: no error", doc)
		}
	}
}

func TestValidate(t *testing.T) {
	bad := Config{
		Rotation:  "sometimes",
		AccessTTL: -1,
		Clients:   []Client{{ID: "a"}, {ID: "a"}, {}},
		Users: []User{{}, {UserID: "u", ClientID: "zz"},
			{UserID: "k", KeyFormat: "hex", Accounts: []Account{{Key: "12a"}}}},
		PATs:          []PAT{{}, {Token: "p", ClientID: "zz"}, {Token: "p"}},
		RefreshTokens: []RefreshToken{{}, {Token: "r", ClientID: "zz", Age: -1}},
	}
	err := bad.Validate()
	if err == nil {
		t.Fatal("no error")
	}
	for _, want := range []string{"rotation", "access_ttl", "duplicate id", "clients[2]", "users[0]", "users[1]", "users[2]: key_format", "users[2].accounts[0]: key",
		"pats[0]", "pats[1]", "pats[2]", "refresh_tokens[0]", "refresh_tokens[1]: unknown", "age"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("missing %q in %v", want, err)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("New accepted an invalid config")
		}
	}()
	New(bad)
}

// Durations take the provider's syntax, Go's: no days, no bare numbers.
func TestDurationSyntax(t *testing.T) {
	for in, want := range map[string]time.Duration{`"720h"`: 720 * time.Hour, `"1h30m"`: 90 * time.Minute, `"90s"`: 90 * time.Second, `"250ms"`: 250 * time.Millisecond} {
		var d Duration
		if err := json.Unmarshal([]byte(in), &d); err != nil || time.Duration(d) != want {
			t.Errorf("%s: %v %v", in, d, err)
		}
	}
	for _, in := range []string{`"30d"`, `"1d12h"`, `60`, `"60"`, `"ten minutes"`} {
		var d Duration
		err := json.Unmarshal([]byte(in), &d)
		if err == nil || !strings.Contains(err.Error(), `"720h"`) {
			t.Errorf("%s: %v, want an error that shows the syntax", in, err)
		}
	}
}
func TestConfigJSONAccounts(t *testing.T) {
	var c Config
	doc := `{"users": [{"user_id": "a", "key_format": "number", "accounts": [{"value": "8439885694023999999", "display": "Main", "entitlements": ["g2m"]}]}]}`
	if err := json.Unmarshal([]byte(doc), &c); err != nil {
		t.Fatal(err)
	}
	u := c.Users[0]
	if u.KeyFormat != KeysAsNumbers || len(u.Accounts) != 1 || u.Accounts[0].Key != "8439885694023999999" || u.Accounts[0].Name != "Main" ||
		len(u.Accounts[0].Entitlements) != 1 {
		t.Fatalf("%+v", u)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}
