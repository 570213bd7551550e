package main

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Chinese bodies are measured in characters: 500 to 1,000 characters read
// about as long as 300 to 600 English words.
const (
	minZhChars = 500
	maxZhChars = 1000
)

// zhOverview opens a Chinese body; %s is the entry's Chinese title and the
// place it concerns.
var zhOverview = []string{
	"%s位于%s，是巴基斯坦矿业价值链中的一个重要条目。",
	"%s的有关信息由编辑根据公开来源整理，涉及地区为%s。",
	"本条目介绍%s的基本情况，所涉地区为%s，供中国及国际投资者参考。",
}

// zhPoints are the items of a body's list of key points.
var zhPoints = []string{
	"资料来源均列于页面下方，并注明最后核实日期",
	"投资者可通过巴基斯坦投资局的一站式窗口办理手续",
	"省级矿产部门负责矿业权的授予和监管",
	"中巴经济走廊框架下的项目可享受相关优惠",
	"外籍员工的安全安排须符合省级指南",
	"环境审批是开工建设的前提条件",
	"权利金按矿口价值向省政府缴纳",
}

// zhFiller are the sentences a Chinese body is filled up with.
var zhFiller = []string{
	"投资者在投入资金前，应向省矿产部门核实最新情况。",
	"上述数据来自下列来源，并于所示日期最后核实。",
	"当地社区希望获得就业机会，并希望在学校和供水方面获得投资。",
	"外籍员工在偏远地区工作时，安全安排遵循省级指南。",
	"运营方计划按照国际公认的标准发布更新的资源量报告。",
	"电力、供水和道路仍是制约开发进度的主要因素。",
	"国际市场价格的波动直接影响矿业项目的经济效益。",
	"中国设备供应商为加工厂和移动设备提供了延期付款条件。",
	"当地技术人员的培训与一所技术学院合作开展。",
	"环境基线研究涵盖空气质量、地下水和牲畜的季节性迁移。",
	"矿业权人须提交年度工作计划并按时缴纳地表租金，以保持许可证有效。",
	"有关土地使用的争议通过由地区行政部门和当地长老组成的委员会解决。",
	"与中国和海湾地区买家的承购谈判正在进行中。",
	"预计联邦矿产政策下次更新后，将对财税条款进行审查。",
	"相关地区已公布申诉机制，供附近居民反映问题。",
	"省政府近年来加快了矿业权审批，并推出了电子申请系统。",
}

var zhEvents = []string{"开展区域普查", "获得勘探许可证", "完成钻探工作", "发布资源量估算", "完成可行性研究", "获得采矿租约", "开工建设", "正式投产"}

// zhBody writes a Chinese body: an overview, key points, a small table, the
// related entries as links, and filler up to a random length.
func (g *generator) zhBody(it *item, heading, place string, related []*item) string {
	var m markdown
	m.heading(heading)
	m.add(fmt.Sprintf(pick(g, zhOverview), it.zhTitle, place) + pick(g, zhFiller) + "\n\n")
	m.heading("要点")
	var points []string
	for _, i := range g.rng.Perm(len(zhPoints))[:3+g.rng.IntN(3)] {
		points = append(points, zhPoints[i])
	}
	m.list(points...)
	m.heading("时间线")
	year := 1990 + g.rng.IntN(25)
	var rows [][]string
	start := g.rng.IntN(len(zhEvents) - 3)
	for _, ev := range zhEvents[start : start+3] {
		rows = append(rows, []string{strconv.Itoa(year) + "年", ev})
		year += 1 + g.rng.IntN(3)
	}
	m.table([]string{"时间", "事件"}, rows)
	var present []*item
	for _, r := range related {
		if r != nil {
			present = append(present, r)
		}
	}
	if len(present) > 0 {
		m.heading("相关条目")
		m.add("相关条目包括" + links(present, true) + "。\n\n")
	}
	m.heading("展望")
	target := minZhChars + g.rng.IntN(maxZhChars-minZhChars+1)
	for first := true; first || utf8.RuneCountInString(m.b.String()) < target; first = false {
		var para []string
		for _, i := range g.rng.Perm(len(zhFiller))[:4] {
			para = append(para, zhFiller[i])
		}
		m.b.WriteString(strings.Join(para, "") + "\n\n")
	}
	return m.String()
}
