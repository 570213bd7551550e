package render

import (
	"fmt"
	"math/rand/v2"
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

// TestSimilarFromRingsEqualsScan checks the ranking that walks the
// mineral rings against the plain one, which scores every project of the
// province: on random provinces of projects with one to five minerals and
// several stages, mixed with other collections, both must pick the same
// projects in the same order, with the sets of every project filed, and
// of those of up to two minerals or one only (the rest then scored one by
// one).
func TestSimilarFromRingsEqualsScan(t *testing.T) {
	defer func(n int) { maxIndexed = n }(maxIndexed)
	for _, limit := range []int{maxIndexed, 2, 1} {
		maxIndexed = limit
		byMinerals := map[int]int{}
		for seed := range uint64(20) {
			r := rand.New(rand.NewPCG(seed, 5))
			minerals := []string{"copper", "gold", "zinc", "lead", "coal", "chromite", "silver", "salt"}[:3+r.IntN(6)]
			stages := []string{"exploration", "development", "production", ""}[:1+r.IntN(4)]
			provinces := map[string][]*entry.Entry{}
			for i := range 100 + r.IntN(400) {
				province := fmt.Sprintf("p%d", r.IntN(3))
				e := &entry.Entry{Collection: entry.Projects, Slug: fmt.Sprintf("project-%03d", i)}
				if r.IntN(10) == 0 {
					e.Collection = entry.Policies // of the province, never similar
				} else {
					e.Project = &entry.Project{Province: province, Stage: stages[r.IntN(len(stages))]}
					for _, k := range r.Perm(len(minerals))[:1+r.IntN(min(5, len(minerals)))] {
						e.Project.Minerals = append(e.Project.Minerals, minerals[k])
					}
				}
				provinces[province] = append(provinces[province], e)
			}
			s := &Site{terms: map[string]map[string][]*entry.Entry{entry.TaxProvinces: provinces}}
			shown := map[*entry.Entry]int{}
			for _, list := range provinces {
				for _, e := range list {
					if e.Project == nil {
						continue
					}
					got, want := s.rankSimilar(e), scanSimilar(s, e)
					if !slices.Equal(got, want) {
						t.Fatalf("seed %d, pairs for up to %d minerals: similar(%s %v %q) = %v; scoring every project of the province gives %v",
							seed, limit, e.Slug, e.Project.Minerals, e.Project.Stage, slugs(got), slugs(want))
					}
					byMinerals[len(e.Project.Minerals)]++
					for _, x := range got {
						shown[x]++
					}
				}
			}
			// Every project is shown about as often as it shows others.
			for x, n := range shown {
				if n > 6*SimilarLimit {
					t.Errorf("seed %d: %s is shown on %d pages; ring order should spread the places", seed, x.Slug, n)
				}
			}
		}
		if byMinerals[1] == 0 || byMinerals[2] == 0 || byMinerals[3] == 0 || byMinerals[4] == 0 || byMinerals[5] == 0 {
			t.Fatalf("projects by number of minerals: %v; the test misses a case", byMinerals)
		}
	}
}

// TestSimilarWithFewCandidates: a province with fewer candidates than
// places lists them all, once each, best first.
func TestSimilarWithFewCandidates(t *testing.T) {
	project := func(slug, stage string, minerals ...string) *entry.Entry {
		return &entry.Entry{Collection: entry.Projects, Slug: slug, Project: &entry.Project{Province: "sindh", Stage: stage, Minerals: minerals}}
	}
	e := project("thar-coal", "production", "coal", "gypsum")
	a := project("a", "exploration", "coal")
	b := project("b", "production", "gypsum")
	c := project("c", "exploration", "coal", "gypsum")
	d := project("d", "production", "salt")
	s := &Site{terms: map[string]map[string][]*entry.Entry{entry.TaxProvinces: {"sindh": {a, b, c, d, e}}}}
	if got := s.similar(e); !slices.Equal(got, []*entry.Entry{c, b, a}) {
		t.Fatalf("similar = %v; want c (two minerals), b (same stage), a", slugs(got))
	}
	// A province no list holds (as "federal" is left out of the term
	// index) has no similar projects, and no index to look in.
	f := project("islamabad-office", "production", "coal")
	f.Project.Province = "federal"
	if got := s.similar(f); len(got) != 0 {
		t.Fatalf("similar in a province without a list = %v, want none", slugs(got))
	}
}

// scanSimilar scores every project of e's province.
func scanSimilar(s *Site, e *entry.Entry) []*entry.Entry {
	var all []similarCand
	for _, x := range s.terms[entry.TaxProvinces][e.Project.Province] {
		if x == e || x.Project == nil {
			continue
		}
		score := 0
		for _, m := range x.Project.Minerals {
			if slices.Contains(e.Project.Minerals, m) {
				score += 2
			}
		}
		if score == 0 {
			continue
		}
		if x.Project.Stage == e.Project.Stage {
			score++
		}
		all = append(all, similarCand{x, score, ringKey(x.Slug) - ringKey(e.Slug)})
	}
	slices.SortFunc(all, func(a, b similarCand) int {
		if a.before(b) {
			return -1
		}
		return 1
	})
	var out []*entry.Entry
	for _, c := range all[:min(len(all), SimilarLimit)] {
		out = append(out, c.x)
	}
	return out
}

// TestSimilarWorkDoesNotGrowWithTheProvince counts the projects looked at
// to rank each project's similar ones, in provinces of 1,000 and 8,000
// projects where many share the same minerals (copper and gold, lead and
// zinc, some naming two more, a few six gems): the most any one project
// needs must not grow with the province, as it did when every project
// of the province was scored (and when all that share a pair were).
func TestSimilarWorkDoesNotGrowWithTheProvince(t *testing.T) {
	most := func(n int) (walked, scored int) {
		var list []*entry.Entry
		for i := range n {
			ms := []string{"copper", "gold"}
			switch {
			case i%2 == 1:
				ms = []string{"lead", "zinc"}
			case i%10 == 4:
				ms = append(ms, "silver", "molybdenum")
			case i%50 == 6:
				ms = []string{"emerald", "ruby", "topaz", "aquamarine", "tourmaline", "gold"}
			}
			list = append(list, &entry.Entry{Collection: entry.Projects, Slug: fmt.Sprintf("p-%d", i),
				Project: &entry.Project{Province: "x", Stage: []string{"exploration", "development", "production"}[i%3], Minerals: ms}})
		}
		s := &Site{terms: map[string]map[string][]*entry.Entry{entry.TaxProvinces: {"x": list}}}
		similarLooked = func(w, sc int) { walked, scored = max(walked, w), max(scored, sc) }
		defer func() { similarLooked = nil }()
		for _, e := range list {
			if len(s.rankSimilar(e)) != SimilarLimit {
				t.Fatalf("%s has fewer than %d similar projects", e.Slug, SimilarLimit)
			}
		}
		return walked, scored
	}
	w1, s1 := most(1000)
	w8, s8 := most(8000)
	if w8 > w1+20 || w8 > 200 {
		t.Errorf("the class walks looked at up to %d projects for one project in a province of 1,000, %d in one of 8,000: the work grows with the province", w1, w8)
	}
	if s1 > similarVisits || s8 > similarVisits {
		t.Errorf("up to %d and %d projects scored one by one for one project, past the bound of %d", s1, s8, similarVisits)
	}
	if s8 < similarVisits/2 {
		t.Errorf("at most %d projects scored one by one at 8,000: the test no longer reaches the bound", s8)
	}
}
