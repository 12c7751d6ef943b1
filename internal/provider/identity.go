package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// goto_identity is described once here and served by an ephemeral resource
// and a data source, as the exchanges are.

type identityModel struct {
	AccessToken  types.String `tfsdk:"access_token"`
	UserKey      types.String `tfsdk:"user_key"`
	OrganizerKey types.String `tfsdk:"organizer_key"`
	Email        types.String `tfsdk:"email"`
	FirstName    types.String `tfsdk:"first_name"`
	LastName     types.String `tfsdk:"last_name"`
	DisplayName  types.String `tfsdk:"display_name"`
	Locale       types.String `tfsdk:"locale"`
	TimeZone     types.String `tfsdk:"time_zone"`
	AccountKey   types.String `tfsdk:"account_key"`
	Accounts     types.List   `tfsdk:"accounts"`
}

type accountModel struct {
	Key          types.String `tfsdk:"key"`
	Name         types.String `tfsdk:"name"`
	Entitlements types.List   `tfsdk:"entitlements"`
}

const identityDescription = "Who an access token acts for: the user key (which GoTo Meeting and GoTo Webinar call the organizer key) " +
	"and the account keys that GoTo's APIs put in their paths and parameters, read from GoTo's SCIM API " +
	"(`GET {api_url}/identity/v1/Users/me`). GoTo's current token endpoint no longer returns these keys with the token.\n\n" +
	"The token is the `access_token` argument or, when that is null, the provider's `access_token` (`GOTO_ACCESS_TOKEN`). " +
	"A provider block is an ephemeral context, so a provider alias whose `access_token` comes from an ephemeral exchange gives " +
	"the data source the keys as ordinary values with no token in the state or plan. Keys are 19-digit integers, returned as " +
	"strings exactly as GoTo sent them; fields GoTo does not return are null."

var accountAttributes = map[string]attribute{
	"key":          {kind: stringKind, role: output, description: "The account key, as a string of digits."},
	"name":         {kind: stringKind, role: output, description: "The account's name."},
	"entitlements": {kind: stringListKind, role: output, description: "The products the user is entitled to in this account, such as `g2m` or `gotoconnect`; null when GoTo lists none."},
}

var identityAttributes = map[string]attribute{
	"access_token": {kind: stringKind, role: input, sensitive: true,
		description: "The access token to look up. Defaults to the provider's `access_token` (or `GOTO_ACCESS_TOKEN`). In the " +
			"ephemeral resource, for example `ephemeral.goto_pat_exchange.x.access_token`. In the data source it cannot be " +
			"ephemeral and is stored in the state, marked sensitive, for example `data.goto_pat_exchange.x.access_token`: " +
			"prefer the provider's `access_token` there, in an alias fed by an ephemeral exchange."},
	"user_key":      {kind: stringKind, role: output, description: "The user key: the SCIM `id`."},
	"organizer_key": {kind: stringKind, role: output, description: "The same key as `user_key`, under the name GoTo Meeting and GoTo Webinar use in their paths (`organizerKey`)."},
	"email":         {kind: stringKind, role: output, description: "The user's primary email address, else the user name."},
	"first_name":    {kind: stringKind, role: output, description: "The user's first name."},
	"last_name":     {kind: stringKind, role: output, description: "The user's last name."},
	"display_name":  {kind: stringKind, role: output, description: "The user's display name."},
	"locale":        {kind: stringKind, role: output, description: "The user's locale, such as `en_US`."},
	"time_zone":     {kind: stringKind, role: output, description: "The user's time zone, such as `America/New_York`."},
	"account_key":   {kind: stringKind, role: output, description: "The key of the user's first account, for the Admin API's paths and GoTo Connect's `accountKey` parameter; null when GoTo lists no account."},
	"accounts": {kind: objectListKind, role: output, nested: accountAttributes,
		description: "Every account the user belongs to, in GoTo's order; null when GoTo lists none."},
}

// Where a token can come from differs: a data source argument cannot take an
// ephemeral value, so there the ephemeral token goes through a provider alias.
const (
	missingTokenEphemeral = "goto_identity needs an access token: set its access_token argument (for example to " +
		"ephemeral.goto_pat_exchange.x.access_token), or the goto provider's access_token, or the GOTO_ACCESS_TOKEN " +
		"environment variable."
	missingTokenDataSource = "The goto_identity data source needs an access token: set access_token in a goto provider " +
		"alias (for example to ephemeral.goto_pat_exchange.x.access_token, which keeps the token out of the state) and " +
		"give the data source provider = goto.<alias>; or set its access_token argument to a data source's token, such as " +
		"data.goto_pat_exchange.x.access_token (an ephemeral value is refused there); or set the GOTO_ACCESS_TOKEN " +
		"environment variable."
)

// readIdentity looks up the configuration's token and fills m; missingToken
// says where a token can come from when there is none.
func readIdentity(ctx context.Context, clients *clientSource, m *identityModel, missingToken string) diag.Diagnostics {
	var diags diag.Diagnostics
	if clients == nil {
		diags.AddError("Provider Not Configured", "The goto provider was not configured before goto_identity ran. Please report this issue to the provider developers.")
		return diags
	}
	token := m.AccessToken.ValueString()
	if m.AccessToken.IsNull() {
		token = clients.accessToken
	}
	if token == "" {
		diags.AddAttributeError(path.Root("access_token"), "Missing Access Token", missingToken)
		return diags
	}
	ctx = tflog.MaskLogStrings(clients.mask(ctx), token)
	client, more := clients.apiClient()
	diags.Append(more...)
	if diags.HasError() {
		return diags
	}
	id, err := client.Identity(ctx, token)
	if err != nil {
		return exchangeFailed(gotoauth.IdentityLookup, err)
	}
	diags.Append(m.set(ctx, id)...)
	return diags
}

// identityPending reports whether the token or the client depends on values
// known only after apply.
func identityPending(clients *clientSource, m *identityModel) bool {
	return clients != nil && (clients.pending() || (m.AccessToken.IsNull() && clients.accessTokenUnknown))
}

func (m *identityModel) set(ctx context.Context, id *gotoauth.Identity) diag.Diagnostics {
	m.UserKey = optionalString(id.UserKey)
	m.OrganizerKey = optionalString(id.UserKey)
	m.Email = optionalString(id.Email)
	m.FirstName = optionalString(id.FirstName)
	m.LastName = optionalString(id.LastName)
	m.DisplayName = optionalString(id.DisplayName)
	m.Locale = optionalString(id.Locale)
	m.TimeZone = optionalString(id.TimeZone)
	m.AccountKey = optionalString(id.AccountKey())
	accountType := types.ObjectType{AttrTypes: attrTypes(accountAttributes)}
	if id.Accounts == nil {
		m.Accounts = types.ListNull(accountType)
		return nil
	}
	var diags diag.Diagnostics
	accounts := make([]accountModel, 0, len(id.Accounts))
	for _, a := range id.Accounts {
		entitlements := types.ListNull(types.StringType)
		if a.Entitlements != nil {
			var d diag.Diagnostics
			entitlements, d = types.ListValueFrom(ctx, types.StringType, a.Entitlements)
			diags.Append(d...)
		}
		accounts = append(accounts, accountModel{Key: optionalString(a.Key), Name: optionalString(a.Name), Entitlements: entitlements})
	}
	var d diag.Diagnostics
	m.Accounts, d = types.ListValueFrom(ctx, accountType, accounts)
	diags.Append(d...)
	return diags
}

// unknown makes every result unknown.
func (m *identityModel) unknown() {
	for _, v := range []*types.String{&m.UserKey, &m.OrganizerKey, &m.Email, &m.FirstName, &m.LastName, &m.DisplayName,
		&m.Locale, &m.TimeZone, &m.AccountKey} {
		*v = types.StringUnknown()
	}
	m.Accounts = types.ListUnknown(types.ObjectType{AttrTypes: attrTypes(accountAttributes)})
}
