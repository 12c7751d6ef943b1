package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The direct login's tests run against both twins: these test functions
// call the scenarios below with the ephemeral twin, and
// data_source_direct_login_test.go calls them with the data source twin.

func TestAccEphemeralDirectLogin(t *testing.T) { testDirectLogin(t, ephemeralTwin) }

// Identical logins sharing one request matters doubly here, as GoTo revokes
// an application's other tokens on every login.
func TestAccEphemeralDirectLogin_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, ephemeralTwin, directLoginInput)
}

func TestAccEphemeralDirectLogin_failures(t *testing.T) { testDirectLoginFailures(t, ephemeralTwin) }

const directLoginType = "goto_direct_login"

// directLoginUser is the demo user's user_id argument.
var directLoginUser = "user_id = " + `"` + mockgoto.DemoUserID + `"`

// directLoginInput is the demo user's login with the password in
// GOTO_PASSWORD; direct login sends no client secret.
var directLoginInput = exchangeInput{typ: directLoginType, grant: mockgoto.GrantDirectLogin,
	env: map[string]string{"GOTO_PASSWORD": mockgoto.DemoPassword}, args: []string{directLoginUser}}

// testDirectLogin checks every result of a direct login with the password in
// GOTO_PASSWORD. No client secret is configured: direct login sends the
// client id (the consumer key) only.
func testDirectLogin(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL, log := startRecordingMock(t)
	t.Setenv("GOTO_PASSWORD", mockgoto.DemoPassword)
	r := w.result(directLoginType, "")
	planChecks, afterApply := perCommandRequests(w, mock, mockgoto.GrantDirectLogin, 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:           gotoProviderBlock(mockSettings(baseURL)) + w.config(directLoginType, directLoginUser),
			ConfigPlanChecks: planChecks,
			// The legacy answer has no token_type, which means Bearer, and
			// sends expires_in as a string.
			ConfigStateChecks: append(expectToken(r, log, 3600),
				afterApply,
				// The legacy answer reports no scope.
				r.expect("scope", knownvalue.Null()),
				r.expect("scopes", knownvalue.ListSizeExact(0)),
				r.expect("principal", knownvalue.StringExact(mockgoto.DemoUserID)),
				r.expect("user_id", knownvalue.StringExact(mockgoto.DemoUserID)),
				r.expect("password", knownvalue.Null()),
				r.expect("refresh_token", knownvalue.StringRegexp(jwtShaped)),
				r.expect("organizer_key", knownvalue.StringExact(mockgoto.DemoOrganizerKey)),
				r.expect("account_key", knownvalue.StringExact(mockgoto.DemoAccountKey)),
				r.expect("account_type", knownvalue.StringExact("corporate")),
				r.expect("first_name", knownvalue.StringExact("Demo")),
				r.expect("last_name", knownvalue.StringExact("User")),
				r.expect("email", knownvalue.StringExact(mockgoto.DemoUserID)),
				r.expect("platform", knownvalue.StringExact("GLOBAL")),
				r.expect("version", knownvalue.StringExact("2")),
				expectSent(mock, mockgoto.GrantDirectLogin, map[string]string{
					"grant_type": "password", "user_id": mockgoto.DemoUserID, "password": mockgoto.DemoPassword,
					"client_id": mockgoto.DemoClientID, "client_secret": "",
				}, "", ""),
			),
		}},
	})
}

// testDirectLoginFailures checks that each way a direct login fails is
// reported with what went wrong and what to do, and without the password.
func testDirectLoginFailures(t *testing.T, w twin) {
	const wrongPassword = "wrong-password-7c3e9a1f"
	testFailures(t, failureSetup{w: w, in: directLoginInput, secrets: map[string]string{
		"password": mockgoto.DemoPassword, "wrong password": wrongPassword,
	}}, []failureCase{{
		name:     "wrong password",
		change:   func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_PASSWORD", wrongPassword) },
		patterns: []string{`Direct Login Failed`, `HTTP 401`, `"InvalidCredentials": invalid user_id or password`, `Check user_id, password \(or GOTO_PASSWORD\)`},
	}, {
		name:     "unknown consumer key",
		change:   func(_ *testing.T, settings map[string]string) { settings["client_id"] = `"unknown-consumer-key"` },
		patterns: []string{`Direct Login Failed`, `HTTP 401`, `invalid client_id`, `the provider's client_id`},
	}, {
		name: "unreachable direct login URL",
		change: func(t *testing.T, settings map[string]string) {
			settings["direct_login_url"] = `"` + closedURL(t) + `/oauth/access_token"`
			settings["request_timeout"] = `"2s"`
			settings["max_retries"] = "1"
		},
		patterns: []string{`Direct Login Failed`, `no answer from GoTo`, `connection refused`, `after 2 attempts`, `direct_login_url`},
	}, {
		name: "plain http on a non-loopback host",
		change: func(_ *testing.T, settings map[string]string) {
			settings["direct_login_url"] = `"http://api.example.com/oauth/access_token"`
		},
		patterns: []string{`Invalid Endpoint URL`, `direct_login_url`, `plain http on a non-loopback host; use https`},
	}})
}
