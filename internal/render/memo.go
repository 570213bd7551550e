package render

import "sync"

// Memo keeps what a Site works out from single entries, for the next Site
// of the same source: the collation key of each title, each language's
// title order of each collection, card fingerprints, and the open-data
// files (see joined). Each value is stamped with the last build that used
// it; every few builds, values the last build did not use are dropped.
type Memo struct {
	mu    sync.Mutex
	gen   uint32
	keys  map[string]stamped[[]byte]
	cards map[cardMemo]stamped[uint64]
	// epoch fingerprints the site-wide inputs of the card fingerprints
	// (see SetEpoch).
	epoch  uint64
	orders map[string]stamped[order]
	joined map[string]*joined
}

// cardMemo names a card fingerprint: the entry's Source, under an epoch.
type cardMemo struct{ source, epoch uint64 }

type stamped[T any] struct {
	v   T
	gen uint32
}

// order is a list's title order: the indexes of its entries, and a
// fingerprint of the slugs and titles it was worked out from.
type order struct {
	sig uint64
	idx []int
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{keys: map[string]stamped[[]byte]{}, cards: map[cardMemo]stamped[uint64]{},
		orders: map[string]stamped[order]{}, joined: map[string]*joined{}}
}

// remember returns m[k], made with make the first time, and stamps it
// with the current build.
func remember[K comparable, V any](mu *sync.Mutex, gen uint32, m map[K]stamped[V], k K, make func() (V, error)) (V, error) {
	mu.Lock()
	s, ok := m[k]
	if ok && s.gen != gen {
		s.gen = gen
		m[k] = s
	}
	mu.Unlock()
	if ok {
		return s.v, nil
	}
	v, err := make()
	if err != nil {
		return v, err
	}
	mu.Lock()
	m[k] = stamped[V]{v, gen}
	mu.Unlock()
	return v, nil
}

func (m *Memo) collationKey(lang, title string, make func() []byte) []byte {
	if m == nil {
		return make()
	}
	v, _ := remember(&m.mu, m.gen, m.keys, lang+"\x00"+title, func() ([]byte, error) { return make(), nil })
	return v
}

// SetEpoch names what a card shows beyond its entry: the data files (the
// interface strings, term names, languages), the day (an incentive's
// expiry) and the options that shape links. A card fingerprint is reused
// only under the epoch it was worked out in, so that the next day, or
// after a term is renamed, an unchanged entry's card is fingerprinted
// anew.
func (m *Memo) SetEpoch(epoch uint64) {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.epoch = epoch
	m.mu.Unlock()
}

func (m *Memo) cardKey(source uint64, make func() uint64) uint64 {
	if m == nil {
		return make()
	}
	m.mu.Lock()
	k := cardMemo{source, m.epoch}
	m.mu.Unlock()
	v, _ := remember(&m.mu, m.gen, m.cards, k, func() (uint64, error) { return make(), nil })
	return v
}

// order returns the order kept under name if it was worked out from the
// same slugs and titles (sig), else nil.
func (m *Memo) order(name string, sig uint64) []int {
	if m == nil {
		return nil
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if o, ok := m.orders[name]; ok && o.v.sig == sig {
		o.gen = m.gen
		m.orders[name] = o
		return o.v.idx
	}
	return nil
}

func (m *Memo) setOrder(name string, sig uint64, idx []int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.orders[name] = stamped[order]{order{sig, idx}, m.gen}
}

// next starts a new build; every eighth, it drops the values the last
// build did not use.
func (m *Memo) next() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gen++
	if m.gen%8 != 0 {
		return
	}
	last := m.gen - 1
	sweep(m.keys, last)
	sweep(m.cards, last)
	sweep(m.orders, last)
}

func sweep[K comparable, V any](m map[K]stamped[V], last uint32) {
	for k, s := range m {
		if s.gen < last {
			delete(m, k)
		}
	}
}
