package provider

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// exchangeEphemeral serves an exchange as an ephemeral resource: the token
// reaches provider blocks, write-only attributes and other ephemeral
// resources without ever entering state or plan files.
//
// It has no Renew: Terraform cannot hand a renewed token to the values that
// already used the old one, so a renewal would only pretend to help.
type exchangeEphemeral[M any] struct {
	spec    *exchangeSpec[M]
	clients *clientSource
}

func newExchangeEphemeral[M any](spec *exchangeSpec[M]) ephemeral.EphemeralResource {
	return &exchangeEphemeral[M]{spec: spec}
}

var (
	_ ephemeral.EphemeralResourceWithConfigure = (*exchangeEphemeral[patModel])(nil)
	_ ephemeral.EphemeralResourceWithClose     = (*exchangeEphemeral[patModel])(nil)
)

// revokeOnClose is the one argument the ephemeral resources have and their
// data-source twins lack, so the shared model M does not hold it.
const revokeOnClose = "revoke_on_close"

var revokeOnCloseAttribute = map[string]attribute{revokeOnClose: {kind: boolKind, role: input,
	description: "Whether to revoke the access token at GoTo (`revoke_url`, RFC 7009) when Terraform is done with it, at the end of " +
		"the plan or apply that opened it. Identical instances share one token, which is revoked once, after the last of them " +
		"closes. Revocation is best effort: a failure is a warning, and the token then lives until it expires. Defaults to `false`."}}

// privateRevoke is the private-data key under which Open hands Close the
// token to revoke. Private data never reaches state, plan files or logs.
const privateRevoke = "revoke"

type revokePrivate struct {
	AccessToken string `json:"access_token"`
}

func (e *exchangeEphemeral[M]) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_" + e.spec.name
}

func (e *exchangeEphemeral[M]) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: e.spec.description,
		Attributes:          ephemeralAttributes(commonAttributes, e.spec.attributes, revokeOnCloseAttribute),
	}
}

func (e *exchangeEphemeral[M]) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	e.clients = clientSourceFrom(req.ProviderData, &resp.Diagnostics)
}

func (e *exchangeEphemeral[M]) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	var m M
	revoke, diags := configWithout(ctx, req.Config, &m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if e.clients != nil && e.clients.pending() {
		e.openUnknown(ctx, resp, &m, revoke)
		return
	}
	t, diags := e.spec.perform(ctx, "ephemeral", e.clients, &m, revoke.ValueBool())
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if revoke.ValueBool() {
		private, err := json.Marshal(revokePrivate{AccessToken: t.AccessToken})
		if err == nil {
			resp.Diagnostics.Append(resp.Private.SetKey(ctx, privateRevoke, private)...)
		}
	}
	resp.Diagnostics.Append(setWith(ctx, &resp.Result, &m, revoke)...)
}

// Close revokes the token when revoke_on_close asked for it and this was
// its last holder. Revocation is best effort, so failures are warnings.
func (e *exchangeEphemeral[M]) Close(ctx context.Context, req ephemeral.CloseRequest, resp *ephemeral.CloseResponse) {
	raw, diags := req.Private.GetKey(ctx, privateRevoke)
	if diags.HasError() || len(raw) == 0 {
		return
	}
	var p revokePrivate
	if err := json.Unmarshal(raw, &p); err != nil || p.AccessToken == "" || e.clients == nil {
		return
	}
	ctx = tflog.MaskLogStrings(e.clients.mask(ctx), p.AccessToken)
	client, diags := e.clients.get(e.spec.exchange != gotoauth.DirectLogin)
	if diags.HasError() {
		resp.Diagnostics.AddWarning("Token Not Revoked", "revoke_on_close could not revoke the access token, because the provider "+
			"configuration is incomplete. The token stays valid until it expires.")
		return
	}
	if _, err := client.Release(ctx, p.AccessToken); err != nil {
		resp.Diagnostics.AddWarning("Token Not Revoked", revocationFailure(err)+
			" The access token stays valid until it expires (expires_at); the run itself is not affected.")
	}
}

// openUnknown answers an Open made while the provider configuration depends
// on values known only after apply, which happens only during a plan:
// every result is unknown, as for an ephemeral resource whose own arguments
// are not known yet, and Terraform opens the resource again during apply.
// OpenTofu (1.12) rejects such a result but, unlike Terraform, postpones
// opening an ephemeral resource whose depends_on has pending changes; the
// warning says so.
func (e *exchangeEphemeral[M]) openUnknown(ctx context.Context, resp *ephemeral.OpenResponse, m *M, revoke types.Bool) {
	resp.Diagnostics.AddWarning("Token Exchange Waits for Apply",
		"The goto provider's "+e.clients.pendingSettings()+" depends on a value that is known only after apply, so this "+
			"exchange happens during apply, and its results are unknown in the plan. OpenTofu does not accept results that are "+
			"not known yet: there, give this ephemeral resource a depends_on naming the resources the provider configuration "+
			"comes from, so it is opened during apply only.")
	resp.Diagnostics.Append(setWith(ctx, &resp.Result, m, revoke)...)
	for _, set := range []map[string]attribute{commonAttributes, e.spec.attributes} {
		for name, a := range set {
			if a.role == output {
				v, diags := a.unknown(ctx)
				resp.Diagnostics.Append(diags...)
				resp.Diagnostics.Append(resp.Result.SetAttribute(ctx, path.Root(name), v)...)
			}
		}
	}
}

// configWithout reads the configuration into m, which lacks revoke_on_close,
// and returns revoke_on_close apart.
func configWithout(ctx context.Context, cfg tfsdk.Config, m any) (types.Bool, diag.Diagnostics) {
	var obj types.Object
	diags := cfg.Get(ctx, &obj)
	if diags.HasError() {
		return types.BoolNull(), diags
	}
	attrs, typ := obj.Attributes(), obj.AttributeTypes(ctx)
	revoke, _ := attrs[revokeOnClose].(types.Bool)
	delete(attrs, revokeOnClose)
	delete(typ, revokeOnClose)
	rest, d := types.ObjectValue(typ, attrs)
	diags.Append(d...)
	if diags.HasError() {
		return revoke, diags
	}
	diags.Append(rest.As(ctx, m, basetypes.ObjectAsOptions{})...)
	return revoke, diags
}

// setWith sets the result from m and the revoke_on_close argument.
func setWith(ctx context.Context, result *tfsdk.EphemeralResultData, m any, revoke types.Bool) diag.Diagnostics {
	var obj types.Object
	diags := result.Get(ctx, &obj)
	if diags.HasError() {
		return diags
	}
	typ := obj.AttributeTypes(ctx)
	delete(typ, revokeOnClose)
	rest, d := types.ObjectValueFrom(ctx, typ, m)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	attrs := rest.Attributes()
	attrs[revokeOnClose] = revoke
	full, d := types.ObjectValue(withRevoke(typ), attrs)
	diags.Append(d...)
	if diags.HasError() {
		return diags
	}
	return append(diags, result.Set(ctx, full)...)
}

func withRevoke(typ map[string]attr.Type) map[string]attr.Type {
	out := make(map[string]attr.Type, len(typ)+1)
	for k, v := range typ {
		out[k] = v
	}
	out[revokeOnClose] = types.BoolType
	return out
}

// revocationFailure is the detail of a failed revocation, without a secret.
func revocationFailure(err error) string {
	var gerr *gotoauth.Error
	if errors.As(err, &gerr) {
		return "GoTo did not confirm the revocation: " + gerr.Detail()
	}
	return "GoTo did not confirm the revocation: " + err.Error() + "."
}
