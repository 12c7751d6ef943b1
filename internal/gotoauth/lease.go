package gotoauth

import (
	"context"
	"sync"
)

// leases counts the open holders of tokens that are revoked when their last
// holder lets go (revoke_on_close). Identical exchanges share one token, so
// revoking it on the first close would break the others.
type leases struct {
	mu      sync.Mutex
	holders map[cacheKey]int
	// retired tokens were revoked: an exchange that got one from the cache
	// just before it was forgotten must not use it.
	retired map[cacheKey]bool
}

func newLeases() *leases {
	return &leases{holders: map[cacheKey]int{}, retired: map[cacheKey]bool{}}
}

// Revocable returns a client whose exchanges share tokens only with other
// revocable exchanges, so a token that Release revokes never reaches an
// exchange that did not ask for revocation.
func (c *Client) Revocable() *Client {
	r := *c
	r.partition = "revocable"
	return &r
}

// Hold records one more holder of t, the result of an exchange made through
// Revocable. It reports false when t has been revoked in the meantime: the
// caller exchanges again, and the cache no longer holds t.
func (c *Client) Hold(t *Token) bool {
	k := keyOf(t.AccessToken)
	c.leases.mu.Lock()
	defer c.leases.mu.Unlock()
	if c.leases.retired[k] {
		return false
	}
	c.leases.holders[k]++
	return true
}

// Release drops one holder of accessToken. The last holder's release takes
// the token out of the cache and revokes it; last reports whether this was
// that release, and err is the revocation's failure.
func (c *Client) Release(ctx context.Context, accessToken string) (last bool, err error) {
	k := keyOf(accessToken)
	c.leases.mu.Lock()
	if c.leases.holders[k] > 1 {
		c.leases.holders[k]--
		c.leases.mu.Unlock()
		return false, nil
	}
	delete(c.leases.holders, k)
	c.leases.retired[k] = true
	// Forgotten before the lock is let go, so no exchange can take the
	// token from the cache and then hold it.
	c.cfg.Cache.forget(accessToken)
	c.leases.mu.Unlock()
	return true, c.Revoke(ctx, accessToken, AccessTokenKind)
}
