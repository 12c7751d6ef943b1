package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// defaultMinValidity is how much life a shared token must have left to be
// handed out again instead of exchanging anew.
const defaultMinValidity = 5 * time.Minute

// exchangeSpec describes one exchange once, for both its ephemeral resource
// and its data source, so the twins cannot drift apart. M is the exchange's
// model: its inputs, tokenModel and extra outputs.
type exchangeSpec[M any] struct {
	name        string // type name after "goto_"
	exchange    gotoauth.Exchange
	description string
	// attributes are the inputs and extra outputs beside tokenAttributes.
	attributes map[string]attribute
	token      func(m *M) *tokenModel
	// run performs the exchange and fills the extra outputs.
	run func(ctx context.Context, clients *clientSource, m *M) (*gotoauth.Token, diag.Diagnostics)
}

// tokenModel holds the attributes every exchange returns.
type tokenModel struct {
	AccessToken         types.String `tfsdk:"access_token"`
	TokenType           types.String `tfsdk:"token_type"`
	AuthorizationHeader types.String `tfsdk:"authorization_header"`
	ExpiresIn           types.Int64  `tfsdk:"expires_in"`
	ExpiresAt           types.String `tfsdk:"expires_at"`
	Scope               types.String `tfsdk:"scope"`
	Scopes              types.List   `tfsdk:"scopes"`
	Principal           types.String `tfsdk:"principal"`
}

var tokenAttributes = map[string]attribute{
	"access_token":         {kind: stringKind, role: output, sensitive: true, description: "The access token to send to GoTo APIs."},
	"token_type":           {kind: stringKind, role: output, description: "The token type, `Bearer`."},
	"authorization_header": {kind: stringKind, role: output, sensitive: true, description: "The value for an `Authorization` header: `Bearer <access_token>`."},
	"expires_in":           {kind: int64Kind, role: output, description: "The token's lifetime in seconds, as GoTo reported it."},
	"expires_at":           {kind: stringKind, role: output, description: "When the token expires, as an RFC 3339 UTC timestamp computed when it was received."},
	"scope":                {kind: stringKind, role: output, description: "The granted scopes as GoTo returned them, separated by spaces; null when GoTo reports none, as with direct login."},
	"scopes":               {kind: stringListKind, role: output, description: "The granted scopes as a list; empty when GoTo reports none."},
	"principal":            {kind: stringKind, role: output, description: "The user the token acts for, usually an email address."},
}

var minValidityAttribute = attribute{
	kind: stringKind, role: input, validators: durationValidators,
	description: "How much life a token must have left to be shared with an identical exchange made earlier by the same " +
		"provider process, as a duration such as `\"5m\"`. A token with less is replaced by a new exchange. Defaults to `\"5m\"`.",
}

// set fills the common attributes from t.
func (tm *tokenModel) set(ctx context.Context, t *gotoauth.Token) diag.Diagnostics {
	tm.AccessToken = types.StringValue(t.AccessToken)
	tm.TokenType = types.StringValue(t.TokenType)
	tm.AuthorizationHeader = types.StringValue(t.AuthorizationHeader())
	tm.ExpiresIn = types.Int64Null()
	tm.ExpiresAt = types.StringNull()
	if !t.ExpiresAt.IsZero() {
		tm.ExpiresIn = types.Int64Value(t.ExpiresIn)
		tm.ExpiresAt = types.StringValue(t.ExpiresAt.UTC().Format(time.RFC3339))
	}
	// Direct login reports no scope: scope is then null and scopes empty,
	// so expressions over the list still work.
	tm.Scope = optionalString(t.Scope)
	tm.Principal = types.StringValue(t.Principal)
	scopes := t.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	var diags diag.Diagnostics
	tm.Scopes, diags = types.ListValueFrom(ctx, types.StringType, scopes)
	return diags
}

// perform runs the exchange for one configuration.
func (s *exchangeSpec[M]) perform(ctx context.Context, clients *clientSource, m *M) diag.Diagnostics {
	if clients == nil {
		var diags diag.Diagnostics
		diags.AddError("Provider Not Configured", "The goto provider was not configured before "+s.exchange.String()+" ran. Please report this issue to the provider developers.")
		return diags
	}
	ctx = clients.mask(ctx)
	t, diags := s.run(ctx, clients, m)
	if diags.HasError() {
		return diags
	}
	diags.Append(s.token(m).set(ctx, t)...)
	return diags
}

// secretInput reads a sensitive input that may instead come from an
// environment variable, which keeps it out of data-source state. The
// returned context masks the value in logs.
func secretInput(ctx context.Context, v types.String, attribute, env, what string, diags *diag.Diagnostics) (context.Context, string) {
	value := v.ValueString()
	if v.IsNull() {
		value = os.Getenv(env)
	}
	if value == "" {
		diags.AddAttributeError(path.Root(attribute), "Missing "+what,
			fmt.Sprintf("Set %s, or the %s environment variable. The environment variable keeps the value out of the configuration "+
				"and, for a data source, out of the state.", attribute, env))
		return ctx, ""
	}
	return tflog.MaskLogStrings(ctx, value), value
}

// minValidity reads min_validity, defaulting to five minutes.
func minValidity(v types.String) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return defaultMinValidity
	}
	d, err := time.ParseDuration(v.ValueString())
	if err != nil {
		return defaultMinValidity
	}
	return d
}

// exchangeFailed turns an exchange error into a diagnostic whose summary
// names the exchange and whose detail says what GoTo answered and what to do.
func exchangeFailed(ex gotoauth.Exchange, err error) diag.Diagnostics {
	var diags diag.Diagnostics
	detail := err.Error()
	var gerr *gotoauth.Error
	if errors.As(err, &gerr) {
		detail = gerr.Detail()
	}
	diags.AddError(ex.Title()+" Failed", detail)
	return diags
}
