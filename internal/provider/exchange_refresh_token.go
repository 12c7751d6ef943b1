package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

type refreshTokenModel struct {
	RefreshToken        types.String `tfsdk:"refresh_token"`
	MinValidity         types.String `tfsdk:"min_validity"`
	LatestRefreshToken  types.String `tfsdk:"latest_refresh_token"`
	RefreshTokenRotated types.Bool   `tfsdk:"refresh_token_rotated"`
	OrganizerKey        types.String `tfsdk:"organizer_key"`
	AccountKey          types.String `tfsdk:"account_key"`
	tokenModel
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
		"refresh_token": {kind: stringKind, role: inputOutput, sensitive: true,
			description: "As an argument, the refresh token to exchange; defaults to the `GOTO_REFRESH_TOKEN` environment variable, " +
				"which keeps it out of the configuration. As a result, the argument unchanged when it is set (Terraform requires that), " +
				"else the newest refresh token. Read `latest_refresh_token` for the newest one in either case."},
		"latest_refresh_token": {kind: stringKind, role: output, sensitive: true,
			description: "The newest refresh token: the one GoTo returned, or the input when it returned none. Store this one for the next run."},
		"min_validity":          minValidityAttribute,
		"refresh_token_rotated": {kind: boolKind, role: output, description: "Whether GoTo returned a refresh token different from the input."},
		"organizer_key":         {kind: stringKind, role: output, description: "The organizer key, when GoTo returns one."},
		"account_key":           {kind: stringKind, role: output, description: "The account key, when GoTo returns one."},
	},
	token: func(m *refreshTokenModel) *tokenModel { return &m.tokenModel },
	run: func(ctx context.Context, clients *clientSource, m *refreshTokenModel) (*gotoauth.Token, diag.Diagnostics) {
		var diags diag.Diagnostics
		ctx, refreshToken := secretInput(ctx, m.RefreshToken, "refresh_token", "GOTO_REFRESH_TOKEN", "Refresh Token", &diags)
		client, more := clients.get(true)
		diags.Append(more...)
		if diags.HasError() {
			return nil, diags
		}
		t, err := client.ExchangeRefreshToken(ctx, refreshToken, minValidity(m.MinValidity))
		if err != nil {
			return nil, exchangeFailed(gotoauth.RefreshToken, err)
		}
		// A configured argument must come back unchanged (Terraform rejects an
		// ephemeral result that differs from its configuration), so the
		// newest token always has an attribute of its own.
		m.LatestRefreshToken = types.StringValue(t.RefreshToken)
		if m.RefreshToken.IsNull() {
			m.RefreshToken = m.LatestRefreshToken
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
		return t, diags
	},
}

// optionalString is null for a value the server did not return.
func optionalString(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}
