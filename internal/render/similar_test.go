package render

import (
	"fmt"
	"hash/fnv"
	"reflect"
	"slices"
	"testing"

	"github.com/emine-dev/emine/internal/entry"
)

// TestSimilarRanksByMineralsThenStage checks the order of similar projects:
// the most minerals in common first, then the same stage, and that two
// projects of one province do not all show the same first few.
func TestSimilarRanksByMineralsThenStage(t *testing.T) {
	project := func(slug, stage string, minerals ...string) *entry.Entry {
		return &entry.Entry{Collection: entry.Projects, Slug: slug, Project: &entry.Project{Province: "balochistan", Stage: stage, Minerals: minerals}}
	}
	e := project("reko-diq", "development", "copper", "gold")
	both := project("saindak", "production", "copper", "gold", "silver")
	sameStage := project("a-copper-prospect", "development", "copper")
	other := project("b-copper-prospect", "exploration", "copper")
	none := project("chromite", "development", "chromite")
	list := []*entry.Entry{none, other, sameStage, both, e}
	for i := range 40 {
		list = append(list, project(fmt.Sprintf("copper-%02d", i), "exploration", "copper"))
	}
	s := &Site{terms: map[string]map[string][]*entry.Entry{entry.TaxProvinces: {"balochistan": list}}}
	got := s.similar(e)
	if len(got) != SimilarLimit || got[0] != both || got[1] != sameStage {
		t.Fatalf("similar = %v; want saindak (two minerals), then the prospect at the same stage, %d in all", slugs(got), SimilarLimit)
	}
	if slices.Contains(got, none) || slices.Contains(got, e) {
		t.Fatalf("similar = %v lists a project without a shared mineral, or itself", slugs(got))
	}
	if !slices.Equal(got, s.similar(e)) {
		t.Fatal("similar is not the same from one call to the next")
	}
	// Among the 41 projects that tie, two pages pick different ones.
	a, b := s.similar(list[5]), s.similar(list[6])
	if slices.Equal(slugs(a[2:]), slugs(b[2:])) {
		t.Errorf("two copper prospects show the same similar projects %v: ties should not be broken by the alphabet", slugs(a))
	}
}

func slugs(list []*entry.Entry) []string {
	var out []string
	for _, e := range list {
		out = append(out, e.Slug)
	}
	return out
}

// TestCardViewKeyCoversEveryField sets each field of a Card, and of a
// badge in it, in turn: each must change the view's fingerprint, which is
// what a rebuild compares for the pages that show the card.
func TestCardViewKeyCoversEveryField(t *testing.T) {
	zero := newKey().view(reflect.ValueOf(Card{})).sum()
	set := func(f reflect.Value) {
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Struct:
			f.Field(0).SetString("x")
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 1, 1))
		default:
			t.Fatalf("a Card field of kind %s: give this test a value for it", f.Kind())
		}
	}
	ct := reflect.TypeOf(Card{})
	for i := range ct.NumField() {
		var c Card
		set(reflect.ValueOf(&c).Elem().Field(i))
		if newKey().view(reflect.ValueOf(c)).sum() == zero {
			t.Errorf("Card.%s is left out of the card's key", ct.Field(i).Name)
		}
	}
	it := reflect.TypeOf(Item{})
	for i := range it.NumField() {
		c := Card{Badges: make([]Item, 1)}
		before := newKey().view(reflect.ValueOf(c)).sum()
		set(reflect.ValueOf(&c.Badges[0]).Elem().Field(i))
		if newKey().view(reflect.ValueOf(c)).sum() == before {
			t.Errorf("Item.%s is left out of the card's key", it.Field(i).Name)
		}
	}
}

// TestPairHashIsFNV: the tie-break of similar projects is FNV-1a of the
// two slugs with a zero byte between, as hash/fnv computes it.
func TestPairHashIsFNV(t *testing.T) {
	for _, p := range [][2]string{{"", ""}, {"saindak", "reko-diq"}, {"a", "bc"}, {"ab", "c"}, {"铜矿", "x"}} {
		h := fnv.New64a()
		h.Write([]byte(p[0]))
		h.Write([]byte{0})
		h.Write([]byte(p[1]))
		if got, want := pairHash(p[0], p[1]), h.Sum64(); got != want {
			t.Errorf("pairHash(%q, %q) = %x, want %x", p[0], p[1], got, want)
		}
	}
}
