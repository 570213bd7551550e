package search

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestCachedBuildEqualsFresh changes a few documents at a time, the way
// rebuilds after edits do, and builds the index with a cache kept from
// build to build: every file must be what a build without a cache gives.
// The changes are to bodies (which the cache patches), to facets, and to
// the set of documents (which it indexes afresh).
func TestCachedBuildEqualsFresh(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	vocab := make([]string, 400)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%dx%s", i, strings.Repeat("q", i%7))
	}
	word := func() string {
		// A few words are in most documents: they become common terms.
		if r.IntN(4) == 0 {
			return vocab[r.IntN(5)]
		}
		return vocab[r.IntN(len(vocab))]
	}
	text := func(n int) string {
		w := make([]string, n)
		for i := range w {
			w[i] = word()
		}
		return strings.Join(w, " ")
	}
	type doc struct {
		slug, title, body string
		province          string
	}
	made := 0
	newDoc := func() doc {
		made++
		return doc{fmt.Sprint("d", made), text(3), text(20 + r.IntN(40)), []string{"a", "b", "c"}[r.IntN(3)]}
	}
	docs := make([]doc, 300)
	for i := range docs {
		docs[i] = newDoc()
	}
	seed := maphash.MakeSeed()
	opt := Options{Langs: []string{"en"}, Collections: []string{"projects"}, CommonMin: 20, ShardBytes: 2 << 10,
		Facets: []Facet{{Name: "province", Values: []string{"a", "b", "c"}}}}
	build := func(cache *Cache) *Index {
		t.Helper()
		o := opt
		o.Cache = cache
		idx, err := Build(len(docs), func(i int) Doc {
			d := docs[i]
			key := maphash.String(seed, d.slug+"\x00"+d.title+"\x00"+d.body+"\x00"+d.province)
			if cache != nil && cache.Has(key) {
				return Doc{Key: key}
			}
			return Doc{Collection: "projects", Slug: d.slug, Title: []string{d.title}, Body: []string{d.body},
				Display: map[string][2]string{"en": {d.title, ""}}, Facets: map[string][]string{"province": {d.province}}, Key: key}
		}, o)
		if err != nil {
			t.Fatal(err)
		}
		return idx
	}
	cache := NewCache()
	build(cache)
	patched := 0
	for step := range 40 {
		switch k := r.IntN(10); {
		case k < 7: // bodies of a few documents
			for range 1 + r.IntN(3) {
				i := r.IntN(len(docs))
				docs[i].body = text(20 + r.IntN(40))
			}
		case k < 8:
			docs[r.IntN(len(docs))].province = "c"
		case k < 9:
			docs = append(docs, newDoc())
		default:
			docs = slices.Delete(docs, 0, 1)
		}
		if cache.last != nil && len(cache.last.keys) == len(docs) {
			patched++
		}
		got, want := build(cache), build(nil)
		if len(got.Files) != len(want.Files) {
			t.Fatalf("step %d: %d files, want %d", step, len(got.Files), len(want.Files))
		}
		for i := range want.Files {
			if got.Files[i].Name != want.Files[i].Name || !bytes.Equal(got.Files[i].Data, want.Files[i].Data) {
				t.Fatalf("step %d: file %d is %s, want %s (or its bytes differ)", step, i, got.Files[i].Name, want.Files[i].Name)
			}
		}
		if fmt.Sprint(got.Counts) != fmt.Sprint(want.Counts) {
			t.Fatalf("step %d: counts %v, want %v", step, got.Counts, want.Counts)
		}
	}
	if patched < 20 {
		t.Errorf("only %d of 40 builds patched the last one's postings", patched)
	}
}
