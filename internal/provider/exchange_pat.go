package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

type patModel struct {
	PAT         types.String `tfsdk:"pat"`
	MinValidity types.String `tfsdk:"min_validity"`
	tokenModel
}

// patExchange is goto_pat_exchange: a personal access token for an access
// token (grant_type=personal_access_token).
var patExchange = &exchangeSpec[patModel]{
	name:     "pat_exchange",
	exchange: gotoauth.PersonalAccessToken,
	description: "Exchanges a GoTo personal access token for an access token (`grant_type=personal_access_token`). " +
		"The OAuth client must have the Personal Access Token grant enabled, and the token's scopes must match the client's. " +
		"GoTo returns no refresh token for this grant: exchange the personal access token again when a new access token is needed.",
	attributes: map[string]attribute{
		"pat": {kind: stringKind, role: input, sensitive: true,
			description: "The personal access token. Defaults to the `GOTO_PAT` environment variable, which keeps it out of the configuration and the state."},
		"min_validity": minValidityAttribute,
	},
	token: func(m *patModel) *tokenModel { return &m.tokenModel },
	run: func(ctx context.Context, clients *clientSource, m *patModel) (*gotoauth.Token, diag.Diagnostics) {
		var diags diag.Diagnostics
		ctx, pat := secretInput(ctx, m.PAT, "pat", "GOTO_PAT", "Personal Access Token", &diags)
		client, more := clients.get(true)
		diags.Append(more...)
		if diags.HasError() {
			return nil, diags
		}
		t, err := client.ExchangePAT(ctx, pat, minValidity(m.MinValidity))
		if err != nil {
			return nil, exchangeFailed(gotoauth.PersonalAccessToken, err)
		}
		return t, diags
	},
}
