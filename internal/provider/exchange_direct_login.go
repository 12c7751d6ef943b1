package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

type directLoginModel struct {
	UserID       types.String `tfsdk:"user_id"`
	Password     types.String `tfsdk:"password"`
	RefreshToken types.String `tfsdk:"refresh_token"`
	OrganizerKey types.String `tfsdk:"organizer_key"`
	AccountKey   types.String `tfsdk:"account_key"`
	AccountType  types.String `tfsdk:"account_type"`
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	Email        types.String `tfsdk:"email"`
	Platform     types.String `tfsdk:"platform"`
	Version      types.String `tfsdk:"version"`
	commonModel
}

// directLogin is goto_direct_login: GoToAssist Corporate's direct login with
// a user id and password (grant_type=password at the direct login URL).
var directLogin = &exchangeSpec[directLoginModel]{
	name:     "direct_login",
	exchange: gotoauth.DirectLogin,
	description: "Signs in with GoToAssist Corporate's direct login: a user id and password for an access token " +
		"(`grant_type=password` at `direct_login_url`). The provider's `client_id` is the consumer key; no client secret is sent. " +
		"GoTo revokes the application's other tokens on every direct login, so identical logins made by one provider process " +
		"share a single request, and direct login needs a provider configuration whose `client_id` is a consumer key no other " +
		"exchange uses. GoTo has deprecated this flow for new clients; prefer `goto_pat_exchange` where it is available.",
	attributes: map[string]attribute{
		"user_id": {kind: stringKind, role: requiredInput, description: "The user id, usually the user's email address."},
		"password": {kind: stringKind, role: input, sensitive: true,
			description: "The user's password. Defaults to the `GOTO_PASSWORD` environment variable, which keeps it out of the configuration and the state."},
		"refresh_token": {kind: stringKind, role: output, sensitive: true, description: "The refresh token GoTo returned, if any."},
		"organizer_key": {kind: stringKind, role: output, description: "The user's organizer key."},
		"account_key":   {kind: stringKind, role: output, description: "The user's account key."},
		"account_type":  {kind: stringKind, role: output, description: "The account type."},
		"first_name":    {kind: stringKind, role: output, description: "The user's first name."},
		"last_name":     {kind: stringKind, role: output, description: "The user's last name."},
		"email":         {kind: stringKind, role: output, description: "The user's email address."},
		"platform":      {kind: stringKind, role: output, description: "The GoTo platform the account lives on, such as `GLOBAL`."},
		"version":       {kind: stringKind, role: output, description: "The version of the direct login response."},
	},
	secret:      secretInput{attribute: "password", env: "GOTO_PASSWORD", title: "Password"},
	secretValue: func(m *directLoginModel) types.String { return m.Password },
	common:      func(m *directLoginModel) *commonModel { return &m.commonModel },
	call: func(ctx context.Context, c *gotoauth.Client, m *directLoginModel, password string, minValidity time.Duration) (*gotoauth.Token, error) {
		return c.DirectLogin(ctx, m.UserID.ValueString(), password, minValidity)
	},
	results: func(m *directLoginModel, t *gotoauth.Token, _ *diag.Diagnostics) {
		m.RefreshToken = optionalString(t.RefreshToken)
		m.OrganizerKey = optionalString(t.OrganizerKey)
		m.AccountKey = optionalString(t.AccountKey)
		m.AccountType = optionalString(t.AccountType)
		m.FirstName = optionalString(t.FirstName)
		m.LastName = optionalString(t.LastName)
		m.Email = optionalString(t.Email)
		m.Platform = optionalString(t.Platform)
		m.Version = optionalString(t.Version)
	},
}
