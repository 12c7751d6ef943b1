package gotoauth

// Exchange names one of GoTo's token exchanges.
type Exchange int

const (
	PersonalAccessToken Exchange = iota + 1
	RefreshToken
	AuthorizationCode
	DirectLogin
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
	}
	return "token exchange"
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
	if e == DirectLogin {
		return "direct_login_url"
	}
	return "token_url"
}

// endpointName is what the exchange's endpoint is called in messages.
func (e Exchange) endpointName() string {
	if e == DirectLogin {
		return "direct login endpoint"
	}
	return "token endpoint"
}

// defaultEndpoint is the setting's default.
func (e Exchange) defaultEndpoint() string {
	if e == DirectLogin {
		return DefaultDirectLoginURL
	}
	return DefaultTokenURL
}
