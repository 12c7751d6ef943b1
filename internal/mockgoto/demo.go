package mockgoto

// Demo values seeded by DemoConfig. They are fixed so docs and examples can show them.
const (
	DemoClientID      = "demo-client"
	DemoClientSecret  = "demo-secret"
	DemoNoPATClientID = "no-pat-client"
	DemoNoPATSecret   = "no-pat-secret"
	DemoPAT           = "demo-pat-7f3a9c2e5b1d4f60"
	DemoUserID        = "demo@example.com"
	DemoPassword      = "demo-password"
	DemoRefreshToken  = "demo-refresh-token-4b8e1f0a6c2d9e37"
	DemoOrganizerKey  = "8439885694023999999"
	DemoAccountKey    = "9999982253621659654"
	// DemoRedirectURI is the demo clients' registered redirect URI, which the
	// authorize endpoint uses when a request names none. Nothing needs to
	// listen there: the code is read from the redirect.
	DemoRedirectURI = "https://localhost:8080/callback"
)

// DemoScopes are the demo clients' scopes: SCIM self-read and collaboration.
var DemoScopes = []string{"identity:scim.me", "collab:", "users.v1.lines.read"}

// DemoConfig is what goto-mock-server serves without -config: a client with
// the PAT grant, one without it, a PAT, a direct-login user and a refresh token.
func DemoConfig() Config {
	scopes := func() []string { return append([]string(nil), DemoScopes...) }
	return Config{
		Clients: []Client{
			{ID: DemoClientID, Secret: DemoClientSecret, PATGrant: true, Scopes: scopes(), RedirectURIs: []string{DemoRedirectURI}},
			{ID: DemoNoPATClientID, Secret: DemoNoPATSecret, Scopes: scopes(), RedirectURIs: []string{DemoRedirectURI}},
		},
		Users: []User{{
			UserID:       DemoUserID,
			Password:     DemoPassword,
			Email:        DemoUserID,
			FirstName:    "Demo",
			LastName:     "User",
			OrganizerKey: DemoOrganizerKey,
			AccountKey:   DemoAccountKey,
			AccountType:  "corporate",
		}},
		PATs: []PAT{{
			Token:     DemoPAT,
			Principal: DemoUserID,
			Scopes:    []string{"identity:scim.me", "collab:"},
		}},
		RefreshTokens: []RefreshToken{{
			Token:     DemoRefreshToken,
			ClientID:  DemoClientID,
			Principal: DemoUserID,
			Scope:     "identity:scim.me collab:",
		}},
	}
}
