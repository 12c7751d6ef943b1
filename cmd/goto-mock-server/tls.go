package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net"
	"strings"
	"time"
)

// certLifetime is how long the generated certificates are valid: far longer
// than any CI job, and they are made afresh at every start.
const certLifetime = 365 * 24 * time.Hour

// serverTLS is a certificate authority made at start and a server
// certificate it signed for hosts. Clients trust CAPEM (the provider's
// ca_cert_file); nothing is ever read from disk.
type serverTLS struct {
	Config *tls.Config
	CAPEM  []byte
	Hosts  []string
}

// newServerTLS makes the CA and the server certificate for a comma-separated
// list of DNS names and IP addresses.
func newServerTLS(hostList string, now time.Time) (*serverTLS, error) {
	var hosts []string
	for h := range strings.SplitSeq(hostList, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	if len(hosts) == 0 {
		return nil, errors.New("-tls-hosts names no host; give DNS names or IP addresses separated by commas")
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	ca := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{Organization: []string{"goto-mock-server"}, CommonName: "goto-mock-server CA"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(certLifetime),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
		MaxPathLenZero:        true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, ca, ca, &caKey.PublicKey, caKey)
	if err != nil {
		return nil, err
	}
	ca, err = x509.ParseCertificate(caDER)
	if err != nil {
		return nil, err
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	leaf := &x509.Certificate{
		SerialNumber: serial(),
		Subject:      pkix.Name{Organization: []string{"goto-mock-server"}, CommonName: hosts[0]},
		NotBefore:    now.Add(-time.Hour),
		NotAfter:     now.Add(certLifetime),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(strings.Trim(h, "[]")); ip != nil {
			leaf.IPAddresses = append(leaf.IPAddresses, ip)
		} else {
			leaf.DNSNames = append(leaf.DNSNames, h)
		}
	}
	leafDER, err := x509.CreateCertificate(rand.Reader, leaf, ca, &key.PublicKey, caKey)
	if err != nil {
		return nil, fmt.Errorf("-tls-hosts: %w", err)
	}
	return &serverTLS{
		Config: &tls.Config{
			MinVersion:   tls.VersionTLS12,
			Certificates: []tls.Certificate{{Certificate: [][]byte{leafDER, caDER}, PrivateKey: key}},
		},
		CAPEM: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER}),
		Hosts: hosts,
	}, nil
}

// serial is a random 128-bit certificate serial number.
func serial() *big.Int {
	n, _ := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 128))
	return n
}

// urlHost is the host the printed URL names: the listen address when the
// certificate covers it (127.0.0.1 for a wildcard address), else the
// certificate's first name, so the URL printed always verifies.
func (s *serverTLS) urlHost(listenHost string) string {
	for _, h := range s.Hosts {
		if strings.EqualFold(strings.Trim(h, "[]"), listenHost) {
			return listenHost
		}
	}
	return strings.Trim(s.Hosts[0], "[]")
}
