package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

// clientTrusting is an HTTP client that trusts only the CA in caPEM.
func clientTrusting(t *testing.T, caPEM []byte) *http.Client {
	t.Helper()
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatalf("no certificate in %q", caPEM)
	}
	return &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

func TestRunTLS(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	lines, _, stop := serve(t, "-tls", "-tls-ca-out", caFile)
	base := nextLine(t, lines)
	if !regexp.MustCompile(`^https://127\.0\.0\.1:[0-9]+$`).MatchString(base) {
		t.Fatalf("first line %q is not an https URL", base)
	}
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	client := clientTrusting(t, caPEM)
	port := base[strings.LastIndex(base, ":")+1:]
	// Every default name verifies: localhost, 127.0.0.1 (the printed URL) and ::1.
	for _, u := range []string{base, "https://localhost:" + port} {
		resp, err := client.PostForm(u+"/oauth/token", url.Values{
			"grant_type": {"personal_access_token"}, "pat": {mockgoto.DemoPAT},
			"client_id": {mockgoto.DemoClientID}, "client_secret": {mockgoto.DemoClientSecret},
		})
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized && resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", u, resp.StatusCode)
		}
	}
	// The CA is served too, for jobs that share no file with the mock.
	resp, err := client.Get(base + "/_mock/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if string(served) != string(caPEM) {
		t.Fatalf("/_mock/ca.pem = %q, want the -tls-ca-out file", served)
	}
	// A client without the CA is refused by certificate verification.
	_, err = (&http.Client{Timeout: 10 * time.Second}).Get(base + "/_mock/stats")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("without the CA: %v, want an unknown authority error", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// A relative -tls-ca-out is printed as an absolute path, which works as
// GOTO_CA_CERT_FILE from any directory Terraform runs in.
func TestRunTLSPrintsAbsoluteCAFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	lines, _, stop := serve(t, "-tls", "-tls-ca-out", "ca.pem")
	nextLine(t, lines)
	got := nextLine(t, lines)
	for !strings.HasPrefix(got, "ca_cert_file=") {
		got = nextLine(t, lines) // the demo credentials come first
	}
	if want := "ca_cert_file=" + filepath.Join(dir, "ca.pem"); got != want {
		t.Fatalf("line %q, want %q", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "ca.pem")); err != nil {
		t.Fatal(err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// A certificate for a service container's name: the URL names it, since the
// certificate does not cover the loopback address listened on.
func TestRunTLSHosts(t *testing.T) {
	lines, _, _ := serve(t, "-tls", "-tls-hosts", "goto-mock, mock.internal")
	if base := nextLine(t, lines); !regexp.MustCompile(`^https://goto-mock:[0-9]+$`).MatchString(base) {
		t.Fatalf("first line %q", base)
	}
	certs, err := newServerTLS("goto-mock,10.0.0.7,::1", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(certs.CAPEM)
	leaf, err := x509.ParseCertificate(certs.Config.Certificates[0].Certificate[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"goto-mock", "10.0.0.7", "::1"} {
		if _, err := leaf.Verify(x509.VerifyOptions{DNSName: name, Roots: pool}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := leaf.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: pool}); err == nil {
		t.Error("the certificate verifies for a name not in -tls-hosts")
	}
}
