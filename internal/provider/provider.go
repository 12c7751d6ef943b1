// Package provider is the Terraform glue around internal/gotoauth: schema,
// model conversion and diagnostics.
package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

var (
	_ provider.Provider                       = (*gotoProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*gotoProvider)(nil)
	_ provider.ProviderWithFunctions          = (*gotoProvider)(nil)
)

type gotoProvider struct {
	version string
	// cache shares identical exchanges among this provider instance's data
	// sources and ephemeral resources; Terraform starts one instance per
	// provider configuration and command phase.
	cache *gotoauth.Cache
	// logins watches for direct logins beside other exchanges through the
	// same client id.
	logins *directLoginWatch
}

// New returns the provider factory for providerserver.Serve and acceptance tests.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &gotoProvider{version: version, cache: gotoauth.NewCache(), logins: newDirectLoginWatch()}
	}
}

type providerModel struct {
	ClientID       types.String         `tfsdk:"client_id"`
	ClientSecret   types.String         `tfsdk:"client_secret"`
	TokenURL       types.String         `tfsdk:"token_url"`
	DirectLoginURL types.String         `tfsdk:"direct_login_url"`
	RequestTimeout timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries     types.Int64          `tfsdk:"max_retries"`
	MaxWait        timetypes.GoDuration `tfsdk:"max_wait"`
	CACertPEM      types.String         `tfsdk:"ca_cert_pem"`
	CACertFile     types.String         `tfsdk:"ca_cert_file"`
	TokenCacheDir  types.String         `tfsdk:"token_cache_dir"`
	APIURL         types.String         `tfsdk:"api_url"`
	AccessToken    types.String         `tfsdk:"access_token"`
	RevokeURL      types.String         `tfsdk:"revoke_url"`
}

func (p *gotoProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "goto"
	resp.Version = p.version
}

func (p *gotoProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		Description: "Exchanges GoTo OAuth credentials for access tokens and hands them to other providers.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The OAuth client id from the GoTo Developer Center; for `goto_direct_login` it is the " +
					"application's consumer key. Defaults to the `GOTO_CLIENT_ID` environment variable.",
			},
			"client_secret": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "The OAuth client secret, sent only as HTTP Basic authentication to the token endpoint. " +
					"Defaults to the `GOTO_CLIENT_SECRET` environment variable, which keeps it out of configuration files.",
			},
			"token_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "GoTo's OAuth token endpoint. Defaults to the `GOTO_TOKEN_URL` environment variable, then `" +
					gotoauth.DefaultTokenURL + "`. Must be https; plain http is accepted only for loopback hosts, such as the mock server.",
				Validators: []validator.String{endpointValidator{}},
			},
			"direct_login_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The GoToAssist Corporate direct login endpoint used by `goto_direct_login`. Defaults to the " +
					"`GOTO_DIRECT_LOGIN_URL` environment variable, then `" + gotoauth.DefaultDirectLoginURL + "`. Must be https; plain http " +
					"is accepted only for loopback hosts.",
				Validators: []validator.String{endpointValidator{}},
			},
			"request_timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long one attempt at a token request may take, as a Go duration string such as `\"30s\"`, `\"1m\"` " +
					"or `\"1m30s\"` (units `ms`, `s`, `m`, `h`; no day unit). Must be greater than zero; negative durations are refused. " +
					"Defaults to `\"30s\"`.",
				Validators: []validator.String{durationSign{positive: true}},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a token request is retried after a 502, 503 or 504 answer or a network error, with " +
					"exponential backoff that honours `Retry-After`. Rate limits (429) are not counted here: they are waited out within " +
					"`max_wait`. Other errors are never retried. Between `0` and `20`; defaults to `4`.",
				Validators: []validator.Int64{int64validator.Between(0, 20)},
			},
			"max_wait": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "How long one exchange may spend in total waiting out rate limits (429) and retries, and waiting for " +
					"an identical exchange of another provider process (see `token_cache_dir`), as a Go duration string such as `\"5m\"` " +
					"or `\"10m\"`. GoTo allows about 10 token requests per second per client and sends no `Retry-After`, so parallel runs " +
					"sharing a client are slowed down, not failed, until this runs out. Must be greater than zero. Defaults to `\"5m\"`, " +
					"enough for about 200 processes starting together.",
				Validators: []validator.String{durationSign{positive: true}},
			},
			"token_cache_dir": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "A directory through which provider processes of the same user on one machine (Terragrunt " +
					"`run-all`, Atlantis, parallel CI jobs) share identical exchanges: one request, one token, one direct login. " +
					"Entries are encrypted with a key derived from the exchange's own secrets; see the provider's documentation for what " +
					"is stored and when not to use it. Created with mode 0700 when missing; a directory that another user owns or others " +
					"may write to is refused with a warning. Defaults to the `GOTO_TOKEN_CACHE_DIR` environment variable; unset, " +
					"exchanges are shared only inside one provider process.",
			},
			"api_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The host of GoTo's APIs, which `goto_identity` reads. Defaults to the `GOTO_API_URL` environment " +
					"variable, then `" + gotoauth.DefaultAPIURL + "`. Must be https; plain http is accepted only for loopback hosts.",
				Validators: []validator.String{endpointValidator{}},
			},
			"access_token": schema.StringAttribute{
				Optional:  true,
				Sensitive: true,
				MarkdownDescription: "An access token for the provider's own API reads: `goto_identity` uses it when given no " +
					"`access_token` of its own. The token exchanges never use it. A provider block is an ephemeral context, so this " +
					"may come from an ephemeral exchange in a provider alias, which keeps the token out of state and plan files. " +
					"Defaults to the `GOTO_ACCESS_TOKEN` environment variable.",
			},
			"revoke_url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "GoTo's token revocation endpoint (RFC 7009), used by `revoke_on_close` and `revoke_on_destroy`. " +
					"Defaults to the `GOTO_REVOKE_URL` environment variable, then `" + gotoauth.DefaultRevokeURL + "`. Must be " +
					"https; plain http is accepted only for loopback hosts.",
				Validators: []validator.String{endpointValidator{}},
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Extra PEM-encoded CA certificates to trust besides the system's, for corporate TLS proxies. " +
					"Proxies themselves come from the standard `HTTPS_PROXY` and `NO_PROXY` environment variables. " +
					"May be given together with `ca_cert_file`: the certificates of both are trusted.",
			},
			"ca_cert_file": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "The path of a PEM file of extra CA certificates to trust besides the system's, such as the CA " +
					"that `goto-mock-server -tls` writes to its `-tls-ca-out` file. Defaults to the `GOTO_CA_CERT_FILE` environment " +
					"variable. May be given together with `ca_cert_pem`: the certificates of both are trusted. The file is read when " +
					"the first exchange runs.",
			},
		},
	}
}

func (p *gotoProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clients := newClientSource(ctx, m, p.cache, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if clients.cacheDir != "" {
		if err := p.cache.UseDir(clients.cacheDir); err != nil {
			resp.Diagnostics.AddWarning("Token Cache Directory Not Used",
				fmt.Sprintf("The token cache directory %q (token_cache_dir or GOTO_TOKEN_CACHE_DIR) is not used: %s. Exchanges go ahead "+
					"without it, so each provider process makes its own requests.", clients.cacheDir, err))
		}
	}
	clients.cfg.UserAgent = gotoauth.DefaultUserAgent + "/" + p.version
	clients.logins = p.logins
	resp.DataSourceData = clients
	resp.EphemeralResourceData = clients
	resp.ResourceData = clients
}

func (p *gotoProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		newAuthorizationCodeExchange,
	}
}

func (p *gotoProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		func() datasource.DataSource { return newExchangeDataSource(patExchange) },
		func() datasource.DataSource { return newExchangeDataSource(refreshTokenExchange) },
		func() datasource.DataSource { return newExchangeDataSource(directLogin) },
		newIdentityDataSource,
	}
}

func (p *gotoProvider) EphemeralResources(_ context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{
		func() ephemeral.EphemeralResource { return newExchangeEphemeral(patExchange) },
		func() ephemeral.EphemeralResource { return newExchangeEphemeral(refreshTokenExchange) },
		func() ephemeral.EphemeralResource { return newExchangeEphemeral(directLogin) },
		newIdentityEphemeral,
	}
}

func (p *gotoProvider) Functions(_ context.Context) []func() function.Function {
	return []func() function.Function{
		newAuthorizationURLFunction,
		newTokenClaimsFunction,
	}
}
