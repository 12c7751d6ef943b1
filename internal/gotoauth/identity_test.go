package gotoauth

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func TestParseIdentityKeysExact(t *testing.T) {
	for name, body := range map[string]string{
		"strings": `{"id":"8439885694023999999","urn:scim:schemas:extension:getgo:1.0":{"accounts":[{"value":"9999982253621659654"}]}}`,
		"numbers": `{"id":8439885694023999999,"urn:scim:schemas:extension:getgo:1.0":{"accounts":[{"value":9999982253621659654}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			id, err := ParseIdentity([]byte(body))
			if err != nil {
				t.Fatal(err)
			}
			// float64 would give 8439885694024000000 and 9999982253621660000.
			if id.UserKey != "8439885694023999999" || id.AccountKey() != "9999982253621659654" {
				t.Fatalf("keys %q and %q", id.UserKey, id.AccountKey())
			}
		})
	}
}

func TestParseIdentityFull(t *testing.T) {
	body := `{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"1","userName":"u@example.com",
		"name":{"givenName":"Ada","familyName":"Lovelace"},"displayName":"Ada L","locale":"en_GB","timezone":"Europe/London",
		"emails":[{"value":"other@example.com","primary":false},{"value":"ada@example.com","primary":true}],
		"urn:scim:schemas:extension:getgo:1.0":{"accounts":[{"value":"2","display":"Main","entitlements":["g2m","acctadmin"]},{"value":"3"}]}}`
	id, err := ParseIdentity([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "ada@example.com" || id.FirstName != "Ada" || id.LastName != "Lovelace" || id.DisplayName != "Ada L" ||
		id.Locale != "en_GB" || id.TimeZone != "Europe/London" || len(id.Accounts) != 2 || id.AccountKey() != "2" ||
		id.Accounts[0].Name != "Main" || !slices.Equal(id.Accounts[0].Entitlements, []string{"g2m", "acctadmin"}) ||
		id.Accounts[1].Key != "3" || id.Accounts[1].Name != "" || id.Accounts[1].Entitlements != nil {
		t.Fatalf("%+v", id)
	}
}

func TestParseIdentityMissingFields(t *testing.T) {
	id, err := ParseIdentity([]byte(`{"userName":"u@example.com"}`))
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "u@example.com" || id.UserKey != "" || id.FirstName != "" || id.Accounts != nil || id.AccountKey() != "" {
		t.Fatalf("%+v", id)
	}
	id, err = ParseIdentity([]byte(`{"id":null,"emails":[{"value":"first@example.com"},{"value":"second@example.com"}],` +
		`"urn:scim:schemas:extension:getgo:1.0":{"accounts":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if id.Email != "first@example.com" || id.Accounts == nil || len(id.Accounts) != 0 {
		t.Fatalf("%+v", id)
	}
}

func TestParseIdentityErrors(t *testing.T) {
	for body, want := range map[string]string{
		``:                           "empty",
		`[]`:                         "not a JSON object",
		`{"id":`:                     "not valid JSON",
		`{"id":8.4e18}`:              "a key is a number with a fraction or an exponent",
		`{"id":{"x":1}}`:             "a key is an object",
		`{"id":true}`:                "a key is a boolean",
		`{"emails":"a@example.com"}`: "SCIM user record",
		`{"urn:scim:schemas:extension:getgo:1.0":{"accounts":[{"value":[1]}]}}`: "a key is a list",
	} {
		_, err := ParseIdentity([]byte(body))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want %q", body, err, want)
		}
	}
}

func TestMockIdentity(t *testing.T) {
	cfg := mockgoto.DemoConfig()
	cfg.Users[0].KeyFormat = mockgoto.KeysAsNumbers
	cfg.RateLimit = -1
	mock, srv := startMock(t, cfg)
	log := &logRecorder{}
	ccfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	ccfg.Log = log.record
	c := newTestClient(t, ccfg)
	ctx := context.Background()
	tok, err := c.ExchangePAT(ctx, mockgoto.DemoPAT, 0)
	if err != nil {
		t.Fatal(err)
	}
	s := demoSecrets()
	s["access token"] = tok.AccessToken

	// A 503 is retried, as for the exchanges.
	mock.InjectFault(mockgoto.Fault{Status: http.StatusServiceUnavailable})
	id, err := c.Identity(ctx, tok.AccessToken)
	if err != nil {
		t.Fatal(err)
	}
	if id.UserKey != mockgoto.DemoOrganizerKey || id.AccountKey() != mockgoto.DemoAccountKey || id.Email != mockgoto.DemoUserID ||
		id.FirstName != "Demo" || id.LastName != "User" || id.Locale != "en_US" || id.TimeZone != "UTC" {
		t.Fatalf("%+v", id)
	}
	requireNoLeak(t, "the log", log.text(), s)
	if !strings.Contains(log.text(), "GoTo API request") || !strings.Contains(log.text(), "method:GET") {
		t.Fatalf("log lines: %s", log.text())
	}

	// A token GoTo refuses says so and how to check.
	mock.Advance(2 * mockgoto.DefaultAccessTTL)
	_, err = c.Identity(ctx, tok.AccessToken)
	requireError(t, err, IdentityLookup, s, "HTTP 401", "InvalidToken", "GoTo refused the access token", "expired", "revoked",
		"direct login", "token_claims")

	_, err = c.Identity(ctx, "")
	if err == nil {
		t.Fatal("an empty token was accepted")
	}
}

func TestMockIdentityWrongAPIURL(t *testing.T) {
	_, srv := startMock(t, mockgoto.DemoConfig())
	cfg := mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret)
	cfg.APIURL = srv.URL + "/elsewhere"
	c := newTestClient(t, cfg)
	_, err := c.Identity(context.Background(), "some-token-value")
	requireError(t, err, IdentityLookup, secrets{"access token": "some-token-value"}, "HTTP 404", "Check api_url")
}

func TestIdentityAPIURLMustBeHTTPS(t *testing.T) {
	_, err := New(Config{APIURL: "http://api.example.com"})
	if err == nil || !strings.Contains(err.Error(), "api_url") {
		t.Fatalf("error %v", err)
	}
	_, err = New(Config{RevokeURL: "http://auth.example.com/oauth/revoke"})
	if err == nil || !strings.Contains(err.Error(), "revoke_url") {
		t.Fatalf("error %v", err)
	}
}

// A server that echoes the token in its error text gets it scrubbed, for
// the identity lookup and for revocation alike.
func TestEchoedTokenIsScrubbed(t *testing.T) {
	const token = "echoed-access-token-0123456789"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"` + token + ` (` + r.Header.Get("Authorization") + `)"}`))
	}))
	t.Cleanup(srv.Close)
	log := &logRecorder{}
	c := newTestClient(t, Config{ClientID: "id", ClientSecret: "client-secret-value", APIURL: srv.URL, RevokeURL: srv.URL + "/revoke", Log: log.record})
	s := secrets{"access token": token, "client secret": "client-secret-value"}
	_, err := c.Identity(context.Background(), token)
	requireError(t, err, IdentityLookup, s, "HTTP 400", "[redacted]")
	err = c.Revoke(context.Background(), token, AccessTokenKind)
	requireError(t, err, TokenRevocation, s, "HTTP 400", "[redacted]")
	requireNoLeak(t, "the log", log.text(), s)
}
