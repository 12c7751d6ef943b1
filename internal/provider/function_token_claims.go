package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/goto-community/terraform-provider-goto/internal/gotoauth"
)

var _ function.Function = (*tokenClaimsFunction)(nil)

// tokenClaimsFunction is provider::goto::token_claims: the readable claims of
// a JWT-shaped GoTo token, decoded without verification.
type tokenClaimsFunction struct{}

func newTokenClaimsFunction() function.Function { return &tokenClaimsFunction{} }

var tokenClaimsTypes = map[string]attr.Type{
	"sub":        types.StringType,
	"aud":        types.ListType{ElemType: types.StringType},
	"scopes":     types.ListType{ElemType: types.StringType},
	"typ":        types.StringType,
	"jti":        types.StringType,
	"iat":        types.Int64Type,
	"exp":        types.Int64Type,
	"expires_at": types.StringType,
}

func (f *tokenClaimsFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "token_claims"
}

func (f *tokenClaimsFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Decodes the claims of a GoTo token without verifying it",
		MarkdownDescription: "Decodes the payload of a JWT-shaped GoTo access or refresh token **without verifying its signature**: " +
			"use it to see who a token is for, what it may do and when it expires, never to decide whether to trust it. " +
			"GoTo documents its tokens as opaque, so the claims may change.\n\n" +
			"Returns an object with `sub` (the subject), `aud` (the audiences, usually the OAuth client id), `scopes` " +
			"(from the `sc` claim), `typ` (GoTo uses `a` for access, `r` for refresh and `c` for code), `jti` (the token's id), " +
			"`iat` and `exp` (Unix seconds) and `expires_at` (`exp` as an RFC 3339 UTC timestamp). A claim the token lacks is " +
			"null, or an empty list for `aud` and `scopes`. The result is sensitive when the token is.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "token",
				MarkdownDescription: "A JWT-shaped token: three base64url parts separated by dots. Anything else is an error that never quotes the value.",
			},
		},
		Return: function.ObjectReturn{AttributeTypes: tokenClaimsTypes},
	}
}

func (f *tokenClaimsFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var token string
	resp.Error = req.Arguments.Get(ctx, &token)
	if resp.Error != nil {
		return
	}
	c, err := gotoauth.ParseClaims(token)
	if err != nil {
		// ParseClaims never quotes the token, so its reason is safe to show.
		// Terraform ends the message with a period of its own.
		resp.Error = function.NewArgumentFuncError(0, err.Error()+"; token_claims reads GoTo's JWT-shaped access and refresh tokens, "+
			"and a personal access token or another opaque value has no claims to read")
		return
	}
	expiresAt := types.StringNull()
	if !c.ExpiresAt.IsZero() {
		expiresAt = types.StringValue(c.ExpiresAt.UTC().Format(time.RFC3339))
	}
	obj, diags := types.ObjectValue(tokenClaimsTypes, map[string]attr.Value{
		"sub":        optionalString(c.Subject),
		"aud":        stringList(c.Audience),
		"scopes":     stringList(c.Scopes),
		"typ":        optionalString(c.Type),
		"jti":        optionalString(c.ID),
		"iat":        unixSeconds(c.IssuedAt),
		"exp":        unixSeconds(c.ExpiresAt),
		"expires_at": expiresAt,
	})
	if diags.HasError() {
		resp.Error = function.FuncErrorFromDiags(ctx, diags)
		return
	}
	resp.Error = resp.Result.Set(ctx, obj)
}

func stringList(values []string) types.List {
	elems := make([]attr.Value, 0, len(values))
	for _, v := range values {
		elems = append(elems, types.StringValue(v))
	}
	return types.ListValueMust(types.StringType, elems)
}

func unixSeconds(t time.Time) types.Int64 {
	if t.IsZero() {
		return types.Int64Null()
	}
	return types.Int64Value(t.Unix())
}
