package render

import (
	"cmp"
	"container/heap"
	"slices"
	"strings"

	"github.com/emine-dev/emine/internal/entry"
)

// SimilarLimit is how many similar projects a project's page shows.
const SimilarLimit = 6

// similar lists up to SimilarLimit other projects in the same province that
// share a mineral with project e: those sharing the most minerals first,
// then those at the same stage, then in ring order from e (see ringKey).
// That last order differs from project to project, so that on a large
// directory each page shows its own handful rather than the province's
// first few in the alphabet, and every project is shown on about as many
// pages as it shows.
//
// The list is worked out once per site: every language's page and key
// asks for it, and it depends only on the projects' outlines (see
// Outline), which an edit made in place leaves as they were.
func (s *Site) similar(e *entry.Entry) []*entry.Entry {
	if e.Project == nil {
		return nil
	}
	if list, ok := s.similarCache.Load(e); ok {
		return list.([]*entry.Entry)
	}
	list := s.rankSimilar(e)
	s.similarCache.Store(e, list)
	return list
}

// ringKey places a project on a ring: FNV-1a of its slug, mixed by
// splitmix64's finaliser so that slugs differing in their last letters land
// far apart. A project's ties are broken by how far along the ring the
// others lie from it.
func ringKey(slug string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(slug); i++ {
		h = (h ^ uint64(slug[i])) * prime
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	return h ^ h>>31
}

// ringed is a project and its ringKey.
type ringed struct {
	k uint64
	x *entry.Entry
}

// provinceRings are a province's projects by set of minerals and stage:
// each project naming up to maxIndexed minerals is filed, in ring order,
// under every set of the minerals it names (15 sets at four minerals); one
// naming more is filed under each of its minerals alone, and in many.
type provinceRings struct {
	sets   map[string][]ringed // by setKey of the set and the stage
	stages []string
	many   map[string][]ringed // by mineral
}

// maxIndexed bounds the sets one project is filed under, whatever an
// editor writes.
var maxIndexed = 4

// similarVisits bounds the projects of more than maxIndexed minerals
// scored one by one for one project's list.
const similarVisits = 1000

// setKey names a set of minerals, given in order, at a stage.
func setKey(stage string, ms ...string) string {
	return stage + "\x01" + strings.Join(ms, "\x00")
}

// subsets calls f with each set of n of ms, in order.
func subsets(ms []string, n int, f func([]string)) {
	set := make([]string, 0, n)
	var pick func(from int)
	pick = func(from int) {
		if len(set) == n {
			f(set)
			return
		}
		for i := from; i <= len(ms)-(n-len(set)); i++ {
			set = append(set, ms[i])
			pick(i + 1)
			set = set[:len(set)-1]
		}
	}
	pick(0)
}

// rings returns the province's rings, made once per site, or nil when no
// entry names the province.
func (s *Site) rings(province string) *provinceRings {
	s.ringsOnce.Do(func() {
		s.ringsBy = map[string]*provinceRings{}
		for province, list := range s.terms[entry.TaxProvinces] {
			pr := &provinceRings{sets: map[string][]ringed{}, many: map[string][]ringed{}}
			for _, x := range list {
				if x.Project == nil {
					continue
				}
				r := ringed{ringKey(x.Slug), x}
				stage := x.Project.Stage
				if !slices.Contains(pr.stages, stage) {
					pr.stages = append(pr.stages, stage)
				}
				ms := distinct(x.Project.Minerals)
				largest := len(ms)
				if len(ms) > maxIndexed {
					largest = 1
					for _, m := range ms {
						pr.many[m] = append(pr.many[m], r)
					}
				}
				for n := 1; n <= largest; n++ {
					subsets(ms, n, func(set []string) {
						k := setKey(stage, set...)
						pr.sets[k] = append(pr.sets[k], r)
					})
				}
			}
			for _, l := range pr.sets {
				sortRing(l)
			}
			for _, l := range pr.many {
				sortRing(l)
			}
			slices.Sort(pr.stages)
			s.ringsBy[province] = pr
		}
	})
	return s.ringsBy[province]
}

// distinct returns the minerals in order, each once.
func distinct(ms []string) []string {
	return slices.Compact(slices.Sorted(slices.Values(ms)))
}

func sortRing(l []ringed) {
	slices.SortFunc(l, func(a, b ringed) int {
		if c := cmp.Compare(a.k, b.k); c != 0 {
			return c
		}
		return strings.Compare(a.x.Slug, b.x.Slug)
	})
}

// similarCand is a candidate for a project's similar list: its score (two
// for each mineral shared, one for the same stage) and its distance along
// the ring.
type similarCand struct {
	x     *entry.Entry
	score int
	dist  uint64
}

// before says whether a ranks above b.
func (a similarCand) before(b similarCand) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.dist != b.dist {
		return a.dist < b.dist
	}
	return a.x.Slug < b.x.Slug
}

// rankSimilar works out e's similar projects without scoring every project
// of its province, which made a directory's ranking grow with its square
// (thousands of projects a province at 100,000 entries). For a project of
// up to maxIndexed minerals, each class of candidates (sharing all of its
// minerals, one fewer, and so on down to one; at its stage, then at
// others) is walked from e along the rings of its sets of that size,
// nearest first: a class is left once it has given SimilarLimit, and the
// next is walked only while it can still rank, so a handful of projects
// are looked at. Projects of more minerals than that, few in any
// directory, are scored one by one, nearest first, and no more than
// similarVisits of them: past that many, the ranking of such a project is
// the best of the nearest rather than of all.
func (s *Site) rankSimilar(e *entry.Entry) []*entry.Entry {
	pr := s.rings(e.Project.Province)
	if pr == nil {
		return nil
	}
	minerals := distinct(e.Project.Minerals)
	shared := func(x *entry.Entry) int {
		n := 0
		for i, m := range x.Project.Minerals {
			if slices.Contains(minerals, m) && !slices.Contains(x.Project.Minerals[:i], m) {
				n++
			}
		}
		return n
	}
	ke := ringKey(e.Slug)
	stage := e.Project.Stage
	var top []similarCand
	add := func(c similarCand) {
		i := len(top)
		for i > 0 && c.before(top[i-1]) {
			i--
		}
		if i < SimilarLimit {
			top = slices.Insert(top, i, c)
			top = top[:min(len(top), SimilarLimit)]
		}
	}
	score := func(x *entry.Entry, n int) int {
		if x.Project.Stage == stage {
			return 2*n + 1
		}
		return 2 * n
	}
	walked, scored := 0, 0 // projects handed over, for similarLooked
	// scoreNear scores, once each and nearest first along the rings, the
	// projects of lists that share at least least minerals with e. It
	// looks at no more than similarVisits of them, and stops when top
	// holds SimilarLimit projects of the best score there can be.
	seen := map[*entry.Entry]bool{}
	scoreNear := func(lists [][]ringed, least int) {
		best := 2*len(minerals) + 1
		scored += walkRings(lists, ke, similarVisits, func(r ringed) (bool, bool) {
			if len(top) == SimilarLimit && top[SimilarLimit-1].score == best {
				return false, true
			}
			if r.x != e && !seen[r.x] {
				seen[r.x] = true
				if n := shared(r.x); n >= least {
					add(similarCand{r.x, score(r.x, n), r.k - ke})
				}
			}
			return true, false
		})
	}
	// class walks the rings of sets (of n minerals each) at e's stage,
	// then at the others, from e and nearest first, taking up to
	// SimilarLimit projects that share exactly n minerals, while they can
	// still rank above the last of top.
	class := func(sets [][]string, n int) {
		for _, same := range []bool{true, false} {
			sc := 2 * n
			if same {
				sc++
			}
			if len(top) == SimilarLimit && top[SimilarLimit-1].score > sc {
				return
			}
			var lists [][]ringed
			for _, st := range pr.stages {
				if (st == stage) != same {
					continue
				}
				for _, set := range sets {
					if l := pr.sets[setKey(st, set...)]; len(l) > 0 {
						lists = append(lists, l)
					}
				}
			}
			walked += walkRings(lists, ke, SimilarLimit, func(r ringed) (bool, bool) {
				if r.x == e || shared(r.x) != n {
					return false, false
				}
				add(similarCand{r.x, sc, r.k - ke})
				return true, false
			})
		}
	}
	var many [][]ringed
	for _, m := range minerals {
		many = append(many, pr.many[m])
	}
	if len(minerals) > maxIndexed {
		// e is in many itself: the projects sharing a mineral are scored.
		var lists [][]ringed
		for _, m := range minerals {
			for _, st := range pr.stages {
				lists = append(lists, pr.sets[setKey(st, m)])
			}
		}
		scoreNear(append(lists, many...), 1)
	} else {
		// Projects of more minerals, filed by mineral alone, are scored
		// one by one where they share two or more; the walks below
		// take those sharing one.
		if len(minerals) > 1 {
			scoreNear(many, 2)
		}
		for n := len(minerals); n >= 1; n-- {
			var sets [][]string
			subsets(minerals, n, func(set []string) { sets = append(sets, slices.Clone(set)) })
			class(sets, n)
		}
	}
	if similarLooked != nil {
		similarLooked(walked, scored)
	}
	similar := make([]*entry.Entry, len(top))
	for i, c := range top {
		similar[i] = c.x
	}
	return similar
}

// similarLooked, when set (by tests), is told how many projects the class
// walks and the one-by-one scoring looked at to rank each project's
// similar ones.
var similarLooked func(walked, scored int)

// walkRings hands take the projects of lists (each in ring order) in order
// of their distance along the ring from k, until take has taken n of them
// or says to stop, and returns how many it handed.
func walkRings(lists [][]ringed, k uint64, n int, take func(ringed) (took, stop bool)) (looked int) {
	// Each list is walked from its first project at or past k, wrapping
	// round; the heads of the lists not yet done are kept in a heap by
	// distance from k (then slug), so that each step costs the logarithm
	// of their number.
	h := ringHeap{k: k}
	for _, l := range lists {
		if len(l) > 0 {
			at, _ := slices.BinarySearchFunc(l, k, func(r ringed, k uint64) int { return cmp.Compare(r.k, k) })
			h.heads = append(h.heads, ringHead{l: l, at: at % len(l)})
		}
	}
	heap.Init(&h)
	for n > 0 && len(h.heads) > 0 {
		top := &h.heads[0]
		r := top.l[top.at]
		if top.seen++; top.seen == len(top.l) {
			heap.Pop(&h)
		} else {
			top.at = (top.at + 1) % len(top.l)
			heap.Fix(&h, 0)
		}
		looked++
		took, stop := take(r)
		if stop {
			return looked
		}
		if took {
			n--
		}
	}
	return looked
}

// ringHead is where the walk of one list stands: at its next project, of
// which seen have been handed over.
type ringHead struct {
	l        []ringed
	at, seen int
}

// ringHeap orders the heads of lists by how far along the ring from k
// their next project lies.
type ringHeap struct {
	k     uint64
	heads []ringHead
}

func (h *ringHeap) Len() int { return len(h.heads) }
func (h *ringHeap) Less(i, j int) bool {
	a, b := h.heads[i].l[h.heads[i].at], h.heads[j].l[h.heads[j].at]
	if da, db := a.k-h.k, b.k-h.k; da != db {
		return da < db
	}
	return a.x.Slug < b.x.Slug
}
func (h *ringHeap) Swap(i, j int) { h.heads[i], h.heads[j] = h.heads[j], h.heads[i] }
func (h *ringHeap) Push(x any)    { h.heads = append(h.heads, x.(ringHead)) }
func (h *ringHeap) Pop() any {
	x := h.heads[len(h.heads)-1]
	h.heads = h.heads[:len(h.heads)-1]
	return x
}
