package provider

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The refresh token exchange's tests run against both twins: these test
// functions call the scenarios below with the ephemeral twin, and
// data_source_refresh_token_exchange_test.go calls them with the data
// source twin.

func TestAccEphemeralRefreshTokenExchange(t *testing.T) { testRefreshTokenExchange(t, ephemeralTwin) }

func TestAccEphemeralRefreshTokenExchange_rotated(t *testing.T) {
	testRefreshTokenExchangeRotated(t, ephemeralTwin)
}

func TestAccEphemeralRefreshTokenExchange_rotatedConfigured(t *testing.T) {
	testRefreshTokenExchangeRotatedConfigured(t, ephemeralTwin)
}

func TestAccEphemeralRefreshTokenExchange_rotationWarning(t *testing.T) {
	testRefreshTokenRotationWarning(t, ephemeralTwin)
}

func TestAccEphemeralRefreshTokenExchange_withoutAccountKeys(t *testing.T) {
	testRefreshTokenExchangeWithoutAccountKeys(t, ephemeralTwin)
}

func TestAccEphemeralRefreshTokenExchange_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, ephemeralTwin, refreshInput)
}

func TestAccEphemeralRefreshTokenExchange_failures(t *testing.T) {
	testRefreshTokenExchangeFailures(t, ephemeralTwin)
}

const refreshType = "goto_refresh_token_exchange"

// refreshInput is the demo refresh token in GOTO_REFRESH_TOKEN, exchanged as
// the demo client.
var refreshInput = exchangeInput{typ: refreshType, grant: mockgoto.GrantRefreshToken, env: map[string]string{
	"GOTO_CLIENT_SECRET": mockgoto.DemoClientSecret, "GOTO_REFRESH_TOKEN": mockgoto.DemoRefreshToken,
}}

// testRefreshTokenExchange checks every result of an exchange of the refresh
// token in GOTO_REFRESH_TOKEN when GoTo does not rotate it: in the default
// window mode the answer has no refresh token, in "never" mode it echoes
// the one given. Either way the result is the input, not rotated.
func testRefreshTokenExchange(t *testing.T, w twin) {
	for _, rotation := range []string{mockgoto.RotationWindow, mockgoto.RotationNever} {
		t.Run(rotation, func(t *testing.T) {
			requireCLI(t)
			mock, baseURL, log := startRecordingMock(t, func(c *mockgoto.Config) { c.Rotation = rotation })
			t.Setenv("GOTO_REFRESH_TOKEN", mockgoto.DemoRefreshToken)
			r := w.result(refreshType, "")
			planChecks, afterApply := perCommandRequests(w, mock, mockgoto.GrantRefreshToken, 1)
			resource.Test(t, resource.TestCase{
				TerraformVersionChecks:   w.versions,
				ProtoV6ProviderFactories: factories(),
				Steps: []resource.TestStep{{
					Config:           providerConfig(t, baseURL) + w.config(refreshType),
					ConfigPlanChecks: planChecks,
					ConfigStateChecks: append(expectToken(r, log, 3600),
						afterApply,
						r.expect("scope", knownvalue.StringExact("identity:scim.me collab:")),
						r.expect("scopes", knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact("identity:scim.me"), knownvalue.StringExact("collab:"),
						})),
						r.expect("principal", knownvalue.StringExact(mockgoto.DemoUserID)),
						// Taken from the environment and not rotated: nothing
						// echoes the long-lived token into the result.
						r.expect("refresh_token", knownvalue.Null()),
						r.expect("latest_refresh_token", knownvalue.Null()),
						r.expect("refresh_token_rotated", knownvalue.Bool(false)),
						r.expect("organizer_key", knownvalue.StringExact(mockgoto.DemoOrganizerKey)),
						r.expect("account_key", knownvalue.StringExact(mockgoto.DemoAccountKey)),
						expectSent(mock, mockgoto.GrantRefreshToken,
							map[string]string{"grant_type": "refresh_token", "refresh_token": mockgoto.DemoRefreshToken},
							mockgoto.DemoClientID, mockgoto.DemoClientSecret),
					),
				}},
			})
		})
	}
}

// testRefreshTokenExchangeRotated has GoTo rotate the refresh token given
// in GOTO_REFRESH_TOKEN: latest_refresh_token is the new one, and
// refresh_token_rotated is true.
func testRefreshTokenExchangeRotated(t *testing.T, w twin) {
	requireCLI(t)
	_, baseURL, log := startRecordingMock(t, func(c *mockgoto.Config) { c.Rotation = mockgoto.RotationAlways })
	t.Setenv("GOTO_REFRESH_TOKEN", mockgoto.DemoRefreshToken)
	r := w.result(refreshType, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + w.config(refreshType),
			ConfigStateChecks: []statecheck.StateCheck{
				r.expect("refresh_token_rotated", knownvalue.Bool(true)),
				r.expect("refresh_token", knownvalue.Null()),
				expectIssuedRefreshToken(r, "latest_refresh_token", log),
				r.expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				r.expect("organizer_key", knownvalue.StringExact(mockgoto.DemoOrganizerKey)),
			},
		}},
	})
}

// testRefreshTokenExchangeRotatedConfigured has GoTo rotate a refresh token
// given as an argument: refresh_token stays the input and
// latest_refresh_token holds the new one.
func testRefreshTokenExchangeRotatedConfigured(t *testing.T, w twin) {
	requireCLI(t)
	_, baseURL, log := startRecordingMock(t, func(c *mockgoto.Config) { c.Rotation = mockgoto.RotationAlways })
	t.Setenv("TF_VAR_refresh_token", mockgoto.DemoRefreshToken)
	r := w.result(refreshType, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + sensitiveVariable("refresh_token", "string") +
				w.config(refreshType, "refresh_token = var.refresh_token"),
			ConfigStateChecks: []statecheck.StateCheck{
				r.expect("refresh_token_rotated", knownvalue.Bool(true)),
				r.expect("refresh_token", knownvalue.StringExact(mockgoto.DemoRefreshToken)),
				expectIssuedRefreshToken(r, "latest_refresh_token", log),
			},
		}},
	})
}

// expectIssuedRefreshToken checks that attribute holds the refresh token the
// mock issued together with the result's access token: a new one.
func expectIssuedRefreshToken(r result, attribute string, log *tokenLog) statecheck.StateCheck {
	return checkState(func(s *tfjson.State) error {
		access, err := r.string(s, "access_token")
		if err != nil {
			return err
		}
		got, err := r.string(s, attribute)
		if err != nil {
			return err
		}
		issued, ok := log.byAccessToken(access)
		switch {
		case !ok:
			return errors.New("the mock never issued the access_token in the result")
		case issued.refreshToken == "":
			return errors.New("the mock issued no refresh token with the access_token in the result")
		case got == mockgoto.DemoRefreshToken:
			return errors.New(attribute + " is still the refresh token given")
		case got != issued.refreshToken:
			return errors.New(attribute + " is not the refresh token the mock issued with the access token")
		}
		return nil
	})
}

// testRefreshTokenRotationWarning runs terraform plan itself, as the
// rotation warning is in the CLI's output only, first with a refresh token
// GoTo rotates and then with one it does not.
func testRefreshTokenRotationWarning(t *testing.T, w twin) {
	requireCLI(t)
	for _, tc := range []struct {
		rotation string
		warned   bool
	}{{mockgoto.RotationAlways, true}, {mockgoto.RotationNever, false}} {
		t.Run(tc.rotation, func(t *testing.T) {
			_, baseURL, log := startRecordingMock(t, func(c *mockgoto.Config) { c.Rotation = tc.rotation })
			t.Setenv("GOTO_REFRESH_TOKEN", mockgoto.DemoRefreshToken)
			cli := newTerraformCLI(t, providerConfig(t, baseURL)+w.config(refreshType))
			out, err := cli.run("plan")
			if err != nil {
				t.Fatal(err)
			}
			if len(log.tokens(mockgoto.GrantRefreshToken)) == 0 {
				t.Fatal("the plan exchanged no refresh token")
			}
			if err := secretsAbsent("plan output", out, func() map[string]string {
				secrets := log.secrets()
				secrets["refresh token given"] = mockgoto.DemoRefreshToken
				secrets["client secret"] = mockgoto.DemoClientSecret
				return secrets
			}); err != nil {
				t.Fatal(err)
			}
			warning := wrapped(`Warning: GoTo Returned a New Refresh Token with ` +
				regexp.QuoteMeta(w.kind+"."+refreshType+".test") + `,[\s\S]*?latest_refresh_token now holds a new one`)
			if got := warning.MatchString(out); got != tc.warned {
				t.Errorf("warning shown: %v, want %v; the plan said:\n%s", got, tc.warned, out)
			}
			if !tc.warned && strings.Contains(out, "Warning: GoTo") {
				t.Errorf("unexpected warning; the plan said:\n%s", out)
			}
		})
	}
}

// testRefreshTokenExchangeWithoutAccountKeys exchanges a refresh token of a
// principal with no GoTo account fields: organizer_key and account_key are
// null rather than empty.
func testRefreshTokenExchangeWithoutAccountKeys(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_REFRESH_TOKEN", mock.IssueRefreshToken(mockgoto.DemoClientID, "service@example.com", "collab:"))
	r := w.result(refreshType, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + w.config(refreshType),
			ConfigStateChecks: []statecheck.StateCheck{
				r.expect("principal", knownvalue.StringExact("service@example.com")),
				r.expect("scopes", knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("collab:")})),
				r.expect("organizer_key", knownvalue.Null()),
				r.expect("account_key", knownvalue.Null()),
			},
		}},
	})
}

// testRefreshTokenExchangeFailures checks that each way a refresh token
// exchange fails is reported with what went wrong and what to do, and
// without a secret.
func testRefreshTokenExchangeFailures(t *testing.T, w twin) {
	const wrongSecret, unknownToken = "wrong-secret-0b7e3f5a1c", "acc-refresh-unknown-6d2f8b"
	testFailures(t, failureSetup{w: w, in: refreshInput, secrets: map[string]string{
		"client secret": mockgoto.DemoClientSecret, "wrong client secret": wrongSecret,
		"refresh token": mockgoto.DemoRefreshToken, "unknown refresh token": unknownToken,
	}}, []failureCase{{
		name:   "wrong client secret",
		change: func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_CLIENT_SECRET", wrongSecret) },
		patterns: []string{`Refresh Token Exchange Failed`, `HTTP 401`, `"invalid_client"`,
			`Check the provider's client_id and client_secret`},
	}, {
		name: "expired refresh token",
		// Refresh tokens live 30 days.
		mock: func(mock *mockgoto.Server) { mock.Advance(31 * 24 * time.Hour) },
		patterns: []string{`Refresh Token Exchange Failed`, `HTTP 400`, `"invalid_grant": refresh token expired`,
			`Refresh tokens rotate and expire after about 30 days`, `store the newest refresh_token`},
	}, {
		name:   "unknown refresh token",
		change: func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_REFRESH_TOKEN", unknownToken) },
		patterns: []string{`Refresh Token Exchange Failed`, `"invalid_grant": refresh token not found`,
			`Refresh tokens rotate and expire after about 30 days`},
	}})
}
