package mockgoto

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// revoke posts form to /oauth/revoke with Basic auth when id is not empty.
func revoke(t *testing.T, ts *httptest.Server, id, secret string, form url.Values) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, ts.URL+"/oauth/revoke", strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	return do(t, req)
}

func TestRevokeAccessToken(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	access := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")
	other := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", access), http.StatusOK)

	wantStatus(t, revoke(t, ts, "app", "s3cret", form("token", access, "token_type_hint", "access_token")), http.StatusOK)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", access), http.StatusUnauthorized)
	wantStatus(t, get(t, ts.URL+"/admin/rest/v1/me", access), http.StatusUnauthorized)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", other), http.StatusOK)

	// Unknown and repeated tokens are answered 200, as RFC 7009 says.
	wantStatus(t, revoke(t, ts, "app", "s3cret", form("token", "never-issued")), http.StatusOK)
	wantStatus(t, revoke(t, ts, "app", "s3cret", form("token", access)), http.StatusOK)

	if st := s.Stats(); st.Revocations != 3 || st.Me != 4 || st.Requests[Revocations] != 3 {
		t.Fatalf("stats %+v, want 3 revocations and 4 who-am-i requests", st)
	}
	forms := s.Forms(Revocations)
	if len(forms) != 3 || forms[0].Get("token") != access || forms[0].Get("token_type_hint") != "access_token" {
		t.Fatalf("revocation forms: %v", forms)
	}
}

func TestRevokeRefreshToken(t *testing.T) {
	_, ts, _ := start(t, testConfig())
	wantStatus(t, revoke(t, ts, "app", "s3cret", form("token", "seed-rt", "token_type_hint", "refresh_token")), http.StatusOK)
	wantError(t, token(t, ts, "app", "s3cret", form("grant_type", "refresh_token", "refresh_token", "seed-rt")), http.StatusBadRequest, "invalid_grant")
}

func TestRevokeRefusals(t *testing.T) {
	s, ts, _ := start(t, testConfig())
	access := token(t, ts, "app", "s3cret", form("grant_type", "personal_access_token", "pat", "pat-ok")).str("access_token")

	wantError(t, revoke(t, ts, "app", "wrong", form("token", access)), http.StatusUnauthorized, "invalid_client")
	wantError(t, revoke(t, ts, "", "", form("token", access)), http.StatusUnauthorized, "invalid_client")
	wantError(t, revoke(t, ts, "app", "s3cret", form()), http.StatusBadRequest, "invalid_request")
	wantError(t, revoke(t, ts, "app", "s3cret", form("token", access, "token_type_hint", "code")), http.StatusBadRequest, "unsupported_token_type")
	// Another client cannot revoke the token, though it is told 200.
	wantStatus(t, revoke(t, ts, "nopat", "np", form("token", access)), http.StatusOK)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", access), http.StatusOK)

	s.InjectFault(Fault{Status: http.StatusServiceUnavailable})
	wantStatus(t, revoke(t, ts, "app", "s3cret", form("token", access)), http.StatusServiceUnavailable)
	wantStatus(t, get(t, ts.URL+"/identity/v1/Users/me", access), http.StatusOK)
}
