package gotoauth

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/goto-community/terraform-provider-goto/internal/mockgoto"
)

func TestMockIdenticalPATExchangesMakeOneRequest(t *testing.T) {
	mock, srv := startMock(t, mockgoto.DemoConfig())
	c := newTestClient(t, mockConfig(srv, mockgoto.DemoClientID, mockgoto.DemoClientSecret))

	start := make(chan struct{})
	tokens := make([]string, 50)
	errs := make([]error, len(tokens))
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Go(func() {
			<-start
			tok, err := c.ExchangePAT(context.Background(), mockgoto.DemoPAT, 5*time.Minute)
			if err == nil {
				tokens[i] = tok.AccessToken
			}
			errs[i] = err
		})
	}
	close(start)
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Fatalf("exchange %d: %v", i, err)
		}
		if tokens[i] != tokens[0] {
			t.Fatalf("exchange %d got another token than exchange 0", i)
		}
	}
	if got := mock.Count(mockgoto.GrantPAT); got != 1 {
		t.Fatalf("50 identical exchanges made %d requests at the mock, want 1", got)
	}
	if got := mock.Count(mockgoto.CounterTotal); got != 1 {
		t.Fatalf("the mock's token endpoint saw %d requests, want 1", got)
	}
}

// The mock allows 10 requests a second with a burst of 10, so 100 distinct
// exchanges cannot finish in under 9 seconds; the client must wait its turn
// rather than fail.
func TestMockDistinctPATExchangesWithinTheRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about ten seconds: the rate limit sets the pace")
	}
	const exchanges, perSecond = 100, 10
	// Pacing is remembered per endpoint and client for the whole process; a
	// fresh client id keeps a reused loopback port from inheriting it.
	clientID := fmt.Sprintf("load-client-%d", time.Now().UnixNano())
	cfg := mockgoto.Config{
		Clients:   []mockgoto.Client{{ID: clientID, Secret: "load-secret-3e5a7c9b1d", PATGrant: true}},
		RateLimit: perSecond,
	}
	pats := make([]string, exchanges)
	for i := range pats {
		pats[i] = fmt.Sprintf("load-pat-%03d-8f2e4a6c", i)
		cfg.PATs = append(cfg.PATs, mockgoto.PAT{Token: pats[i], Principal: fmt.Sprintf("user%03d@example.com", i)})
	}
	mock, srv := startMock(t, cfg)
	// Defaults throughout: MaxRetries 4, the default backoff and pacing.
	c := newTestClient(t, Config{
		ClientID:     clientID,
		ClientSecret: "load-secret-3e5a7c9b1d",
		TokenURL:     srv.URL + "/oauth/token",
	})

	start := make(chan struct{})
	tokens := make([]*Token, exchanges)
	errs := make([]error, exchanges)
	var wg sync.WaitGroup
	for i := range pats {
		wg.Go(func() {
			<-start
			tokens[i], errs[i] = c.ExchangePAT(context.Background(), pats[i], 5*time.Minute)
		})
	}
	began := time.Now()
	close(start)
	wg.Wait()
	took := time.Since(began)

	failed := 0
	for i, err := range errs {
		if err != nil {
			failed++
			if failed <= 3 {
				t.Errorf("exchange %d: %v", i, err)
			}
			continue
		}
		if want := fmt.Sprintf("user%03d@example.com", i); tokens[i].Principal != want {
			t.Errorf("exchange %d got the token of %q, want %q", i, tokens[i].Principal, want)
		}
	}
	if failed > 0 {
		t.Fatalf("%d of %d exchanges failed", failed, exchanges)
	}
	ok, limited, total := mock.Count(mockgoto.GrantPAT), mock.Count(mockgoto.CounterRateLimited), mock.Count(mockgoto.CounterTotal)
	t.Logf("%d exchanges in %s: %d token requests, %d answered 429", exchanges, took.Round(time.Millisecond), total, limited)
	if ok != exchanges || total < exchanges || limited == 0 {
		t.Fatalf("mock saw %d granted, %d rate-limited, %d total requests; want %d granted and some 429s", ok, limited, total, exchanges)
	}
	if floor := time.Duration(exchanges-perSecond) * time.Second / perSecond; took < floor*9/10 {
		t.Fatalf("took %s, faster than the rate limit allows (%s): the limit did not apply", took, floor)
	}
}
