package main

import (
	"html/template"
	"net/http"

	"halld/admin"
	"halld/api"
	"halld/display/screen"
	"halld/equip"
	"halld/kiosk"
	"halld/queue/hall"
	"halld/terminal"
)

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>{{.Hall.Name}} · halld</title>
<style>body{font-family:"Noto Sans CJK SC",sans-serif;max-width:48rem;margin:2rem auto;line-height:1.6}</style>
<h1>{{.Hall.Name}}</h1>
<p>halld 排队叫号系统。接口说明见 docs/api.md。</p>
<ul>
<li><a href="/kiosk/?id=1">取号机</a> — 触摸屏取号（号票由模拟打印机打印）</li>
<li><a href="/terminal/">窗口终端</a> — 工作人员登录窗口叫号（演示：工号 w1…w{{len .Windows}}，密码 1234）</li>
<li><a href="/screen/">大厅综合屏</a> — 叫号显示与语音播报（Chromium 需 --autoplay-policy=no-user-gesture-required）</li>
<li><a href="/kiosk/pad.html?keypad=pad-1">评价器（平板）</a> — 1号窗口的好差评评价页面（办结后亮起）</li>
<li><a href="/case/">办件查询</a> — 申请人凭受理编号查询办件进度（手机页面）</li>
<li><a href="/book/">预约办事</a> — 手机预约时段、取消预约；到取号机“预约签到”凭预约码取号（取号机上还有“办事指南”）</li>
<li><a href="/sim/">模拟设备</a> — LED 条屏、打印机等模拟器（显示驱动发出的真实字节）</li>
<li><a href="/admin/">管理后台</a> — 值班长与管理员：设备、统计（可导出）、差评回访、办件、节假日、接口令牌、备份（演示：admin / 1234）</li>
<li><a href="/api/v1/hall">/api/v1/hall</a> — 大厅当前状态 (JSON)</li>
<li>/api/v1/events — 事件流 (WebSocket)</li>
</ul>
</html>
`))

// mountPages serves the landing page; the screens mount theirs here too.
func mountPages(srv *api.Server, h *hall.Hall, eq *equip.Equip, k *kiosk.Kiosk, scr *screen.Screen) {
	srv.Handle("GET /{$}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		indexPage.Execute(w, h)
	}))
	terminal.Register(srv)
	admin.Register(srv)
	// Printing, pad presses and simulated devices: the hall's devices only.
	eq.RegisterSim(srv.DeviceMux())
	eq.RegisterPads(srv.DeviceMux())
	k.Register(srv.DeviceMux())
	scr.Register(srv)
}
