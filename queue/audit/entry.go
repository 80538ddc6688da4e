package audit

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"halld/queue"
)

// Entry is one line of the trail.
type Entry struct {
	Seq       uint64    `json:"seq,omitempty"` // the event; 0 for a change known only from its note
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`                // staff id, "api:<system>", "centre:…"
	ActorName string    `json:"actor_name,omitempty"` // from the hall's staff
	Role      string    `json:"role,omitempty"`
	Action    string    `json:"action"` // event type, or the request ("POST /api/v1/admin/tokens")
	What      string    `json:"what"`   // in Chinese
	Object    string    `json:"object,omitempty"`
	Window    int       `json:"window,omitempty"`
	Origin

	bySource bool // Actor is a source ("admin", "centre:…"), not a person
}

// Origin is where a request came from.
type Origin struct {
	Remote   string `json:"remote,omitempty"`
	Terminal string `json:"terminal,omitempty"`
	Agent    string `json:"agent,omitempty"`
}

// whats names the actions in Chinese.
var whats = map[string]string{
	queue.EvCalled: "叫号", queue.EvRecalled: "重呼", queue.EvStarted: "开始办理", queue.EvFinished: "办结",
	queue.EvNoShow: "过号", queue.EvHeld: "挂起", queue.EvTransferred: "转移", queue.EvCancelled: "取消号",
	queue.EvLogin: "窗口登录", queue.EvHandover: "接班", queue.EvLogout: "窗口退出", queue.EvPaused: "暂停服务",
	queue.EvResumed: "恢复服务", queue.EvCaseCreated: "受理办件", queue.EvCaseUpdated: "变更办件",
	queue.EvFollowUpUpdated: "记录差评回访", queue.EvNotice: "修改公告", queue.EvHolidays: "导入节假日",
	"complaint.filed": "登记投诉", "complaint.updated": "处理投诉",
	"POST /api/v1/login": "登录", "POST /api/v1/logout": "退出登录",
	"POST /api/v1/admin/tokens": "签发接口令牌", "DELETE /api/v1/admin/tokens/{name}": "吊销接口令牌",
	"POST /api/v1/admin/clock/confirm": "确认系统时间", "PUT /api/v1/admin/notice": "修改公告",
	"PUT /api/v1/admin/holidays": "导入节假日", "POST /api/v1/admin/agents": "签发设备板令牌",
	"DELETE /api/v1/admin/agents/{board}": "吊销设备板令牌", "POST /api/v1/tickets": "代为取号",
}

// engineDomains are the engine's own event prefixes (queue's records.go).
var engineDomains = map[string]bool{"ticket": true, "window": true, "day": true, "case": true,
	"device": true, "followup": true, "hall": true, "holidays": true}

// skipped are events that are no staff action: the applicant's, the
// devices', the hall's own.
var skipped = map[string]bool{
	queue.EvIssued: true, queue.EvDayClosed: true, queue.EvDevice: true, queue.EvEvaluated: true,
	queue.EvCaseEvaluated: true, queue.EvCaseCard: true, queue.EvFollowUpOpened: true,
}

// fromEvent makes the entry of an event, or reports that it records no
// one's action.
func fromEvent(ev queue.Event) (Entry, bool) {
	if skipped[ev.Type] {
		return Entry{}, false
	}
	en := Entry{Seq: ev.Seq, At: ev.At, Action: ev.Type, What: whats[ev.Type]}
	if en.What == "" {
		en.What = ev.Type
	}
	domain, _, _ := strings.Cut(ev.Type, ".")
	if !engineDomains[domain] { // a domain beside the engine names its actor "by"
		var p map[string]any
		if json.Unmarshal(ev.Data, &p) == nil {
			en.Actor, en.Object = str(p["by"]), str(p["id"])
			if w, ok := p["window"].(float64); ok {
				en.Window = int(w)
			}
		}
		return en, en.Actor != ""
	}
	d, err := ev.Decode()
	if err != nil {
		return Entry{}, false
	}
	en.Actor = d.Staff
	switch {
	case d.Ticket != nil:
		en.Object, en.Window = d.Ticket.Number, d.Ticket.Window
	case d.Case != nil:
		en.Object, en.Window = d.Case.Number, d.Case.Window
	case d.FollowUp != nil:
		en.Object, en.Window = d.FollowUp.Number, d.FollowUp.Window
	case d.Notice != nil:
		en.Actor, en.bySource = d.Notice.Source, true
	case d.Holidays != nil:
		en.Actor, en.Object, en.bySource = d.Holidays.Source, strconv.Itoa(d.Holidays.Year), true
	}
	if d.Window != nil {
		if en.Window == 0 || d.FromWindow != 0 {
			en.Window = d.Window.Number
		}
		if en.Actor == "" && d.Window.Staff != nil {
			en.Actor = d.Window.Staff.ID
		}
		if en.Object == "" {
			en.Object = fmt.Sprintf("%d号窗口", d.Window.Number)
		}
	}
	return en, en.Actor != ""
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
