package gotoauth

// Exchange names one of GoTo's token exchanges, or one of the calls made
// with a token once it is exchanged.
type Exchange int

const (
	PersonalAccessToken Exchange = iota + 1
	RefreshToken
	AuthorizationCode
	DirectLogin
	// IdentityLookup reads who a token acts for (goto_identity).
	IdentityLookup
	// TokenRevocation revokes a token at GoTo's revocation endpoint.
	TokenRevocation
)

// Title is the exchange's name for diagnostic summaries.
func (e Exchange) Title() string {
	switch e {
	case PersonalAccessToken:
		return "Personal Access Token Exchange"
	case RefreshToken:
		return "Refresh Token Exchange"
	case AuthorizationCode:
		return "Authorization Code Exchange"
	case DirectLogin:
		return "Direct Login"
	case IdentityLookup:
		return "Identity Lookup"
	case TokenRevocation:
		return "Token Revocation"
	}
	return "Token Exchange"
}

func (e Exchange) String() string {
	switch e {
	case PersonalAccessToken:
		return "personal access token exchange"
	case RefreshToken:
		return "refresh token exchange"
	case AuthorizationCode:
		return "authorization code exchange"
	case DirectLogin:
		return "direct login"
	case IdentityLookup:
		return "identity lookup"
	case TokenRevocation:
		return "token revocation"
	}
	return "token exchange"
}

// logMessage is the log line of each attempt.
func (e Exchange) logMessage() string {
	switch e {
	case IdentityLookup:
		return "GoTo API request"
	case TokenRevocation:
		return "GoTo revocation request"
	}
	return "GoTo token endpoint request"
}

// grant is the grant_type the exchange sends.
func (e Exchange) grant() string {
	switch e {
	case PersonalAccessToken:
		return "personal_access_token"
	case RefreshToken:
		return "refresh_token"
	case AuthorizationCode:
		return "authorization_code"
	}
	return "password"
}

// setting is the provider setting that holds the exchange's endpoint.
func (e Exchange) setting() string {
	switch e {
	case DirectLogin:
		return "direct_login_url"
	case IdentityLookup:
		return "api_url"
	case TokenRevocation:
		return "revoke_url"
	}
	return "token_url"
}

// endpointName is what the exchange's endpoint is called in messages.
func (e Exchange) endpointName() string {
	switch e {
	case DirectLogin:
		return "direct login endpoint"
	case IdentityLookup:
		return "API (" + identityPath + ")"
	case TokenRevocation:
		return "revocation endpoint"
	}
	return "token endpoint"
}

// defaultEndpoint is the setting's default.
func (e Exchange) defaultEndpoint() string {
	switch e {
	case DirectLogin:
		return DefaultDirectLoginURL
	case IdentityLookup:
		return DefaultAPIURL
	case TokenRevocation:
		return DefaultRevokeURL
	}
	return DefaultTokenURL
}
