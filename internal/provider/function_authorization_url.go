package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

var _ function.Function = (*authorizationURLFunction)(nil)

// authorizationURLFunction is provider::goto::authorization_url: the URL a
// user opens to sign in and get an authorization code.
type authorizationURLFunction struct{}

func newAuthorizationURLFunction() function.Function { return &authorizationURLFunction{} }

func (f *authorizationURLFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "authorization_url"
}

func (f *authorizationURLFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Builds the URL that starts GoTo's authorization-code sign-in",
		MarkdownDescription: "Builds the URL a user opens in a browser to sign in to GoTo and approve an OAuth client " +
			"(`response_type=code`). GoTo then redirects to `redirect_uri` with a single-use `code` parameter that lives about " +
			"ten minutes; pass it to `goto_authorization_code_exchange`.\n\n" +
			"Provider functions receive no provider configuration, so the authorize endpoint comes from the `GOTO_TOKEN_URL` " +
			"environment variable, with its final `/token` replaced by `/authorize` (for the mock server, " +
			"`http://127.0.0.1:PORT/oauth/token` gives `http://127.0.0.1:PORT/oauth/authorize`). Without it, or when its path does not end " +
			"in `/token`, the endpoint is `" + gotoauth.DefaultAuthorizeURL + "`. The provider's `token_url` argument does not apply here.\n\n" +
			"An empty string leaves out an optional argument just as null does.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "client_id",
				MarkdownDescription: "The OAuth client id from the GoTo Developer Center.",
			},
			function.StringParameter{
				Name:           "redirect_uri",
				AllowNullValue: true,
				MarkdownDescription: "Where GoTo sends the browser back with the code: one of the redirect URIs registered on the " +
					"OAuth client. Null or `\"\"` leaves it out, and GoTo uses the client's registered one; when it is given, the " +
					"exchange must repeat it (`redirect_uri` of `goto_authorization_code_exchange`).",
			},
			function.StringParameter{
				Name:                "scope",
				AllowNullValue:      true,
				MarkdownDescription: "The scopes to ask for, separated by spaces. Null or `\"\"` leaves it out, which grants all of the client's scopes.",
			},
			function.StringParameter{
				Name:           "state",
				AllowNullValue: true,
				MarkdownDescription: "An opaque value GoTo returns unchanged in the redirect, to tie it to this request. " +
					"Null or `\"\"` leaves it out.",
			},
		},
		Return: function.StringReturn{},
	}
}

func (f *authorizationURLFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var clientID string
	var redirectURI, scope, state types.String
	resp.Error = req.Arguments.Get(ctx, &clientID, &redirectURI, &scope, &state)
	if resp.Error != nil {
		return
	}
	if clientID == "" {
		resp.Error = function.NewArgumentFuncError(0, "client_id must not be empty: give the OAuth client id from the GoTo Developer Center")
		return
	}
	tokenURL := os.Getenv("GOTO_TOKEN_URL")
	if tokenURL != "" {
		if err := gotoauth.CheckEndpoint(tokenURL); err != nil {
			resp.Error = function.NewFuncError("the GOTO_TOKEN_URL environment variable, which places the authorize endpoint: " + err.Error())
			return
		}
	}
	u, err := gotoauth.AuthorizationURL(gotoauth.AuthorizeURLFor(tokenURL), clientID,
		redirectURI.ValueString(), scope.ValueString(), state.ValueString())
	if err != nil {
		// client_id is checked above, so what is left is the redirect URI.
		// Terraform ends the message with a period of its own.
		resp.Error = function.NewArgumentFuncError(1, err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, u)
}
