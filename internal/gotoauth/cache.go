package gotoauth

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"
)

// Cache shares identical exchanges inside one process: callers that arrive
// while a request is in flight wait for it, and later callers reuse its token
// while it keeps at least their minimum validity. Keys are hashes, so no
// secret is held as a map key.
type Cache struct {
	mu      sync.Mutex
	entries map[cacheKey]*cacheEntry
}

type cacheKey [sha256.Size]byte

type cacheEntry struct {
	done  chan struct{}
	token *Token
	err   error
	// abandoned is set when the leader's own context ended first: its
	// failure proves nothing about a follower's request. A request that
	// timed out (request_timeout) is a real failure and is shared.
	abandoned bool
}

func NewCache() *Cache {
	return &Cache{entries: map[cacheKey]*cacheEntry{}}
}

// keyOf hashes the parts that make two exchanges identical, each prefixed
// with its length so no two part lists collide.
func keyOf(parts ...string) cacheKey {
	h := sha256.New()
	var n [8]byte
	for _, p := range parts {
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write([]byte(p))
	}
	var k cacheKey
	h.Sum(k[:0])
	return k
}

// do returns a cached token valid for minValidity at now(), joins a request
// in flight, or runs fetch. Failures are not cached.
func (c *Cache) do(ctx context.Context, key cacheKey, now func() time.Time, minValidity time.Duration, fetch func() (*Token, error)) (*Token, error) {
	for {
		c.mu.Lock()
		e, found := c.entries[key]
		if found {
			select {
			case <-e.done:
				if e.err == nil && e.token.validFor(now(), minValidity) {
					c.mu.Unlock()
					return e.token.clone(), nil
				}
			default:
				c.mu.Unlock()
				select {
				case <-e.done:
				case <-ctx.Done():
					return nil, ctx.Err()
				}
				if e.abandoned {
					continue
				}
				if e.err != nil {
					return nil, e.err
				}
				return e.token.clone(), nil
			}
		}
		e = &cacheEntry{done: make(chan struct{})}
		c.entries[key] = e
		c.mu.Unlock()

		e.token, e.err = fetch()
		e.abandoned = e.err != nil && ctx.Err() != nil
		if e.err != nil {
			c.mu.Lock()
			if c.entries[key] == e {
				delete(c.entries, key)
			}
			c.mu.Unlock()
		}
		close(e.done)
		if e.err != nil {
			return nil, e.err
		}
		return e.token.clone(), nil
	}
}

// forget drops every finished entry whose access or refresh token is token,
// so that a revoked token is never handed out again. It is the one way a
// token leaves the cache before it expires.
func (c *Cache) forget(token string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		select {
		case <-e.done:
			if e.err == nil && (e.token.AccessToken == token || e.token.RefreshToken == token) {
				delete(c.entries, k)
			}
		default:
		}
	}
}
