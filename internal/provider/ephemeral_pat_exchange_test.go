package provider

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The PAT exchange's tests run against both twins: these test functions
// call the scenarios below with the ephemeral twin, and
// data_source_pat_exchange_test.go calls them with the data source twin.

func TestAccEphemeralPATExchange(t *testing.T) { testPATExchange(t, ephemeralTwin) }

func TestAccEphemeralPATExchange_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, ephemeralTwin, patInput)
}

func TestAccEphemeralPATExchange_distinctRequestEach(t *testing.T) {
	testPATExchangeDistinct(t, ephemeralTwin)
}

func TestAccEphemeralPATExchange_failures(t *testing.T) { testPATExchangeFailures(t, ephemeralTwin) }

const patType = "goto_pat_exchange"

// patInput is the demo PAT in GOTO_PAT, exchanged as the demo client.
var patInput = exchangeInput{typ: patType, grant: mockgoto.GrantPAT, env: map[string]string{
	"GOTO_CLIENT_SECRET": mockgoto.DemoClientSecret, "GOTO_PAT": mockgoto.DemoPAT,
}}

// testPATExchange checks every result of one exchange of the PAT in GOTO_PAT,
// with a token lifetime other than the default so expires_in is shown to be
// GoTo's, and that each open or read made one request, as the demo client.
func testPATExchange(t *testing.T, w twin) {
	requireCLI(t)
	mock, baseURL, log := startRecordingMock(t, func(c *mockgoto.Config) {
		c.AccessTTL = mockgoto.Duration(90 * time.Minute)
	})
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	r := w.result(patType, "")
	planChecks, afterApply := perCommandRequests(w, mock, mockgoto.GrantPAT, 1)
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:           providerConfig(t, baseURL) + w.config(patType),
			ConfigPlanChecks: planChecks,
			ConfigStateChecks: append(expectToken(r, log, 5400),
				afterApply,
				r.expect("scope", knownvalue.StringExact("identity:scim.me collab:")),
				r.expect("scopes", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("identity:scim.me"), knownvalue.StringExact("collab:"),
				})),
				r.expect("principal", knownvalue.StringExact(mockgoto.DemoUserID)),
				r.expect("pat", knownvalue.Null()),
				r.expect("min_validity", knownvalue.Null()),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"grant_type": "personal_access_token", "pat": mockgoto.DemoPAT},
					mockgoto.DemoClientID, mockgoto.DemoClientSecret),
			),
		}},
	})
}

// distinctPATs are five PATs of different users, keyed like forEachFive.
var distinctPATs = map[string]string{
	"a": "acc-pat-a-0c5e2b7d", "b": "acc-pat-b-91f3a6e4", "c": "acc-pat-c-5d8b0f12",
	"d": "acc-pat-d-e27a4c39", "e": "acc-pat-e-3b6f9d80",
}

// testPATExchangeDistinct runs five exchanges of five PATs: each makes its
// own request, and gets its own token, each time Terraform opens or reads them.
func testPATExchangeDistinct(t *testing.T, w twin) {
	requireCLI(t)
	var pats []string
	mock, baseURL := startMock(t, func(c *mockgoto.Config) {
		for _, k := range forEachKeys {
			c.PATs = append(c.PATs, mockgoto.PAT{Token: distinctPATs[k], Principal: "user-" + k + "@example.com", Scopes: []string{"collab:"}})
			pats = append(pats, distinctPATs[k])
		}
	})
	patsJSON, err := json.Marshal(distinctPATs)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("TF_VAR_pats", string(patsJSON))
	planChecks, afterApply := perCommandRequests(w, mock, mockgoto.GrantPAT, len(pats))
	// Each PAT was exchanged once per open or read, by the last plan.
	planChecks.PostApplyPostRefresh = append(planChecks.PostApplyPostRefresh,
		expectEachRequested(mock, mockgoto.GrantPAT, "pat", pats, w.reads.planRefresh))
	checks := []statecheck.StateCheck{
		afterApply,
		expectDistinctValues("access_token", w.results(patType, forEachKeys...)...),
	}
	for _, k := range forEachKeys {
		checks = append(checks, w.result(patType, k).expect("principal", knownvalue.StringExact("user-"+k+"@example.com")))
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   w.versions,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: providerConfig(t, baseURL) + sensitiveVariable("pats", "map(string)") +
				w.config(patType, forEachFive, "pat = var.pats[each.key]"),
			ConfigPlanChecks:  planChecks,
			ConfigStateChecks: checks,
		}, dropForEach(providerConfig(t, baseURL))},
	})
}

// testPATExchangeFailures checks that each way a PAT exchange fails is
// reported with what went wrong and what to do, and without a secret.
func testPATExchangeFailures(t *testing.T, w twin) {
	const wrongSecret, unknownPAT = "wrong-secret-4f1d7b2c9e", "acc-pat-unknown-8a2e5c"
	testFailures(t, failureSetup{w: w, in: patInput, secrets: map[string]string{
		"client secret": mockgoto.DemoClientSecret, "wrong client secret": wrongSecret,
		"other client's secret": mockgoto.DemoNoPATSecret, "PAT": mockgoto.DemoPAT, "unknown PAT": unknownPAT,
	}}, []failureCase{{
		name:   "wrong client secret",
		change: func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_CLIENT_SECRET", wrongSecret) },
		patterns: []string{`Personal Access Token Exchange Failed`, `HTTP 401`, `"invalid_client"`,
			`Check the provider's client_id and client_secret`},
	}, {
		name: "client without the PAT grant",
		change: func(t *testing.T, settings map[string]string) {
			settings["client_id"] = `"` + mockgoto.DemoNoPATClientID + `"`
			t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoNoPATSecret)
		},
		patterns: []string{`Personal Access Token Exchange Failed`, `"unauthorized_client"`,
			`Enable the Personal Access Token grant on the OAuth client`},
	}, {
		name:     "unknown PAT",
		change:   func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_PAT", unknownPAT) },
		patterns: []string{`Personal Access Token Exchange Failed`, `"invalid_grant"`, `Check the personal access token \(pat or GOTO_PAT\)`},
	}, {
		name: "unreachable token URL",
		change: func(t *testing.T, settings map[string]string) {
			settings["token_url"] = `"` + closedURL(t) + `/oauth/token"`
			settings["request_timeout"] = `"2s"`
			settings["max_retries"] = "0"
		},
		patterns: []string{`Personal Access Token Exchange Failed`, `no answer from GoTo`, `connection refused`, `Check token_url`},
	}, {
		name:   "rate limited past max_wait",
		change: func(_ *testing.T, settings map[string]string) { settings["max_wait"] = `"1s"` },
		mock:   func(mock *mockgoto.Server) { mock.InjectFault(mockgoto.Fault{Count: 1000, Status: 429}) },
		patterns: []string{`Personal Access Token Exchange Failed`, `HTTP 429`, `would fall after max_wait \(1s\)`,
			`raise max_wait`, `set token_cache_dir`},
	}, {
		name: "plain http on a non-loopback host",
		change: func(_ *testing.T, settings map[string]string) {
			settings["token_url"] = `"http://authentication.example.com/oauth/token"`
		},
		patterns: []string{`Invalid Endpoint URL`, `token_url`, `plain http on a non-loopback host; use https`},
	}})
}
