package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

type refreshTokenModel struct {
	RefreshToken        types.String `tfsdk:"refresh_token"`
	LatestRefreshToken  types.String `tfsdk:"latest_refresh_token"`
	RefreshTokenRotated types.Bool   `tfsdk:"refresh_token_rotated"`
	OrganizerKey        types.String `tfsdk:"organizer_key"`
	AccountKey          types.String `tfsdk:"account_key"`
	commonModel
}

// refreshTokenExchange is goto_refresh_token_exchange: a refresh token for an
// access token (grant_type=refresh_token). GoTo may answer with a new refresh
// token; it is returned and announced, never dropped.
var refreshTokenExchange = &exchangeSpec[refreshTokenModel]{
	name:     "refresh_token_exchange",
	exchange: gotoauth.RefreshToken,
	description: "Exchanges a GoTo refresh token for an access token (`grant_type=refresh_token`). Refresh tokens live about " +
		"30 days, and GoTo may return a new one with the access token: `latest_refresh_token` then holds the new one, " +
		"`refresh_token_rotated` is true, and a warning says so. Persist it (for example in a secret store's write-only attribute), " +
		"because the old one stops working.",
	attributes: map[string]attribute{
		"refresh_token": {kind: stringKind, role: input, sensitive: true,
			description: "The refresh token to exchange. Defaults to the `GOTO_REFRESH_TOKEN` environment variable, which keeps it " +
				"out of the configuration and, for the data source, out of the state."},
		"latest_refresh_token": {kind: stringKind, role: output, sensitive: true,
			description: "The refresh token to use next time: the new one when GoTo rotated it, else the `refresh_token` argument. " +
				"Null when the input came from `GOTO_REFRESH_TOKEN` and GoTo did not rotate it, so the long-lived token never reaches " +
				"the state through the environment; keep using the one you have."},
		"refresh_token_rotated": {kind: boolKind, role: output, description: "Whether GoTo returned a refresh token different from the input."},
		"organizer_key":         {kind: stringKind, role: output, description: "The organizer key, when GoTo returns one."},
		"account_key":           {kind: stringKind, role: output, description: "The account key, when GoTo returns one."},
	},
	secret:      secretInput{attribute: "refresh_token", env: "GOTO_REFRESH_TOKEN", title: "Refresh Token"},
	secretValue: func(m *refreshTokenModel) types.String { return m.RefreshToken },
	common:      func(m *refreshTokenModel) *commonModel { return &m.commonModel },
	call: func(ctx context.Context, c *gotoauth.Client, _ *refreshTokenModel, refreshToken string, minValidity time.Duration) (*gotoauth.Token, error) {
		return c.ExchangeRefreshToken(ctx, refreshToken, minValidity)
	},
	results: func(m *refreshTokenModel, t *gotoauth.Token, diags *diag.Diagnostics) {
		// An argument must come back unchanged (Terraform rejects a result
		// that differs from its configuration), so the newest token has an
		// attribute of its own. A token taken from the environment is not
		// echoed into it, which would store it in a data source's state.
		m.LatestRefreshToken = types.StringNull()
		if t.RefreshTokenRotated || !m.RefreshToken.IsNull() {
			m.LatestRefreshToken = types.StringValue(t.RefreshToken)
		}
		m.RefreshTokenRotated = types.BoolValue(t.RefreshTokenRotated)
		m.OrganizerKey = optionalString(t.OrganizerKey)
		m.AccountKey = optionalString(t.AccountKey)
		if t.RefreshTokenRotated {
			diags.AddAttributeWarning(path.Root("refresh_token"), "GoTo Returned a New Refresh Token",
				"GoTo rotated the refresh token: the result's latest_refresh_token now holds a new one, and the one given may stop working. "+
					"Persist the new value, for example by passing latest_refresh_token to a secret store's write-only attribute, "+
					"and feed it to the next run (GOTO_REFRESH_TOKEN or the refresh_token argument).")
		}
	},
}

// optionalString is null for a value the server did not return.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
