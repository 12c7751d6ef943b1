package provider

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// goto_identity's tests run against both twins: these call the scenarios
// below with the ephemeral twin, data_source_identity_test.go with the data
// source twin.

func TestAccEphemeralIdentity_tokenArgument(t *testing.T) {
	testIdentityTokenArgument(t, ephemeralTwin)
}

func TestAccEphemeralIdentity_providerToken(t *testing.T) {
	testIdentityProviderToken(t, ephemeralTwin)
}

func TestAccEphemeralIdentity_refusedToken(t *testing.T) { testIdentityRefusedToken(t, ephemeralTwin) }

// With no token anywhere, the lookup fails before any request and points at
// the argument, which takes an ephemeral token here.
func TestAccEphemeralIdentity_missingToken(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	expectFailure(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + ephemeralTwin.config(identityType),
		}},
	}, nil, `Missing Access Token`, `set its access_token argument \(for example to ephemeral.goto_pat_exchange.x.access_token\)`,
		`GOTO_ACCESS_TOKEN`)
	if n := mock.Count(mockgoto.CounterTotal) + mock.Count(mockgoto.CounterMe); n != 0 {
		t.Errorf("the mock saw %d requests", n)
	}
}

const identityType = "goto_identity"

// Keys beyond float64's exact range: a float would end them in ...4000000
// and ...1660000.
const (
	exactUserKey     = "8439885694023999999"
	exactAccountKey  = "9999982253621659654"
	secondAccountKey = "1234567890123456789"
)

// identityUser gives the demo user exact keys, two accounts and keys sent
// in format (mockgoto.KeysAsNumbers or KeysAsStrings).
func identityUser(format string) func(*mockgoto.Config) {
	return func(c *mockgoto.Config) {
		u := &c.Users[0]
		u.OrganizerKey, u.KeyFormat = exactUserKey, format
		u.Accounts = []mockgoto.Account{
			{Key: exactAccountKey, Name: "Main account", Entitlements: []string{"acctadmin", "g2m"}},
			{Key: secondAccountKey, Name: "Second account"},
		}
	}
}

// expectIdentity checks every result for the demo user set up by identityUser.
func expectIdentity(r result) []statecheck.StateCheck {
	return []statecheck.StateCheck{
		r.expect("user_key", knownvalue.StringExact(exactUserKey)),
		r.expect("organizer_key", knownvalue.StringExact(exactUserKey)),
		r.expect("account_key", knownvalue.StringExact(exactAccountKey)),
		r.expect("email", knownvalue.StringExact(mockgoto.DemoUserID)),
		r.expect("first_name", knownvalue.StringExact("Demo")),
		r.expect("last_name", knownvalue.StringExact("User")),
		r.expect("display_name", knownvalue.StringExact("Demo User")),
		r.expect("locale", knownvalue.StringExact("en_US")),
		r.expect("time_zone", knownvalue.StringExact("UTC")),
		r.expect("accounts", knownvalue.ListExact([]knownvalue.Check{
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":  knownvalue.StringExact(exactAccountKey),
				"name": knownvalue.StringExact("Main account"),
				"entitlements": knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("acctadmin"), knownvalue.StringExact("g2m"),
				}),
			}),
			knownvalue.ObjectExact(map[string]knownvalue.Check{
				"key":          knownvalue.StringExact(secondAccountKey),
				"name":         knownvalue.StringExact("Second account"),
				"entitlements": knownvalue.Null(),
			}),
		})),
	}
}

// testIdentityTokenArgument looks up the token of a PAT exchange of the same
// kind, passed as the access_token argument; the mock sends keys as bare
// JSON numbers, which must arrive digit for digit.
func testIdentityTokenArgument(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL := startMock(t, identityUser(mockgoto.KeysAsNumbers))
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	r := w.result(identityType, "")
	checks := append(expectIdentity(r), requestCount(mock, mockgoto.GrantPAT, w.reads.apply, "apply"),
		requestCount(mock, mockgoto.CounterMe, w.reads.apply, "apply"))
	if w.kind == "data" {
		// A data source stores its arguments: the token is there, marked sensitive.
		checks = append(checks, statecheck.ExpectSensitiveValue(r.address, r.path("access_token")))
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + hclBlock(w.kind, patType, "x") +
				w.config(identityType, fmt.Sprintf("access_token = %s.%s.x.access_token", w.prefix(), patType)),
			ConfigStateChecks: checks,
		}},
	})
}

// testIdentityProviderToken looks up the provider's access_token (here from
// GOTO_ACCESS_TOKEN); the mock sends keys as strings. Nothing about the
// token reaches the state, not even for the data source.
func testIdentityProviderToken(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL := startMock(t, identityUser(mockgoto.KeysAsStrings))
	token := mock.IssueAccessToken(mockgoto.DemoClientID, mockgoto.DemoUserID, "identity:scim.me")
	t.Setenv("GOTO_ACCESS_TOKEN", token)
	r := w.result(identityType, "")
	secrets := func() map[string]string { return map[string]string{"provider access token": token} }
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + w.config(identityType),
			ConfigStateChecks: append(expectIdentity(r),
				r.expect("access_token", knownvalue.Null()),
				noSecretsInState(secrets),
				requestCount(mock, mockgoto.GrantPAT, 0, "the run"),
				requestCount(mock, mockgoto.CounterMe, w.reads.apply, "apply"),
			),
		}},
	})
}

// testIdentityRefusedToken: a token GoTo refuses (here revoked) fails with
// the reasons a token is refused and how to check it, and no secret.
func testIdentityRefusedToken(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	token := mock.IssueAccessToken(mockgoto.DemoClientID, mockgoto.DemoUserID, "identity:scim.me")
	// A direct login through the same client revokes the client's other tokens.
	resp, err := http.PostForm(baseURL+"/oauth/access_token", url.Values{"grant_type": {"password"},
		"user_id": {mockgoto.DemoUserID}, "password": {mockgoto.DemoPassword}, "client_id": {mockgoto.DemoClientID}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || meStatusCode(t, baseURL, token) != http.StatusUnauthorized {
		t.Fatalf("the direct login answered %d and did not revoke the token", resp.StatusCode)
	}
	t.Setenv("GOTO_ACCESS_TOKEN", token)
	expectFailure(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + w.config(identityType),
		}},
	}, map[string]string{"access token": token},
		`Identity Lookup Failed`, `HTTP 401`, `GoTo refused the access token`, `direct login`, `revoke_on_close`,
		`identity:scim.me`, `provider::goto::token_claims`)
}

// prefix is how an expression names a block of the twin's kind.
func (w twin) prefix() string { return w.kind }

// meStatusCode is the status the mock's /identity/v1/Users/me answers for a token.
func meStatusCode(t *testing.T, baseURL, token string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+"/identity/v1/Users/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
