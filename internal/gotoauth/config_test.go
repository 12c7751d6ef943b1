package gotoauth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckEndpoint(t *testing.T) {
	for _, ok := range []string{"https://authentication.logmeininc.com/oauth/token", "http://127.0.0.1:9/oauth/token", "http://localhost/x", "http://[::1]:80/"} {
		if err := CheckEndpoint(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for bad, want := range map[string]string{
		"http://example.com/oauth/token": "plain http on a non-loopback host",
		"ftp://example.com/":             "must use https",
		"/oauth/token":                   "no host",
		"https://u:p@example.com/":       "must not carry credentials",
	} {
		if err := CheckEndpoint(bad); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", bad, err, want)
		}
	}
}

// A rejected endpoint is named without the parts that can carry a
// credential: a URL missing its "//" keeps user info out of u.User, and a
// query can hold an API key.
func TestCheckEndpointQuotesNoCredential(t *testing.T) {
	for _, bad := range []string{
		"https:svc:Sup3rSecretPassw0rd@auth.example.com/oauth/token",
		"http://auth.example.com/oauth/token?key=Sup3rSecretPassw0rd",
		"ftp://auth.example.com/oauth/token?key=Sup3rSecretPassw0rd",
	} {
		err := CheckEndpoint(bad)
		if err == nil {
			t.Fatalf("%d: accepted", len(bad))
		}
		if strings.Contains(err.Error(), "Sup3rSecretPassw0rd") {
			t.Errorf("the error quotes the password: %s", strings.ReplaceAll(err.Error(), "Sup3rSecretPassw0rd", "<password>"))
		}
	}
}

func TestNewRejectsBadCACert(t *testing.T) {
	_, err := New(Config{CACertPEM: "not a certificate"})
	if err == nil || !strings.Contains(err.Error(), "ca_cert_pem") {
		t.Fatalf("got %v", err)
	}
	notPEM := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		notPEM: "ca_cert_file: " + notPEM + " holds no PEM certificate",
		filepath.Join(t.TempDir(), "missing.pem"): "ca_cert_file: cannot read the CA certificate file",
	} {
		if _, err := New(Config{CACertFile: file}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want %q", file, err, want)
		}
	}
}

// A relative ca_cert_file is read from the directory Terraform runs in; when
// it is missing there, the error names that directory.
func TestNewNamesTheDirectoryOfARelativeCACertFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	_, err := New(Config{CACertFile: "goto-mock-ca.pem"})
	want := "a relative path is read from the directory Terraform runs in (" + dir + "): give an absolute path"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("got %v, want %q", err, want)
	}
	if _, err := New(Config{CACertFile: filepath.Join(dir, "missing.pem")}); err == nil || strings.Contains(err.Error(), "relative path") {
		t.Fatalf("an absolute path: %v", err)
	}
}

// Another package may replace http.DefaultTransport with any RoundTripper;
// building a client must not depend on its type.
func TestNewWithAReplacedDefaultTransport(t *testing.T) {
	saved := http.DefaultTransport
	t.Cleanup(func() { http.DefaultTransport = saved })
	http.DefaultTransport = roundTripperFunc(func(*http.Request) (*http.Response, error) { return nil, errors.New("unused") })
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	tlsSrv.Close()
	for _, cfg := range []Config{{}, {CACertPEM: certPEM(tlsSrv)}} {
		c, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.http.Transport.(*http.Transport); !ok {
			t.Fatalf("the client's transport is a %T", c.http.Transport)
		}
	}
}

type roundTripperFunc func(*http.Request) (*http.Response, error)

func (f roundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
