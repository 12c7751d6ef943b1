package gotoauth

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
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
// exchanges cannot finish in under 9 seconds of the bubble's fake clock; the
// client must wait its turn rather than fail.
func TestMockDistinctPATExchangesWithinTheRateLimit(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const exchanges, perSecond = 100, 10
		cfg := mockgoto.Config{
			Clients:   []mockgoto.Client{{ID: "load-client", Secret: "load-secret-3e5a7c9b1d", PATGrant: true}},
			RateLimit: perSecond,
		}
		pats := make([]string, exchanges)
		for i := range pats {
			pats[i] = fmt.Sprintf("load-pat-%03d-8f2e4a6c", i)
			cfg.PATs = append(cfg.PATs, mockgoto.PAT{Token: pats[i], Principal: fmt.Sprintf("user%03d@example.com", i)})
		}
		mock := mockgoto.New(cfg)
		// Defaults throughout: MaxRetries 4, the default backoff and pacing.
		c := newTestClient(t, memoryConfig(mock, "load-client", "load-secret-3e5a7c9b1d"))

		tokens := make([]*Token, exchanges)
		errs := make([]error, exchanges)
		var wg sync.WaitGroup
		began := time.Now()
		for i := range pats {
			wg.Go(func() {
				tokens[i], errs[i] = c.ExchangePAT(context.Background(), pats[i], 5*time.Minute)
			})
		}
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
		t.Logf("%d exchanges in %s of fake time: %d token requests, %d answered 429", exchanges, took, total, limited)
		if ok != exchanges || total < exchanges || limited == 0 {
			t.Fatalf("mock saw %d granted, %d rate-limited, %d total requests; want %d granted and some 429s", ok, limited, total, exchanges)
		}
		if floor := time.Duration(exchanges-perSecond) * time.Second / perSecond; took < floor {
			t.Fatalf("took %s, faster than the rate limit allows (%s): the limit did not apply", took, floor)
		}
	})
}
