package provider

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

// clientSource hands the GoTo client to data sources, ephemeral resources
// and resources. The client is built on first use, because provider
// settings may be unknown at plan time (they can come from resources not yet
// created); only an exchange that actually runs needs them.
type clientSource struct {
	cfg     gotoauth.Config
	unknown []string
	logins  *directLoginWatch
	// cacheDir is token_cache_dir, which Configure hands to the cache.
	cacheDir string
	// accessToken is the provider's access_token, for API reads only; the
	// exchanges never use it, so its being unknown delays only those reads.
	accessToken        string
	accessTokenUnknown bool

	once   sync.Once
	client *gotoauth.Client
	err    error
}

// newClientSource resolves the provider configuration and its environment
// fallbacks, reporting every value that is known and wrong.
func newClientSource(ctx context.Context, m providerModel, cache *gotoauth.Cache, diags *diag.Diagnostics) *clientSource {
	s := &clientSource{cfg: gotoauth.Config{
		Cache: cache,
		Log: func(ctx context.Context, msg string, fields map[string]any) {
			tflog.Debug(ctx, msg, fields)
		},
	}}
	s.cfg.ClientID = s.resolve(m.ClientID, "client_id", "GOTO_CLIENT_ID")
	s.cfg.ClientSecret = s.resolve(m.ClientSecret, "client_secret", "GOTO_CLIENT_SECRET")
	s.cfg.TokenURL = s.resolveEndpoint(m.TokenURL, "token_url", "GOTO_TOKEN_URL", diags)
	s.cfg.DirectLoginURL = s.resolveEndpoint(m.DirectLoginURL, "direct_login_url", "GOTO_DIRECT_LOGIN_URL", diags)
	s.cfg.APIURL = s.resolveEndpoint(m.APIURL, "api_url", "GOTO_API_URL", diags)
	s.cfg.RevokeURL = s.resolveEndpoint(m.RevokeURL, "revoke_url", "GOTO_REVOKE_URL", diags)
	s.cfg.CACertPEM = s.resolve(m.CACertPEM, "ca_cert_pem", "")
	s.cfg.CACertFile = s.resolve(m.CACertFile, "ca_cert_file", "GOTO_CA_CERT_FILE")
	if m.AccessToken.IsUnknown() {
		s.accessTokenUnknown = true
	} else {
		s.accessToken = s.resolve(m.AccessToken, "access_token", "GOTO_ACCESS_TOKEN")
	}
	// The schema has validated request_timeout and max_retries.
	if s.resolve(m.RequestTimeout.StringValue, "request_timeout", "") != "" {
		d, more := m.RequestTimeout.ValueGoDuration()
		diags.Append(more...)
		s.cfg.RequestTimeout = d
	}
	if s.resolve(m.MaxWait.StringValue, "max_wait", "") != "" {
		d, more := m.MaxWait.ValueGoDuration()
		diags.Append(more...)
		s.cfg.MaxWait = d
	}
	s.cacheDir = s.resolve(m.TokenCacheDir, "token_cache_dir", "GOTO_TOKEN_CACHE_DIR")
	switch {
	case m.MaxRetries.IsUnknown():
		s.unknown = append(s.unknown, "max_retries")
	case !m.MaxRetries.IsNull():
		retries := int(m.MaxRetries.ValueInt64())
		s.cfg.MaxRetries = &retries
	}
	return s
}

// resolve reads a setting, falling back to an environment variable, and
// records it when it is not known yet.
func (s *clientSource) resolve(v types.String, attribute, env string) string {
	switch {
	case v.IsUnknown():
		s.unknown = append(s.unknown, attribute)
		return ""
	case !v.IsNull():
		return v.ValueString()
	case env != "":
		return os.Getenv(env)
	}
	return ""
}

func (s *clientSource) resolveEndpoint(v types.String, attribute, env string, diags *diag.Diagnostics) string {
	raw := s.resolve(v, attribute, env)
	if raw == "" || !v.IsNull() {
		// Configured values are checked by the attribute's validator.
		return raw
	}
	if err := gotoauth.CheckEndpoint(raw); err != nil {
		diags.AddError("Invalid "+env, fmt.Sprintf("The environment variable %s (the fallback for %s): %s.", env, attribute, err))
	}
	return raw
}

// pending reports whether a setting is unknown: only during a plan whose
// provider configuration depends on values known after apply.
func (s *clientSource) pending() bool {
	return len(s.unknown) > 0
}

// pendingSettings names the settings pending reports on.
func (s *clientSource) pendingSettings() string {
	return strings.Join(s.unknown, ", ")
}

// get returns the client, or a diagnostic saying which setting is missing.
// needSecret is false for direct login, which sends no client secret.
func (s *clientSource) get(needSecret bool) (*gotoauth.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if s.pending() {
		diags.AddError("Provider Configuration Not Yet Known",
			"The goto provider's "+s.pendingSettings()+" depends on a value that is known only after apply, so no token can be "+
				"exchanged during this plan. Give the data source a depends_on naming the resources the provider configuration comes "+
				"from, so Terraform reads it during apply; or use the ephemeral resource of the same name, which waits for apply "+
				"by itself; or apply those resources first (for example with -target), or feed the setting from a variable or an "+
				"environment variable.")
		return nil, diags
	}
	if s.cfg.ClientID == "" {
		diags.AddError("Missing Client ID", "Set client_id in the goto provider block, or the GOTO_CLIENT_ID environment variable, "+
			"to the OAuth client id from the GoTo Developer Center.")
	}
	if needSecret && s.cfg.ClientSecret == "" {
		diags.AddError("Missing Client Secret", "Set client_secret in the goto provider block, or the GOTO_CLIENT_SECRET environment "+
			"variable, to the OAuth client's secret.")
	}
	if diags.HasError() {
		return nil, diags
	}
	return s.build()
}

// apiClient returns the client for API reads made with an access token,
// which need no OAuth client credentials.
func (s *clientSource) apiClient() (*gotoauth.Client, diag.Diagnostics) {
	if s.pending() {
		var diags diag.Diagnostics
		diags.AddError("Provider Configuration Not Yet Known",
			"The goto provider's "+s.pendingSettings()+" depends on a value that is known only after apply, so GoTo cannot be "+
				"asked during this plan. Give the data source a depends_on naming the resources the provider configuration comes "+
				"from, so Terraform reads it during apply, or use the ephemeral resource of the same name, which waits for apply "+
				"by itself.")
		return nil, diags
	}
	return s.build()
}

func (s *clientSource) build() (*gotoauth.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	s.once.Do(func() { s.client, s.err = gotoauth.New(s.cfg) })
	if s.err != nil {
		diags.AddError("Invalid Provider Configuration", s.err.Error()+".")
	}
	return s.client, diags
}

// mask makes tflog redact the client secret and the provider's access
// token from anything logged with ctx.
func (s *clientSource) mask(ctx context.Context) context.Context {
	if s.cfg.ClientSecret != "" {
		ctx = tflog.MaskLogStrings(ctx, s.cfg.ClientSecret)
	}
	if s.accessToken != "" {
		ctx = tflog.MaskLogStrings(ctx, s.accessToken)
	}
	return ctx
}

// clientSourceFrom converts provider data handed to Configure.
func clientSourceFrom(data any, diags *diag.Diagnostics) *clientSource {
	if data == nil {
		return nil
	}
	s, ok := data.(*clientSource)
	if !ok {
		diags.AddError("Unexpected Provider Data", fmt.Sprintf("Expected *clientSource, got %T. Please report this issue to the provider developers.", data))
	}
	return s
}
