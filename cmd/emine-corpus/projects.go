package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// vars are the per-entry values the sentence placeholders take.
type vars struct {
	name, typ, mineral, minerals, district, province, stage, kind, town string
}

// replacer fills the placeholders of the sentence pools, drawing the numbers
// for this entry.
func (g *generator) replacer(v vars) *strings.Replacer {
	n := func(lo, hi int) string { return strconv.Itoa(lo + g.rng.IntN(hi-lo+1)) }
	elev := 400 + g.rng.IntN(3000)
	return strings.NewReplacer(
		"{name}", v.name, "{type}", v.typ, "{mineral}", v.mineral, "{minerals}", v.minerals, "{district}", v.district,
		"{province}", v.province, "{stage}", v.stage, "{kind}", v.kind, "{town}", v.town,
		"{km}", n(20, 650), "{km2}", n(2, 40), "{year}", n(1950, 2012), "{year2}", n(2013, 2025),
		"{elev}", strconv.Itoa(elev), "{elev2}", strconv.Itoa(elev+200+g.rng.IntN(1500)),
		"{jobs}", n(40, 2500), "{rock}", pick(g, rocks), "{age}", pick(g, ages), "{len}", n(2, 18),
		"{drill}", n(3, 95)+",000", "{holes}", n(12, 240), "{depth}", n(120, 1400),
		"{tonnes}", n(3, 900), "{grade}", "0."+n(12, 95),
	)
}

// project writes a project and, when it is translated, its Chinese version.
func (g *generator) project(it *item) (en, zh []byte) {
	updated, zhUpdated := g.updated()
	province := g.provinces.name(it.province, "en")
	mineralNames := make([]string, len(it.minerals))
	for i, k := range it.minerals {
		mineralNames[i] = strings.ToLower(g.minerals.name(k, "en"))
	}
	mineral := strings.Join(mineralNames, "-")
	stage := pick(g, g.stages.keys)
	typ := strings.ToLower(it.kind)

	var operator *item
	if g.rng.IntN(10) < 9 {
		operator = pick(g, g.partners)
	}
	partners := g.refs(g.partners, g.rng.IntN(4), operator)
	policies := g.refs(g.policies, g.rng.IntN(4), nil)
	incentives := g.refs(g.incentives, g.rng.IntN(3), nil)

	var f frontMatter
	summary := fmt.Sprintf("%s %s in %s District, %s, at the %s stage.", strings.ToUpper(mineral[:1])+mineral[1:], typ,
		it.district, province, strings.ToLower(g.stages.name(stage, "en")))
	if operator != nil {
		summary += " Operated by " + operator.title + "."
	}
	f.common(it.title, clip(summary, 300), updated)
	f.keys(0, "minerals", it.minerals)
	f.raw(0, "province", it.province)
	f.str(0, "district", it.district)
	box := boxes[it.province]
	f.object(0, "location")
	f.raw(1, "lat", ff(box[0]+g.rng.Float64()*(box[1]-box[0]), 4))
	f.raw(1, "lon", ff(box[2]+g.rng.Float64()*(box[3]-box[2]), 4))
	f.raw(0, "stage", stage)
	f.keys(0, "value_chain", sample(g, g.valueChain.keys, 1+g.rng.IntN(3), ""))
	if operator != nil {
		f.raw(0, "operator", operator.slug)
	}
	f.keys(0, "partners", slugs(partners))
	f.keys(0, "policies", slugs(policies))
	f.keys(0, "incentives", slugs(incentives))
	if g.rng.IntN(10) < 6 {
		f.object(0, "investment")
		f.raw(1, "amount", strconv.Itoa((1+g.rng.IntN(2000))*1_000_000))
		f.raw(1, "currency", pick(g, []string{"USD", "USD", "PKR", "CNY"}))
		f.raw(1, "year", strconv.Itoa(2000+g.rng.IntN(27)))
		f.str(1, "note", "Committed capital for exploration, development and the first processing line.")
	}
	if g.rng.IntN(10) < 7 {
		granted := g.dateBetween(time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC), lastUpdated)
		f.object(0, "license")
		f.str(1, "type", pick(g, licenceTypes))
		f.str(1, "number", fmt.Sprintf("ML-%s-%d-%04d", strings.ToUpper(it.province[:3]), granted.Year(), g.rng.IntN(10000)))
		f.raw(1, "area_km2", ff(0.5+g.rng.Float64()*500, 1))
		f.str(1, "granted", day(granted))
		f.str(1, "expires", day(granted.AddDate(5+g.rng.IntN(26), 0, 0)))
	}
	if g.rng.IntN(10) < 4 {
		f.object(0, "opportunity")
		f.raw(1, "open", strconv.FormatBool(g.rng.IntN(10) < 6))
		f.keys(1, "seeking", sample(g, []string{"equity", "debt", "offtake", "epc", "technology", "services"}, 1+g.rng.IntN(3), ""))
		f.str(1, "deadline", day(g.dateBetween(lastUpdated, lastUpdated.AddDate(2, 0, 0))))
		if g.rng.IntN(2) == 0 {
			f.raw(1, "contact", "invest@"+it.slug+".example.org")
		} else {
			f.raw(1, "contact", "https://example.org/opportunities/"+it.slug)
		}
	}
	g.sources(&f, it)

	r := g.replacer(vars{name: it.title, typ: typ, mineral: mineralNames[0], minerals: mineral, district: it.district, province: province,
		stage: strings.ToLower(g.stages.name(stage, "en")), town: it.district})
	var m markdown
	m.heading("Overview")
	m.para(g.sentences(projectOverview, 3, r)...)
	m.heading("Geology and resources")
	m.para(g.sentences(projectGeology, 2, r)...)
	m.list(g.sentences(projectFacts, 3+g.rng.IntN(3), r)...)
	m.heading("Operator and partners")
	switch {
	case operator != nil && len(partners) == 1:
		m.para(fmt.Sprintf("The project is operated by %s, with %s as a partner.", operator.link(operator.title), links(partners, false)))
	case operator != nil && len(partners) > 1:
		m.para(fmt.Sprintf("The project is operated by %s, with %s as partners.", operator.link(operator.title), links(partners, false)))
	case operator != nil:
		m.para(fmt.Sprintf("The project is operated by %s.", operator.link(operator.title)))
	default:
		m.para("No operator has been named yet; the title holder is looking for a partner with processing experience.")
	}
	m.heading("Timeline")
	m.table([]string{"Year", "Event"}, g.timeline())
	m.heading("Infrastructure")
	m.para(g.sentences(projectLogistics, 2, r)...)
	if len(policies)+len(incentives) > 0 {
		m.heading("Regulation and incentives")
		var s []string
		if len(policies) > 0 {
			s = append(s, fmt.Sprintf("The title is held under %s.", links(policies, false)))
		}
		if len(incentives) > 0 {
			s = append(s, fmt.Sprintf("The project benefits from %s.", links(incentives, false)))
		}
		m.para(s...)
	}
	g.fill(&m, "Outlook", r)
	en = f.file(m.String())

	if it.translated {
		zhSummary := fmt.Sprintf("%s位于%s%s，目前处于%s阶段。", it.zhTitle, g.provinces.name(it.province, "zh"),
			it.district, g.stages.name(stage, "zh"))
		body := g.zhBody(it, "项目概况", g.provinces.name(it.province, "zh"), append(append([]*item{operator}, partners...), policies...))
		zh = translation(it.zhTitle, clip(zhSummary, 300), zhUpdated, func(f *frontMatter) {
			f.str(0, "district", it.district)
		}, body)
	}
	return en, zh
}

// timeline returns three to five milestones in order, in increasing years.
func (g *generator) timeline() [][]string {
	k := 3 + g.rng.IntN(3)
	start := g.rng.IntN(len(timelineEvents) - k + 1)
	year := 1990 + g.rng.IntN(25)
	rows := make([][]string, k)
	for i := range k {
		rows[i] = []string{strconv.Itoa(year), timelineEvents[start+i]}
		year += 1 + g.rng.IntN(3)
	}
	return rows
}
