package provider

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
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
	// attributes are the inputs and extra outputs beside commonAttributes.
	attributes map[string]attribute
	// secret is the long-lived input that may come from the environment,
	// and secretValue its configured value.
	secret      secretInput
	secretValue func(m *M) types.String
	// common returns the parts of M every exchange shares.
	common func(m *M) *commonModel
	// call performs the exchange with the resolved secret.
	call func(ctx context.Context, c *gotoauth.Client, m *M, secret string, minValidity time.Duration) (*gotoauth.Token, error)
	// results fills the extra outputs and may add warnings; nil when none.
	results func(m *M, t *gotoauth.Token, diags *diag.Diagnostics)
}

// secretInput names a sensitive argument and its environment fallback.
type secretInput struct {
	attribute string
	env       string
	title     string // for diagnostics: "Personal Access Token"
}

// commonModel holds min_validity and the attributes every exchange returns.
type commonModel struct {
	MinValidity timetypes.GoDuration `tfsdk:"min_validity"`
	tokenModel
}

// tokenModel holds the attributes every exchange returns.
type tokenModel struct {
	AccessToken         types.String      `tfsdk:"access_token"`
	TokenType           types.String      `tfsdk:"token_type"`
	AuthorizationHeader types.String      `tfsdk:"authorization_header"`
	ExpiresIn           types.Int64       `tfsdk:"expires_in"`
	ExpiresAt           timetypes.RFC3339 `tfsdk:"expires_at"`
	Scope               types.String      `tfsdk:"scope"`
	Scopes              types.List        `tfsdk:"scopes"`
	Principal           types.String      `tfsdk:"principal"`
}

var tokenAttributes = map[string]attribute{
	"access_token":         {kind: stringKind, role: output, sensitive: true, description: "The access token to send to GoTo APIs."},
	"token_type":           {kind: stringKind, role: output, description: "The token type, `Bearer`."},
	"authorization_header": {kind: stringKind, role: output, sensitive: true, description: "The value for an `Authorization` header: `Bearer <access_token>`."},
	"expires_in":           {kind: int64Kind, role: output, description: "The token's lifetime in seconds, as GoTo reported it; null, like `expires_at`, when GoTo reports none."},
	"expires_at":           {kind: stringKind, role: output, customType: timetypes.RFC3339Type{}, description: "When the token expires, as an RFC 3339 UTC timestamp computed when it was received."},
	"scope":                {kind: stringKind, role: output, description: "The granted scopes as GoTo returned them, separated by spaces; null when GoTo reports none, as with direct login."},
	"scopes":               {kind: stringListKind, role: output, description: "The granted scopes as a list; empty when GoTo reports none."},
	"principal":            {kind: stringKind, role: output, description: "The user the token acts for, usually an email address."},
}

// commonAttributes are min_validity and the token attributes.
var commonAttributes = func() map[string]attribute {
	out := map[string]attribute{"min_validity": duration(
		"How much life a token must have left to be shared with an identical exchange made earlier by the same " +
			"provider process, or by another process through `token_cache_dir`, as a Go duration string such as `\"90s\"`, " +
			"`\"5m\"` or `\"1h30m\"` (units `ms`, `s`, `m`, `h`; no day unit). A token with less is replaced by a new exchange. " +
			"Negative durations are refused. Defaults to `\"5m\"`.",
	)}
	for name, a := range tokenAttributes {
		out[name] = a
	}
	return out
}()

// set fills the common attributes from t.
func (tm *tokenModel) set(ctx context.Context, t *gotoauth.Token) diag.Diagnostics {
	tm.AccessToken = types.StringValue(t.AccessToken)
	tm.TokenType = types.StringValue(t.TokenType)
	tm.AuthorizationHeader = types.StringValue(t.AuthorizationHeader())
	tm.ExpiresIn = types.Int64Null()
	tm.ExpiresAt = timetypes.NewRFC3339Null()
	if !t.ExpiresAt.IsZero() {
		tm.ExpiresIn = types.Int64Value(t.ExpiresIn)
		tm.ExpiresAt = timetypes.NewRFC3339TimeValue(t.ExpiresAt.UTC())
	}
	tm.Principal = optionalString(t.Principal)
	var diags diag.Diagnostics
	tm.Scope, tm.Scopes, diags = scopeValues(ctx, t)
	return diags
}

// scopeValues are the scope and scopes attributes of a token. Direct login
// reports no scope: scope is then null and scopes empty, so expressions over
// the list still work.
func scopeValues(ctx context.Context, t *gotoauth.Token) (types.String, types.List, diag.Diagnostics) {
	scopes := t.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	list, diags := types.ListValueFrom(ctx, types.StringType, scopes)
	return optionalString(t.Scope), list, diags
}

// perform runs the exchange for one configuration of a block (keyword
// "data" or "ephemeral") and fills its results. A revocable exchange shares
// its token only with other revocable ones, and the caller must Release the
// returned token.
func (s *exchangeSpec[M]) perform(ctx context.Context, keyword string, clients *clientSource, m *M, revocable bool) (*gotoauth.Token, diag.Diagnostics) {
	var diags diag.Diagnostics
	if clients == nil {
		diags.AddError("Provider Not Configured", "The goto provider was not configured before "+s.exchange.String()+" ran. Please report this issue to the provider developers.")
		return nil, diags
	}
	ctx = clients.mask(ctx)
	ctx, secret := s.secret.read(ctx, s.secretValue(m), &diags)
	// Direct login sends no client secret.
	client, more := clients.get(s.exchange != gotoauth.DirectLogin)
	diags.Append(more...)
	if diags.HasError() {
		return nil, diags
	}
	common := s.common(m)
	if revocable {
		client = client.Revocable()
	}
	var t *gotoauth.Token
	var err error
	for attempt := 1; ; attempt++ {
		t, err = s.call(ctx, client, m, secret, minValidity(common.MinValidity))
		// A shared token revoked by another instance's close between the
		// exchange and now is not used; the next exchange makes a new one.
		if err != nil || !revocable || client.Hold(t) {
			break
		}
		if attempt == 3 {
			diags.AddError(s.exchange.Title()+" Failed", "Each token this exchange received was revoked at once by another "+
				"instance closing with revoke_on_close. Run again, or set revoke_on_close on fewer instances.")
			return nil, diags
		}
	}
	// A failed direct login revokes nothing; any other exchange may hold
	// tokens a direct login revokes, or have failed because of one.
	if err == nil || s.exchange != gotoauth.DirectLogin {
		diags.Append(clients.logins.record(clients.cfg.ClientID, blockKind(keyword, "goto_"+s.name))...)
	}
	if err != nil {
		diags.Append(exchangeFailed(s.exchange, err)...)
		return nil, diags
	}
	if s.results != nil {
		s.results(m, t, &diags)
	}
	diags.Append(common.set(ctx, t)...)
	return t, diags
}

// read returns the configured value or the environment variable's. The
// variable keeps the value out of data-source state; the returned context
// masks it in logs.
func (in secretInput) read(ctx context.Context, v types.String, diags *diag.Diagnostics) (context.Context, string) {
	value := v.ValueString()
	if v.IsNull() {
		value = os.Getenv(in.env)
	}
	if value == "" {
		diags.AddAttributeError(path.Root(in.attribute), "Missing "+in.title,
			fmt.Sprintf("Set %s, or the %s environment variable. The environment variable keeps the value out of the configuration "+
				"and, for a data source, out of the state.", in.attribute, in.env))
		return ctx, ""
	}
	return tflog.MaskLogStrings(ctx, value), value
}

// minValidity reads min_validity, which the schema has validated,
// defaulting to five minutes.
func minValidity(v timetypes.GoDuration) time.Duration {
	if v.IsNull() || v.IsUnknown() {
		return defaultMinValidity
	}
	d, diags := v.ValueGoDuration()
	if diags.HasError() {
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
