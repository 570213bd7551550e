package render

import "sync"

// Memo keeps what a Site computes from single titles, for the next Site of
// the same source: the collation key of each title in each language (a
// third of the time of preparing a large site). Keys not used by a Site
// are dropped when the next one is made.
type Memo struct {
	mu   sync.Mutex
	keys map[string][]byte
	seen map[string]bool
	// cards maps an entry's Source to its card key (see Site.cardKey).
	cards     map[uint64]uint64
	seenCards map[uint64]bool
	// frags holds rendered pieces of files by key: one entry's element of
	// an open-data file.
	frags     map[uint64][]byte
	seenFrags map[uint64]bool
}

// NewMemo returns an empty memo.
func NewMemo() *Memo {
	return &Memo{keys: map[string][]byte{}, seen: map[string]bool{}, cards: map[uint64]uint64{}, seenCards: map[uint64]bool{},
		frags: map[uint64][]byte{}, seenFrags: map[uint64]bool{}}
}

// frag returns the piece of output with this key, made once.
func (m *Memo) frag(key uint64, make func() ([]byte, error)) ([]byte, error) {
	if m == nil {
		return make()
	}
	m.mu.Lock()
	b, ok := m.frags[key]
	m.seenFrags[key] = true
	m.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.frags[key] = b
	m.mu.Unlock()
	return b, nil
}

func (m *Memo) cardKey(source uint64, make func() uint64) uint64 {
	if m == nil {
		return make()
	}
	m.mu.Lock()
	k, ok := m.cards[source]
	m.seenCards[source] = true
	m.mu.Unlock()
	if !ok {
		k = make()
		m.mu.Lock()
		m.cards[source] = k
		m.mu.Unlock()
	}
	return k
}

func (m *Memo) collationKey(lang, title string, make func() []byte) []byte {
	if m == nil {
		return make()
	}
	k := lang + "\x00" + title
	m.mu.Lock()
	key, ok := m.keys[k]
	m.seen[k] = true
	m.mu.Unlock()
	if !ok {
		key = make()
		m.mu.Lock()
		m.keys[k] = key
		m.mu.Unlock()
	}
	return key
}

// sweep forgets the keys not used since the last sweep.
func (m *Memo) sweep() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for k := range m.keys {
		if !m.seen[k] {
			delete(m.keys, k)
		}
	}
	clear(m.seen)
	for k := range m.cards {
		if !m.seenCards[k] {
			delete(m.cards, k)
		}
	}
	clear(m.seenCards)
	for k := range m.frags {
		if !m.seenFrags[k] {
			delete(m.frags, k)
		}
	}
	clear(m.seenFrags)
}
