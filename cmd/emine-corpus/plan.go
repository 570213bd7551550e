package main

import (
	"embed"
	"fmt"
	"math/rand/v2"
	"path"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// sitedata holds copies of the repository's data/site.yaml and taxonomies.
//
//go:embed sitedata
var sitedata embed.FS

// config is what to generate, filled from the flags.
type config struct {
	n        int
	out      string
	seed     uint64
	hugo     bool
	siteFrom string
}

// stats counts what was written.
type stats struct {
	projects, partners, policies, incentives, translations int
}

func (s stats) entries() int { return s.projects + s.partners + s.policies + s.incentives }

// taxonomy is one data/<name>.yaml file: its keys in order and their names
// per language.
type taxonomy struct {
	keys  []string
	names map[string]map[string]string
}

func (t *taxonomy) name(key, lang string) string { return t.names[key][lang] }

// loadTaxonomy reads the keys and names of an embedded taxonomy file.
func loadTaxonomy(name string) (*taxonomy, error) {
	src, err := sitedata.ReadFile("sitedata/" + name + ".yaml")
	if err != nil {
		return nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, fmt.Errorf("%s.yaml: %w", name, err)
	}
	if len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s.yaml: not a mapping", name)
	}
	t := &taxonomy{names: map[string]map[string]string{}}
	m := root.Content[0]
	for i := 0; i+1 < len(m.Content); i += 2 {
		key := m.Content[i].Value
		names := map[string]string{}
		if err := m.Content[i+1].Decode(&names); err != nil {
			return nil, fmt.Errorf("%s.yaml: %s: %w", name, key, err)
		}
		t.keys = append(t.keys, key)
		t.names[key] = names
	}
	return t, nil
}

// item is one planned entry: what the other entries need to know of it
// (slug, titles, kind) before any file is written.
type item struct {
	coll       string
	slug       string
	title      string
	zhTitle    string
	kind       string // partner, policy or incentive kind, or project type
	country    string // partners
	translated bool

	// Projects are named after their minerals and place.
	minerals           []string
	province, district string
}

// link returns a Markdown link to the entry, as an editor writes one.
func (it *item) link(text string) string {
	return fmt.Sprintf("[%s](/%s/%s/)", text, it.coll, it.slug)
}

// generator holds the random source and the plan of the whole corpus. All
// randomness comes from one PCG consumed in a fixed order, so the same seed
// gives the same bytes.
type generator struct {
	rng                                      *rand.Rand
	minerals, provinces, stages, valueChain  *taxonomy
	partners, policies, incentives, projects []*item
	government                               []*item
}

func newGenerator(seed uint64) (*generator, error) {
	g := &generator{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	for _, t := range []struct {
		name string
		dst  **taxonomy
	}{{"minerals", &g.minerals}, {"provinces", &g.provinces}, {"stages", &g.stages}, {"value-chain", &g.valueChain}} {
		tax, err := loadTaxonomy(t.name)
		if err != nil {
			return nil, err
		}
		*t.dst = tax
	}
	return g, nil
}

// counts splits n entries into the collections: 20% partners, 10% policies,
// 10% incentives and the rest projects.
func counts(n int) (partners, policies, incentives, projects int) {
	partners, policies, incentives = max(1, n/5), max(1, n/10), max(1, n/10)
	return partners, policies, incentives, n - partners - policies - incentives
}

// plan names every entry. Partners come first because every other
// collection refers to them; every fifth entry, counted across the
// collections in this order, is translated.
func (g *generator) plan(n int) {
	np, npol, ninc, nproj := counts(n)
	seq := 0
	next := func() bool { seq++; return seq%5 == 1 }
	for i := range np {
		kind := g.pickWeighted(partnerKinds)
		if i == 0 {
			kind = "government" // policies and incentives need an issuing body
		}
		it := g.partnerItem(i, kind)
		it.translated = next()
		g.partners = append(g.partners, it)
		if kind == "government" {
			g.government = append(g.government, it)
		}
	}
	for i := range npol {
		it := g.policyItem(i)
		it.translated = next()
		g.policies = append(g.policies, it)
	}
	for i := range ninc {
		it := g.incentiveItem(i)
		it.translated = next()
		g.incentives = append(g.incentives, it)
	}
	for i := range nproj {
		it := g.projectItem(i)
		it.translated = next()
		g.projects = append(g.projects, it)
	}
}

func (g *generator) partnerItem(i int, kind string) *item {
	p := g.rng.IntN(len(namePrefixes))
	suffix := g.pickPair(partnerSuffixes[kind])
	country := "PK"
	switch r := g.rng.IntN(100); {
	case kind == "government":
	case r < 35:
		country = "CN"
	case r >= 90:
		country = pick(g, otherCountries)
	}
	en := namePrefixes[p] + " " + suffix[0]
	zh := zhPrefixes[p] + suffix[1]
	if kind != "government" && kind != "association" && kind != "academic" {
		c := g.rng.IntN(len(nameCores))
		en = namePrefixes[p] + " " + nameCores[c] + " " + suffix[0]
		zh = zhPrefixes[p] + zhCores[c] + suffix[1]
	}
	en = fmt.Sprintf("%s No. %d", en, i+1)
	zh = fmt.Sprintf("%s（第%d号）", zh, i+1)
	return &item{coll: "partners", slug: slugify(en), title: en, zhTitle: zh, kind: kind, country: country}
}

func (g *generator) policyItem(i int) *item {
	kind := pick(g, policyKinds)
	topic := g.pickPair(policyTopics)
	year := 1948 + g.rng.IntN(2026-1948+1)
	where, whereZh := "Pakistan", "巴基斯坦"
	if g.rng.IntN(2) == 0 {
		prov := pick(g, g.provinces.keys)
		where, whereZh = g.provinces.name(prov, "en"), g.provinces.name(prov, "zh")
	}
	en := fmt.Sprintf("%s %s %s, %d (No. %d)", where, topic[0], policyKindEn[kind], year, i+1)
	zh := fmt.Sprintf("《%d年%s%s%s》（第%d号）", year, whereZh, topic[1], policyKindZh[kind], i+1)
	return &item{coll: "policies", slug: slugify(en), title: en, zhTitle: zh, kind: kind}
}

func (g *generator) incentiveItem(i int) *item {
	kind := pick(g, incentiveKinds)
	z := g.rng.IntN(len(zones))
	p := g.rng.IntN(len(namePrefixes))
	en := fmt.Sprintf("%s %s %s (No. %d)", namePrefixes[p], zones[z], incentiveNamesEn[kind], i+1)
	zh := fmt.Sprintf("%s%s%s（第%d号）", zhPrefixes[p], zonesZh[z], incentiveNamesZh[kind], i+1)
	return &item{coll: "incentives", slug: slugify(en), title: en, zhTitle: zh, kind: kind}
}

func (g *generator) projectItem(i int) *item {
	typ := g.pickPair(projectTypes)
	m := g.mineralKeys(1 + g.rng.IntN(2))
	names := make([]string, len(m))
	zh := make([]string, len(m))
	for k, key := range m {
		names[k] = g.minerals.name(key, "en")
		zh[k] = g.minerals.name(key, "zh")
	}
	prov := pick(g, g.provinces.keys)
	district := pick(g, districts[prov])
	en := fmt.Sprintf("%s %s %s (Block %d)", district, strings.Join(names, "-"), typ[0], i+1)
	zhTitle := fmt.Sprintf("%s%s%s（第%d区块）", district, strings.Join(zh, ""), typ[1], i+1)
	return &item{coll: "projects", slug: slugify(en), title: en, zhTitle: zhTitle, kind: typ[0],
		minerals: m, province: prov, district: district}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slugify turns a title into a slug of the contract: lower-case words
// joined by hyphens, at most 80 bytes, never ending in a hyphen.
func slugify(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if len(s) > 80 {
		// Keep the tail, which holds the number that makes it unique.
		s = strings.Trim(s[len(s)-80:], "-")
	}
	return s
}

// pick returns a random element of list.
func pick[T any](g *generator, list []T) T { return list[g.rng.IntN(len(list))] }

func (g *generator) pickPair(list [][2]string) [2]string { return pick(g, list) }

func (g *generator) pickWeighted(list []weighted) string {
	total := 0
	for _, w := range list {
		total += w.weight
	}
	r := g.rng.IntN(total)
	for _, w := range list {
		if r < w.weight {
			return w.value
		}
		r -= w.weight
	}
	return list[len(list)-1].value
}

// sample returns k distinct elements of list in list order (fewer when the
// list is shorter), skipping the excluded one.
func sample[T comparable](g *generator, list []T, k int, exclude T) []T {
	if k <= 0 || len(list) == 0 {
		return nil
	}
	seen := map[int]bool{}
	var idx []int
	for tries := 0; len(idx) < k && tries < 4*k; tries++ {
		i := g.rng.IntN(len(list))
		if seen[i] || list[i] == exclude {
			continue
		}
		seen[i] = true
		idx = append(idx, i)
	}
	slices.Sort(idx)
	out := make([]T, len(idx))
	for i, j := range idx {
		out[i] = list[j]
	}
	return out
}

// mineralKeys returns k distinct mineral keys in taxonomy order.
func (g *generator) mineralKeys(k int) []string { return sample(g, g.minerals.keys, k, "") }

// entryPath is where an entry's file goes, relative to the corpus root.
func entryPath(it *item, lang string) string {
	name := it.slug + ".md"
	if lang != "" {
		name = it.slug + "." + lang + ".md"
	}
	return path.Join("content", it.coll, name)
}
