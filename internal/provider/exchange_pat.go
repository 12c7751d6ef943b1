package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

type patModel struct {
	PAT types.String `tfsdk:"pat"`
	commonModel
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
	},
	secret:      secretInput{attribute: "pat", env: "GOTO_PAT", title: "Personal Access Token"},
	secretValue: func(m *patModel) types.String { return m.PAT },
	common:      func(m *patModel) *commonModel { return &m.commonModel },
	call: func(ctx context.Context, c *gotoauth.Client, _ *patModel, pat string, minValidity time.Duration) (*gotoauth.Token, error) {
		return c.ExchangePAT(ctx, pat, minValidity)
	},
}
