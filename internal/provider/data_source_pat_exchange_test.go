package provider

import (
	"errors"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// The scenarios are in ephemeral_pat_exchange_test.go, shared by both twins.

func TestAccDataSourcePATExchange(t *testing.T) { testPATExchange(t, dataSourceTwin) }

func TestAccDataSourcePATExchange_identicalShareOneRequest(t *testing.T) {
	testIdenticalShareOneRequest(t, dataSourceTwin, patInput)
}

func TestAccDataSourcePATExchange_distinctRequestEach(t *testing.T) {
	testPATExchangeDistinct(t, dataSourceTwin)
}

func TestAccDataSourcePATExchange_failures(t *testing.T) { testPATExchangeFailures(t, dataSourceTwin) }

// Terraform stores every data-source argument in state. A PAT left out of
// the configuration, taken from GOTO_PAT, stays out of state; given as an
// argument (from TF_VAR_pat here) it is stored, marked sensitive, which also
// shows that the search would find it. The access token is stored, marked
// sensitive, either way.
func TestAccDataSourcePATExchange_patFromEnvironmentNotInState(t *testing.T) {
	requireCLI(t)
	_, baseURL, log := startRecordingMock(t)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	t.Setenv("TF_VAR_pat", mockgoto.DemoPAT)
	const address = "data.goto_pat_exchange.test"
	longLived := func() map[string]string {
		return map[string]string{"PAT": mockgoto.DemoPAT, "client secret": mockgoto.DemoClientSecret}
	}
	storedAccessToken := checkState(func(s *tfjson.State) error {
		issued := log.tokens(mockgoto.GrantPAT)
		if len(issued) == 0 {
			return errors.New("the mock issued no access token")
		}
		last := issued[len(issued)-1].accessToken
		if secretsAbsent("state", s, func() map[string]string { return map[string]string{"access token": last} }) == nil {
			return errors.New("the state does not hold the data source's access token")
		}
		return nil
	})
	sensitive := []statecheck.StateCheck{
		statecheck.ExpectSensitiveValue(address, tfjsonpath.New("access_token")),
		statecheck.ExpectSensitiveValue(address, tfjsonpath.New("authorization_header")),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config:            providerConfig(t, baseURL) + dataSourceTwin.config(patType),
			ConfigStateChecks: append([]statecheck.StateCheck{noSecretsInState(longLived), storedAccessToken}, sensitive...),
		}, {
			Config: providerConfig(t, baseURL) + sensitiveVariable("pat", "string") + dataSourceTwin.config(patType, "pat = var.pat"),
			ConfigStateChecks: append([]statecheck.StateCheck{
				checkState(func(s *tfjson.State) error {
					if secretsAbsent("state", s, longLived) == nil {
						return errors.New("the state does not hold the PAT given as an argument")
					}
					return nil
				}),
				statecheck.ExpectSensitiveValue(address, tfjsonpath.New("pat")),
				storedAccessToken,
			}, sensitive...),
		}},
	})
}

// GoTo's sample credentials, secret with "+" and "=": the provider sends the
// raw pair in the Basic header, as GoTo documents, and the mock accepts it.
// Every request names the provider and its version.
func TestAccDataSourcePATExchange_goToShapedSecret(t *testing.T) {
	requireCLI(t)
	const id, secret = "a2094c4f-fake-4339-934f-4da2d788d0aa", "3naO10IA2agcvG+9I9TGEQ=="
	mock, baseURL := startMock(t, func(c *mockgoto.Config) {
		c.Clients = append(c.Clients, mockgoto.Client{ID: id, Secret: secret, PATGrant: true})
	})
	t.Setenv("GOTO_CLIENT_SECRET", secret)
	t.Setenv("GOTO_PAT", mockgoto.DemoPAT)
	settings := mockSettings(baseURL)
	settings["client_id"] = `"` + id + `"`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: factories(),
		Steps: []resource.TestStep{{
			Config: gotoProviderBlock(settings) + dataSourceTwin.config(patType),
			ConfigStateChecks: []statecheck.StateCheck{
				dataSourceTwin.result(patType, "").expect("access_token", knownvalue.StringRegexp(jwtShaped)),
				expectSent(mock, mockgoto.GrantPAT, map[string]string{"pat": mockgoto.DemoPAT}, id, secret),
				checkNow(func() error {
					for _, r := range mock.Requests(mockgoto.GrantPAT) {
						if got := r.Header.Get("User-Agent"); got != "terraform-provider-goto/test" {
							return fmt.Errorf("the request's User-Agent is %q, want terraform-provider-goto/test", got)
						}
					}
					return nil
				}),
			},
		}},
	})
}
