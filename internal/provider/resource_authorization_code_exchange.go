package provider

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/listplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

var (
	_ resource.ResourceWithConfigure  = (*authorizationCodeExchange)(nil)
	_ resource.ResourceWithModifyPlan = (*authorizationCodeExchange)(nil)
)

// authorizationCodeExchange is goto_authorization_code_exchange: it redeems a
// single-use authorization code once, at create, and keeps the refresh token.
// Read, plan and update never call GoTo, because the code cannot be
// exchanged twice.
type authorizationCodeExchange struct {
	clients *clientSource
	now     func() time.Time
}

func newAuthorizationCodeExchange() resource.Resource {
	return &authorizationCodeExchange{now: time.Now}
}

type authorizationCodeModel struct {
	ID              types.String      `tfsdk:"id"`
	CodeWO          types.String      `tfsdk:"code_wo"`
	CodeWOVersion   types.String      `tfsdk:"code_wo_version"`
	RedirectURI     types.String      `tfsdk:"redirect_uri"`
	RefreshToken    types.String      `tfsdk:"refresh_token"`
	Principal       types.String      `tfsdk:"principal"`
	Scope           types.String      `tfsdk:"scope"`
	Scopes          types.List        `tfsdk:"scopes"`
	ExchangedAt     timetypes.RFC3339 `tfsdk:"exchanged_at"`
	RevokeOnDestroy types.Bool        `tfsdk:"revoke_on_destroy"`
}

func (r *authorizationCodeExchange) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_authorization_code_exchange"
}

func (r *authorizationCodeExchange) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Exchanges a GoTo authorization code for a refresh token, exactly once " +
			"(`grant_type=authorization_code`), and keeps the refresh token in the state for `goto_refresh_token_exchange`.\n\n" +
			"An authorization code is single use and lives about ten minutes. Get one by opening the URL from " +
			"`provider::goto::authorization_url` in a browser, signing in, and copying the `code` parameter from the address " +
			"GoTo redirects to. The code is write-only: it reaches neither the plan nor the state. Because Terraform cannot " +
			"see a change to a write-only value, a new code is exchanged only when `code_wo_version` changes, which replaces " +
			"the resource. Create is the only operation that calls GoTo: refreshing and planning keep the stored values, " +
			"and the access token of the exchange is discarded. Destroying the resource forgets the refresh token, and with " +
			"`revoke_on_destroy` also revokes it at GoTo. Import is not supported, because a code can be redeemed only by this resource.\n\n" +
			"Requires Terraform 1.11 or later (write-only attributes).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "A random identifier of this exchange. It is derived from nothing secret.",
				PlanModifiers:       keep,
			},
			"code_wo": schema.StringAttribute{
				Optional:  true,
				WriteOnly: true,
				Sensitive: true,
				MarkdownDescription: "The authorization code from the redirect after sign-in; write-only, so it is kept out of the " +
					"plan and the state. Needed whenever the resource is created or replaced; afterwards it may be left null, " +
					"for example with an ephemeral variable that defaults to `null`. Changing it alone does nothing: change " +
					"`code_wo_version` too.",
			},
			"code_wo_version": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Any value that you change whenever you set a new `code_wo`, such as `\"2\"` or a date. " +
					"Changing it replaces the resource, which exchanges the new code.",
				PlanModifiers: replace,
			},
			"redirect_uri": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The redirect URI the authorization URL was built with. GoTo requires the exchange to repeat " +
					"it exactly when the authorize request carried one; leave it null when that request had none. Changing it " +
					"replaces the resource.",
				PlanModifiers: replace,
				Validators:    []validator.String{absoluteURLValidator{}},
			},
			"refresh_token": schema.StringAttribute{
				Computed:  true,
				Sensitive: true,
				MarkdownDescription: "The refresh token GoTo returned, to feed `goto_refresh_token_exchange`. It lives about 30 days " +
					"and GoTo may rotate it: a refresh-token exchange then returns a newer one, and this value stops working. " +
					"Null when GoTo returned none.",
				PlanModifiers: keep,
			},
			"principal": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The user who signed in, usually an email address; null when GoTo did not say.",
				PlanModifiers:       keep,
			},
			"scope": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The granted scopes as GoTo returned them, separated by spaces.",
				PlanModifiers:       keep,
			},
			"scopes": schema.ListAttribute{
				ElementType:         types.StringType,
				Computed:            true,
				MarkdownDescription: "The granted scopes as a list.",
				PlanModifiers:       []planmodifier.List{listplanmodifier.UseStateForUnknown()},
			},
			"revoke_on_destroy": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Whether destroying the resource revokes the stored refresh token at GoTo (`revoke_url`, RFC 7009, " +
					"`token_type_hint=refresh_token`). Destroy uses the value in the state, so apply a change to it before destroying. " +
					"Revocation is best effort: a failure is a warning and the resource is still removed. Defaults to `false`.",
			},
			"exchanged_at": schema.StringAttribute{
				CustomType:          timetypes.RFC3339Type{},
				Computed:            true,
				MarkdownDescription: "When the code was exchanged, as an RFC 3339 UTC timestamp.",
				PlanModifiers:       keep,
			},
		},
	}
}

func (r *authorizationCodeExchange) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	r.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

// ModifyPlan refuses, at plan time, to create the resource without a code,
// rather than failing halfway through an apply.
func (r *authorizationCodeExchange) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if !req.State.Raw.IsNull() || req.Plan.Raw.IsNull() {
		return
	}
	var code, redirectURI types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("code_wo"), &code)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("redirect_uri"), &redirectURI)...)
	if !code.IsUnknown() && code.ValueString() == "" {
		resp.Diagnostics.Append(missingCode(r.signInURL(redirectURI)))
	}
}

// signInURL is an authorization URL for the provider's client, to quote in
// a diagnostic; empty when the client id or redirect URI is not known yet.
func (r *authorizationCodeExchange) signInURL(redirectURI types.String) string {
	if r.clients == nil || r.clients.pending() || redirectURI.IsUnknown() {
		return ""
	}
	u, err := gotoauth.AuthorizationURL(gotoauth.AuthorizeURLFor(r.clients.cfg.TokenURL), r.clients.cfg.ClientID, redirectURI.ValueString(), "", "")
	if err != nil {
		return ""
	}
	return u
}

func missingCode(signInURL string) diag.Diagnostic {
	open := "Open the URL from provider::goto::authorization_url"
	if signInURL != "" {
		open = "Open " + signInURL + " (it asks for all of the OAuth client's scopes; provider::goto::authorization_url " +
			"builds one with fewer scopes and a state)"
	}
	return diag.NewAttributeErrorDiagnostic(path.Root("code_wo"), "Missing Authorization Code",
		"Creating or replacing goto_authorization_code_exchange exchanges an authorization code, but code_wo is null or empty. "+
			open+", sign in, copy the code parameter from the address GoTo redirects to, and pass it to code_wo (for example "+
			"through an ephemeral variable) within about ten minutes.")
}

func (r *authorizationCodeExchange) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var m authorizationCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	// Write-only values exist only in the configuration.
	var code types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("code_wo"), &code)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if code.IsUnknown() || code.ValueString() == "" {
		resp.Diagnostics.Append(missingCode(r.signInURL(m.RedirectURI)))
		return
	}
	if r.clients == nil {
		resp.Diagnostics.AddError("Provider Not Configured", "The goto provider was not configured before the authorization code "+
			"exchange ran. Please report this issue to the provider developers.")
		return
	}
	client, diags := r.clients.get(true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx = tflog.MaskLogStrings(r.clients.mask(ctx), code.ValueString())
	t, err := client.ExchangeAuthorizationCode(ctx, code.ValueString(), m.RedirectURI.ValueString())
	resp.Diagnostics.Append(r.clients.logins.record(r.clients.cfg.ClientID, blockKind("resource", "goto_authorization_code_exchange"))...)
	if err != nil {
		resp.Diagnostics.Append(codeExchangeFailed(err))
		return
	}
	id, err := randomID()
	if err != nil {
		resp.Diagnostics.AddError("Authorization Code Exchange Failed", "The code was exchanged, but no identifier could be generated "+
			"for the resource: "+err.Error()+". The code is now used up: get a new one and apply again.")
		return
	}

	// The access token is dropped on purpose: it lives an hour, and
	// goto_refresh_token_exchange makes fresh ones from the refresh token.
	m.ID = types.StringValue(id)
	m.CodeWO = types.StringNull()
	m.RefreshToken = optionalString(t.RefreshToken)
	m.Principal = optionalString(t.Principal)
	m.Scope, m.Scopes, diags = scopeValues(ctx, t)
	resp.Diagnostics.Append(diags...)
	m.ExchangedAt = timetypes.NewRFC3339TimeValue(r.now().UTC())
	if t.RefreshToken == "" {
		resp.Diagnostics.AddAttributeWarning(path.Root("refresh_token"), "GoTo Returned No Refresh Token",
			"The authorization code was exchanged, but GoTo's answer held no refresh token, so refresh_token is null and "+
				"goto_refresh_token_exchange cannot use this resource. Check that the OAuth client in the GoTo Developer Center "+
				"is allowed refresh tokens, then exchange a new code (change code_wo_version).")
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

func (r *authorizationCodeExchange) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {
	// The state stays as it is: nothing at GoTo can be read back without
	// spending a token, and the refresh token's validity shows when it is used.
}

// Update only records new values of arguments that do not replace the
// resource; every argument does, so nothing is exchanged here.
func (r *authorizationCodeExchange) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var m authorizationCodeModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	m.CodeWO = types.StringNull()
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete forgets the refresh token and, with revoke_on_destroy, revokes it.
// GoTo's revocation is undocumented, so a failure warns and the resource is
// removed all the same.
func (r *authorizationCodeExchange) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var m authorizationCodeModel
	resp.Diagnostics.Append(req.State.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() || !m.RevokeOnDestroy.ValueBool() || m.RefreshToken.ValueString() == "" || r.clients == nil {
		return
	}
	client, diags := r.clients.get(true)
	if diags.HasError() {
		resp.Diagnostics.AddWarning("Refresh Token Not Revoked", "revoke_on_destroy could not revoke the refresh token, because the "+
			"provider configuration is incomplete (client_id and client_secret are needed). The token stays valid until it expires "+
			"or is revoked in the GoTo Developer Center.")
		return
	}
	ctx = tflog.MaskLogStrings(r.clients.mask(ctx), m.RefreshToken.ValueString())
	if err := client.Revoke(ctx, m.RefreshToken.ValueString(), gotoauth.RefreshTokenKind); err != nil {
		resp.Diagnostics.AddWarning("Refresh Token Not Revoked", revocationFailure(err)+
			" The resource is removed all the same; the refresh token stays valid until it expires (about 30 days).")
	}
}

// codeExchangeFailed explains a failed exchange. A refused code gets the
// provider's own advice, which names the resource's arguments.
func codeExchangeFailed(err error) diag.Diagnostic {
	var gerr *gotoauth.Error
	if !errors.As(err, &gerr) {
		return diag.NewErrorDiagnostic(gotoauth.AuthorizationCode.Title()+" Failed", err.Error()+".")
	}
	e := *gerr
	if e.Code == "invalid_grant" {
		e.Hint = reusedCodeHint
	}
	return diag.NewErrorDiagnostic(gotoauth.AuthorizationCode.Title()+" Failed", e.Detail())
}

const reusedCodeHint = "An authorization code is single use and lives about ten minutes, so a code that was exchanged before " +
	"or is older than that is refused. To get a new one, open the URL from provider::goto::authorization_url again, sign in, " +
	"and copy the code parameter from the address GoTo redirects to; then set code_wo to it and change code_wo_version, " +
	"which replaces this resource and exchanges the new code. redirect_uri must equal the one the authorization URL was built with."

// randomID is a version 4 UUID.
func randomID() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:]), nil
}

// absoluteURLValidator accepts an absolute URL, as GoTo requires of a
// redirect URI.
type absoluteURLValidator struct{}

var _ validator.String = absoluteURLValidator{}

func (absoluteURLValidator) Description(context.Context) string {
	return "value must be an absolute URL, such as the redirect URI registered on the OAuth client"
}

func (v absoluteURLValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v absoluteURLValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u, err := url.Parse(req.ConfigValue.ValueString())
	if err != nil || u.Scheme == "" || u.Host == "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Redirect URI",
			fmt.Sprintf("%s: %q is not an absolute URL; %s.", req.Path, req.ConfigValue.ValueString(), v.Description(ctx)))
	}
}
