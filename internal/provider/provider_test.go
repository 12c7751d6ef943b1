package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The framework validates every schema when it is served; an invalid one shows up
// here as an error diagnostic without needing a Terraform CLI.
func TestProviderSchemaIsValid(t *testing.T) {
	server, err := providerserver.NewProtocol6WithError(New("test")())()
	if err != nil {
		t.Fatal(err)
	}
	resp, err := server.GetProviderSchema(t.Context(), &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range resp.Diagnostics {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			t.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
}

// An empty provider block takes every setting from the GOTO_* variables.
func TestAccProvider_environmentFallbacks(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_ID", mockgoto.DemoClientID)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_TOKEN_URL", baseURL+"/oauth/token")
	t.Setenv("GOTO_DIRECT_LOGIN_URL", baseURL+"/oauth/access_token")
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	t.Setenv("GOTO_PASSWORD", mockgoto.DemoPassword)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: gotoProviderBlock(nil) + dataSourceTwin.config(patType) + dataSourceTwin.config(directLoginType, directLoginUser),
			ConfigStateChecks: []statecheck.StateCheck{
				dataSourceTwin.result(patType, "").expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				dataSourceTwin.result(directLoginType, "").expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"pat": mockgoto.DemoPAT}, mockgoto.DemoClientID, mockgoto.DemoClientSecret),
				expectSent(mock, mockgoto.GrantDirectLogin, map[string]string{"client_id": mockgoto.DemoClientID}, "", ""),
			},
		}},
	})
}

// Settings in the provider block win over the environment.
func TestAccProvider_configurationOverridesEnvironment(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	config := providerConfig(t, baseURL)
	t.Setenv("GOTO_CLIENT_ID", mockgoto.DemoNoPATClientID)
	t.Setenv("GOTO_TOKEN_URL", closedURL(t)+"/oauth/token")
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: config + dataSourceTwin.config(patType),
			ConfigStateChecks: []statecheck.StateCheck{
				dataSourceTwin.result(patType, "").expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"pat": mockgoto.DemoPAT}, mockgoto.DemoClientID, mockgoto.DemoClientSecret),
			},
		}},
	})
}

// Each invalid or missing setting is an error that names the attribute (or
// the environment variable) and says what a valid value looks like.
func TestAccProvider_invalidSettings(t *testing.T) {
	testFailures(t, failureSetup{w: dataSourceTwin, in: patInput, noRequests: true, secrets: map[string]string{
		"client secret": mockgoto.DemoClientSecret, "PAT": mockgoto.DemoPAT,
	}}, []failureCase{{
		name:     "request_timeout not a duration",
		change:   func(_ *testing.T, s map[string]string) { s["request_timeout"] = `"soon"` },
		patterns: []string{`Invalid Time Duration String Value`, `provider "goto":`, `request_timeout = "soon"`, `Valid time units are "ns"`},
	}, {
		name:     "request_timeout zero",
		change:   func(_ *testing.T, s map[string]string) { s["request_timeout"] = `"0s"` },
		patterns: []string{`Zero Duration`, `request_timeout = "0s"`, `it must be greater than zero`},
	}, {
		name:     "max_wait negative",
		change:   func(_ *testing.T, s map[string]string) { s["max_wait"] = `"-1m"` },
		patterns: []string{`Negative Duration`, `max_wait = "-1m"`, `negative durations are refused`},
	}, {
		name: "token_url not https",
		change: func(_ *testing.T, s map[string]string) {
			s["token_url"] = `"ftp://authentication.example.com/oauth/token"`
		},
		patterns: []string{`Invalid Endpoint URL`, `token_url = "ftp://`, `must use https`},
	}, {
		name:     "token_url without a host",
		change:   func(_ *testing.T, s map[string]string) { s["token_url"] = `"/oauth/token"` },
		patterns: []string{`Invalid Endpoint URL`, `token_url = "/oauth/token"`, `has no host; give an absolute https URL`},
	}, {
		name:     "max_retries out of range",
		change:   func(_ *testing.T, s map[string]string) { s["max_retries"] = "50" },
		patterns: []string{`Invalid Attribute Value`, `max_retries = 50`, `must be between 0 and 20, got: 50`},
	}, {
		name:     "ca_cert_pem without a certificate",
		change:   func(_ *testing.T, s map[string]string) { s["ca_cert_pem"] = `"not a certificate"` },
		patterns: []string{`Invalid Provider Configuration`, `ca_cert_pem holds no PEM certificate`},
	}, {
		name: "ca_cert_file without a certificate",
		change: func(t *testing.T, s map[string]string) {
			file := filepath.Join(t.TempDir(), "ca.pem")
			if err := os.WriteFile(file, []byte("not a certificate"), 0o600); err != nil {
				t.Fatal(err)
			}
			s["ca_cert_file"] = fmt.Sprintf("%q", file)
		},
		patterns: []string{`Invalid Provider Configuration`, `ca_cert_file: \S+ holds no PEM certificate`},
	}, {
		name: "GOTO_CA_CERT_FILE missing",
		change: func(t *testing.T, _ map[string]string) {
			t.Setenv("GOTO_CA_CERT_FILE", filepath.Join(t.TempDir(), "ca.pem"))
		},
		patterns: []string{`Invalid Provider Configuration`, `ca_cert_file: cannot read the CA certificate file`},
	}, {
		name: "GOTO_TOKEN_URL plain http on a non-loopback host",
		change: func(t *testing.T, s map[string]string) {
			delete(s, "token_url")
			t.Setenv("GOTO_TOKEN_URL", "http://authentication.example.com/oauth/token")
		},
		patterns: []string{`Invalid GOTO_TOKEN_URL`, `the fallback for token_url`, `plain http on a non-loopback host; use https`},
	}, {
		name:     "no client id",
		change:   func(_ *testing.T, s map[string]string) { delete(s, "client_id") },
		patterns: []string{`Missing Client ID`, `Set client_id in the goto provider block, or the GOTO_CLIENT_ID environment variable`},
	}, {
		name:     "no client secret",
		change:   func(t *testing.T, _ map[string]string) { t.Setenv("GOTO_CLIENT_SECRET", "") },
		patterns: []string{`Missing Client Secret`, `or the GOTO_CLIENT_SECRET environment variable`},
	}})
}

// unknownClientID configures the provider with a client id that is known
// only once terraform_data.client exists, as a value from any resource not
// yet created would be.
func unknownClientID(baseURL string) string {
	settings := mockSettings(baseURL)
	settings["client_id"] = "terraform_data.client.output"
	return fmt.Sprintf(`
resource "terraform_data" "client" {
  input = %q
}
`, mockgoto.DemoClientID) + gotoProviderBlock(settings)
}

// An ephemeral exchange whose provider configuration is not known at plan
// time is unknown in the plan, as if its own arguments were, and exchanges
// at apply, once the configuration is known.
func TestAccProvider_unknownAtPlanEphemeral(t *testing.T) {
	requireCLI(t)
	if usingOpenTofu() {
		t.Skip("OpenTofu rejects an ephemeral result that is not known yet; see TestAccProvider_unknownAtPlanEphemeralWarning")
	}
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	t.Setenv("TF_VAR_refresh_token", mockgoto.DemoRefreshToken)
	r := ephemeralTwin.result(patType, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: unknownClientID(baseURL) + ephemeralTwin.config(patType) + sensitiveVariable("refresh_token", "string") +
				hclBlock("ephemeral", refreshType, "test", "refresh_token = var.refresh_token"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				// The plan succeeds without an exchange.
				PreApply: []plancheck.PlanCheck{
					requestCount(mock, mockgoto.GrantPAT, 0, "plan"),
					requestCount(mock, mockgoto.GrantRefreshToken, 0, "plan"),
				},
				// Once terraform_data.client exists, plans exchange as usual.
				PostApplyPreRefresh:  []plancheck.PlanCheck{requestCount(mock, mockgoto.GrantPAT, 2, "plan -refresh=false")},
				PostApplyPostRefresh: []plancheck.PlanCheck{requestCount(mock, mockgoto.GrantPAT, 3, "the last plan")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantPAT, 1, "apply"),
				requestCount(mock, mockgoto.GrantRefreshToken, 1, "apply"),
				r.expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				r.expect("principal", knownvalue.StringExact(mockgoto.DemoUserID)),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"pat": mockgoto.DemoPAT}, mockgoto.DemoClientID, mockgoto.DemoClientSecret),
			},
		}},
	})
}

// The plan says why the exchange waits, and what OpenTofu needs: there the
// plan fails, since OpenTofu rejects a result that is not known yet.
func TestAccProvider_unknownAtPlanEphemeralWarning(t *testing.T) {
	requireCLI(t)
	_, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	cli := newTerraformCLI(t, unknownClientID(baseURL)+hclBlock("ephemeral", patType, "test"))
	out, err := cli.run("plan")
	if usingOpenTofu() != (err != nil) {
		t.Fatalf("plan error: %v, want one only under OpenTofu; the plan said:\n%s", err, out)
	}
	warning := wrapped(`Warning: Token Exchange Waits for Apply with ephemeral.goto_pat_exchange.test,[\s\S]*` +
		`client_id depends on a value that is known only after apply[\s\S]*give this ephemeral resource a depends_on`)
	if !warning.MatchString(out) {
		t.Errorf("the plan does not explain the wait; it said:\n%s", out)
	}
}

// With depends_on, OpenTofu too opens the ephemeral resource during apply
// only; Terraform opens it during the plan regardless, and gets unknown
// results as above.
func TestAccProvider_unknownAtPlanEphemeralDependsOn(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	r := ephemeralTwin.result(patType, "")
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralCLI,
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: unknownClientID(baseURL) + ephemeralTwin.config(patType, "depends_on = [terraform_data.client]"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{requestCount(mock, mockgoto.GrantPAT, 0, "plan")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantPAT, 1, "apply"),
				r.expect("access_token", knownvalue.StringRegexp(jwtShaped)),
			},
		}},
	})
}

// A data source must be read during the plan, and a data source cannot
// return unknown values: with the provider configuration unknown it fails
// with an error that says how to make Terraform read it during apply.
func TestAccProvider_unknownAtPlanDataSource(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	expectFailure(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps:                    []resource.TestStep{{Config: unknownClientID(baseURL) + dataSourceTwin.config(patType)}},
	}, map[string]string{"client secret": mockgoto.DemoClientSecret, "PAT": mockgoto.DemoPAT},
		`Provider Configuration Not Yet Known`, `client_id depends on a value that is known only after apply`,
		`Give the data source a depends_on naming the resources`, `use the ephemeral resource of the same name`)
	if n := mock.Count(mockgoto.CounterTotal); n != 0 {
		t.Errorf("the mock saw %d requests, want none", n)
	}
}

// With the depends_on that the error above suggests, Terraform reads the
// data source during apply, once the provider configuration is known.
func TestAccProvider_unknownAtPlanDataSourceDependsOn(t *testing.T) {
	requireCLI(t)
	mock, baseURL := startMock(t)
	t.Setenv("GOTO_CLIENT_SECRET", mockgoto.DemoClientSecret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	const address = "data.goto_pat_exchange.test"
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: unknownClientID(baseURL) + dataSourceTwin.config(patType, "depends_on = [terraform_data.client]"),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{
					requestCount(mock, mockgoto.GrantPAT, 0, "plan"),
					plancheck.ExpectResourceAction(address, plancheck.ResourceActionRead),
				},
				PostApplyPreRefresh:  []plancheck.PlanCheck{requestCount(mock, mockgoto.GrantPAT, 2, "plan -refresh=false")},
				PostApplyPostRefresh: []plancheck.PlanCheck{requestCount(mock, mockgoto.GrantPAT, 3, "the last plan")},
			},
			ConfigStateChecks: []statecheck.StateCheck{
				requestCount(mock, mockgoto.GrantPAT, 1, "apply"),
				statecheck.ExpectKnownValue(address, tfjsonpath.New("access_token"), knownvalue.StringRegexp(jwtShaped)),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"pat": mockgoto.DemoPAT}, mockgoto.DemoClientID, mockgoto.DemoClientSecret),
			},
		}},
	})
}
