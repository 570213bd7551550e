package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// partner writes a partner and, when it is translated, its Chinese version.
func (g *generator) partner(it *item) (en, zh []byte) {
	updated, zhUpdated := g.updated()
	town := pick(g, cities[it.country])
	est := 1947 + g.rng.IntN(78)
	segments := sample(g, g.valueChain.keys, 1+g.rng.IntN(3), "")
	province := pick(g, g.provinces.keys)
	policies := g.refs(g.policies, 1+g.rng.IntN(2), nil)

	var f frontMatter
	f.common(it.title, clip(fmt.Sprintf("%s organisation from %s, headquartered in %s, working in %s in Pakistan's mineral sector.",
		strings.ToUpper(it.kind[:1])+it.kind[1:], it.country, town, g.segmentNames(segments, "en")), 300), updated)
	f.str(0, "country", it.country)
	f.raw(0, "kind", it.kind)
	f.object(0, "names")
	f.str(1, "en", it.title)
	f.str(1, "zh", it.zhTitle)
	f.raw(0, "website", "https://"+it.slug+".example.org/")
	f.str(0, "headquarters", town)
	f.raw(0, "established", strconv.Itoa(est))
	f.object(0, "contact")
	f.raw(1, "email", "info@"+it.slug+".example.org")
	f.str(1, "phone", fmt.Sprintf("+92 51 %03d %04d", g.rng.IntN(1000), g.rng.IntN(10000)))
	f.raw(1, "url", "https://"+it.slug+".example.org/contact")
	f.keys(0, "value_chain", segments)
	g.sources(&f, it)

	r := g.replacer(vars{name: it.title, kind: it.kind, town: town, province: g.provinces.name(province, "en"),
		mineral: strings.ToLower(g.minerals.name(pick(g, g.minerals.keys), "en"))})
	var m markdown
	m.heading("Overview")
	m.para(g.sentences(partnerOverview, 4, r)...)
	m.heading("Activities")
	var acts []string
	for _, s := range segments {
		acts = append(acts, g.valueChain.name(s, "en")+": "+activity[s])
	}
	m.list(acts...)
	m.heading("Key figures")
	year := 2021 + g.rng.IntN(3)
	var rows [][]string
	for i := range 3 {
		rows = append(rows, []string{strconv.Itoa(year + i), strconv.Itoa(1 + g.rng.IntN(12)), strconv.Itoa(50 + g.rng.IntN(3000))})
	}
	m.table([]string{"Year", "Projects in Pakistan", "Staff"}, rows)
	m.heading("Rules that apply")
	m.para(fmt.Sprintf("Its work in Pakistan is governed in particular by %s.", links(policies, false)))
	g.fill(&m, "Outlook", r)
	en = f.file(m.String())

	if it.translated {
		zhSummary := fmt.Sprintf("%s，总部位于%s，业务涉及巴基斯坦矿业的%s。", it.zhTitle, town, g.segmentNames(segments, "zh"))
		body := g.zhBody(it, "机构概况", town, policies)
		zh = translation(it.zhTitle, clip(zhSummary, 300), zhUpdated, func(f *frontMatter) {
			f.str(0, "headquarters", town)
		}, body)
	}
	return en, zh
}

// activity describes what a partner does in each value-chain segment.
var activity = map[string]string{
	"exploration":       "geological mapping, geochemistry and drilling",
	"mining":            "open-pit and underground mining under contract",
	"processing":        "crushing, flotation and smelting",
	"logistics":         "haulage of concentrate to Karachi and Gwadar",
	"financing":         "project finance, equipment leasing and trade finance",
	"capacity-building": "training of geologists, engineers and mine technicians",
}

func (g *generator) segmentNames(keys []string, lang string) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = g.valueChain.name(k, lang)
		if lang == "en" {
			names[i] = strings.ToLower(names[i])
		}
	}
	if lang == "zh" {
		return strings.Join(names, "、")
	}
	return strings.Join(names, ", ")
}

// jurisdiction returns "federal" or a province key, and its English name.
func (g *generator) jurisdiction() (key, name string) {
	if g.rng.IntN(2) == 0 {
		return "federal", "Pakistan as a whole"
	}
	key = pick(g, g.provinces.keys)
	return key, g.provinces.name(key, "en")
}

// policy writes a policy and, when it is translated, its Chinese version.
// A policy only supersedes one planned before it, so chains never loop.
func (g *generator) policy(it *item, index int) (en, zh []byte) {
	updated, zhUpdated := g.updated()
	authority := pick(g, g.government)
	jur, where := g.jurisdiction()
	issued := g.dateBetween(time.Date(1948, 1, 1, 0, 0, 0, 0, time.UTC), lastUpdated)

	var f frontMatter
	f.common(it.title, clip(fmt.Sprintf("A %s issued by %s that applies to %s: how mineral titles are granted, held and taxed.",
		policyKindEn[it.kind], authority.title, where), 300), updated)
	f.raw(0, "kind", it.kind)
	f.raw(0, "authority", authority.slug)
	f.raw(0, "jurisdiction", jur)
	f.str(0, "issued", day(issued))
	if g.rng.IntN(2) == 0 {
		f.str(0, "effective", day(issued.AddDate(0, g.rng.IntN(7), 0)))
	}
	f.raw(0, "status", g.pickWeighted(policyStatuses))
	var supersedes *item
	if index > 0 && g.rng.IntN(100) < 15 {
		supersedes = g.policies[g.rng.IntN(index)]
		f.raw(0, "supersedes", supersedes.slug)
	}
	f.object(0, "document")
	f.raw(1, "url", "https://example.org/documents/"+it.slug+".pdf")
	f.str(1, "language", "English")
	if g.rng.IntN(2) == 0 {
		f.keys(0, "minerals", g.mineralKeys(1+g.rng.IntN(4)))
	}
	if g.rng.IntN(2) == 0 {
		f.keys(0, "value_chain", sample(g, g.valueChain.keys, 1+g.rng.IntN(3), ""))
	}
	g.sources(&f, it)

	r := g.replacer(vars{name: it.title, province: where, town: "Islamabad",
		mineral: strings.ToLower(g.minerals.name(pick(g, g.minerals.keys), "en"))})
	var m markdown
	m.heading("Overview")
	intro := fmt.Sprintf("The %s was issued by %s and applies to %s.", it.title, authority.link(authority.title), where)
	m.para(append([]string{intro}, g.sentences(policyOverview, 3, r)...)...)
	m.heading("Main provisions")
	var provs []string
	for _, i := range g.rng.Perm(len(policyProvisions))[:3+g.rng.IntN(3)] {
		provs = append(provs, policyProvisions[i])
	}
	m.list(provs...)
	m.heading("Structure")
	var rows [][]string
	for i, p := range provs {
		rows = append(rows, []string{"Part " + strconv.Itoa(i+1), p})
	}
	m.table([]string{"Part", "Subject"}, rows)
	if supersedes != nil {
		m.heading("History")
		m.para(fmt.Sprintf("It replaces %s.", supersedes.link(supersedes.title)))
	}
	g.fill(&m, "In practice", r)
	en = f.file(m.String())

	if it.translated {
		zhSummary := fmt.Sprintf("%s由%s发布，规定矿业权的授予、持有和税收。", it.zhTitle, authority.zhTitle)
		zh = translation(it.zhTitle, clip(zhSummary, 300), zhUpdated, nil,
			g.zhBody(it, "政策概况", "巴基斯坦", []*item{authority, supersedes}))
	}
	return en, zh
}

// incentive writes an incentive and, when it is translated, its Chinese
// version.
func (g *generator) incentive(it *item) (en, zh []byte) {
	updated, zhUpdated := g.updated()
	authority := pick(g, g.government)
	jur, where := g.jurisdiction()
	years := 3 + g.rng.IntN(18)
	benefit := fmt.Sprintf(benefitsEn[it.kind], years)
	var basis *item
	if g.rng.IntN(10) < 8 {
		basis = pick(g, g.policies)
	}
	var elig []string
	for _, i := range g.rng.Perm(len(eligibilityItems))[:2+g.rng.IntN(3)] {
		elig = append(elig, eligibilityItems[i])
	}

	var f frontMatter
	f.common(it.title, clip(fmt.Sprintf("Investors in %s can obtain %s.", where, benefit), 300), updated)
	f.raw(0, "kind", it.kind)
	f.str(0, "benefit", clip(strings.ToUpper(benefit[:1])+benefit[1:], 200))
	f.raw(0, "authority", authority.slug)
	f.raw(0, "jurisdiction", jur)
	if basis != nil {
		f.raw(0, "legal_basis", basis.slug)
	}
	f.strs(0, "eligibility", elig)
	from := g.dateBetween(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), lastUpdated)
	f.str(0, "valid_from", day(from))
	if g.rng.IntN(10) < 6 {
		f.str(0, "valid_until", day(from.AddDate(years, 0, -1)))
	}
	if g.rng.IntN(2) == 0 {
		f.keys(0, "minerals", g.mineralKeys(1+g.rng.IntN(4)))
	}
	if g.rng.IntN(2) == 0 {
		f.keys(0, "value_chain", sample(g, g.valueChain.keys, 1+g.rng.IntN(3), ""))
	}
	g.sources(&f, it)

	r := g.replacer(vars{name: it.title, province: where, town: "Islamabad",
		mineral: strings.ToLower(g.minerals.name(pick(g, g.minerals.keys), "en"))})
	var m markdown
	m.heading("Overview")
	grant := fmt.Sprintf("It is granted by %s.", authority.link(authority.title))
	if basis != nil {
		grant = fmt.Sprintf("It is granted by %s under %s.", authority.link(authority.title), basis.link(basis.title))
	}
	m.para(append([]string{fmt.Sprintf("The %s offers %s.", it.title, benefit), grant}, g.sentences(incentiveOverview, 2, r)...)...)
	m.heading("Who is eligible")
	m.list(elig...)
	m.heading("At a glance")
	m.table([]string{"Item", "Detail"}, [][]string{{"Benefit", benefit}, {"Applies in", where}, {"Valid from", day(from)}})
	g.fill(&m, "In practice", r)
	en = f.file(m.String())

	if it.translated {
		zhBenefit := fmt.Sprintf(benefitsZh[it.kind], years)
		zh = translation(it.zhTitle, clip(it.zhTitle+"："+zhBenefit+"。", 300), zhUpdated, func(f *frontMatter) {
			f.str(0, "benefit", zhBenefit)
		}, g.zhBody(it, "优惠概况", "巴基斯坦", []*item{authority, basis}))
	}
	return en, zh
}
