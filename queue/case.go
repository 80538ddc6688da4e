package queue

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"halld/queue/workday"
)

// Case events.
const (
	EvCaseCreated = "case.created"
	EvCaseUpdated = "case.updated" // a state change, a pause or a resume
	EvCaseCard    = "case.card"    // its 电子监察 warning changed (yellow, red)
)

// CaseType is a kind of case (办件类型).
type CaseType string

// Case types. 急办 is a flag (Case.Urgent), not a type.
const (
	CaseInstant  CaseType = "instant"  // 即办件: finished the same day
	CasePromised CaseType = "promised" // 承诺件: promised working days
	CaseJoint    CaseType = "joint"    // 联办件: several departments
	CaseReported CaseType = "reported" // 上报件: decided higher up
)

// CaseState is where a case stands.
type CaseState string

// Case states: 已受理 → 办理中 → 已办结 (→ 待领取 → 已领取); 补正中 pauses the
// clock; 不予受理 ends it.
const (
	CaseAccepted   CaseState = "accepted"
	CaseProcessing CaseState = "processing"
	CaseSuspended  CaseState = "suspended"
	CaseDone       CaseState = "done"
	CaseAwaiting   CaseState = "awaiting_pickup"
	CasePickedUp   CaseState = "picked_up"
	CaseRefused    CaseState = "refused"
)

// caseMoves lists the allowed state changes.
var caseMoves = map[CaseState][]CaseState{
	CaseAccepted:   {CaseProcessing, CaseSuspended, CaseDone, CaseRefused},
	CaseProcessing: {CaseSuspended, CaseDone, CaseRefused},
	CaseSuspended:  {CaseProcessing, CaseRefused},
	CaseDone:       {CaseAwaiting, CasePickedUp},
	CaseAwaiting:   {CasePickedUp},
}

// Open reports whether the case's clock matters (not yet finished).
func (s CaseState) Open() bool {
	return s == CaseAccepted || s == CaseProcessing || s == CaseSuspended
}

// Chinese is the state's name on the board.
func (s CaseState) Chinese() string {
	return map[CaseState]string{CaseAccepted: "已受理", CaseProcessing: "办理中", CaseSuspended: "补正中",
		CaseDone: "已办结", CaseAwaiting: "待领取", CasePickedUp: "已领取", CaseRefused: "不予受理"}[s]
}

// Applicant is who a case is for. It is personal data: stored, and shown
// only masked (MaskName, MaskID, MaskPhone); a company name may be shown.
type Applicant struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Company  string `json:"company,omitempty"`
}

// CasePause is one stop of the clock (补正, 听证, 检测…); To is zero while open.
type CasePause struct {
	From   time.Time  `json:"from"`
	To     *time.Time `json:"to,omitempty"`
	Reason string     `json:"reason"`
}

// CaseEntry is one line of a case's history.
type CaseEntry struct {
	At    time.Time `json:"at"`
	State CaseState `json:"state"`
	Note  string    `json:"note,omitempty"`
	By    string    `json:"by"`
}

// Case is a 办件 as stored.
type Case struct {
	Number       string       `json:"number"`
	Service      string       `json:"service"`
	Department   string       `json:"department,omitempty"`
	Window       int          `json:"window,omitempty"`
	Staff        string       `json:"staff,omitempty"`
	Ticket       string       `json:"ticket,omitempty"`
	Applicant    Applicant    `json:"applicant"`
	Type         CaseType     `json:"type"`
	Urgent       bool         `json:"urgent,omitempty"`
	AcceptedAt   time.Time    `json:"accepted_at"`
	PromisedDays int          `json:"promised_days"`
	State        CaseState    `json:"state"`
	Pauses       []CasePause  `json:"pauses,omitempty"`
	FinishedAt   *time.Time   `json:"finished_at,omitempty"`
	Due          workday.Date `json:"due,omitzero"`
	Provisional  bool         `json:"provisional,omitempty"`
	Card         string       `json:"card,omitempty"` // "", yellow, red
	History      []CaseEntry  `json:"history"`
	// Evaluation is the applicant's rating at 办结 (collecting the result);
	// the 收件 node is the evaluation of the ticket that became the case.
	Evaluation *Evaluation `json:"evaluation,omitempty"`
	// Purged: the retention period has passed and the applicant's personal
	// data was erased (the company stays).
	Purged bool `json:"purged,omitempty"`
}

// CaseView is a case as public surfaces show it: the applicant masked.
type CaseView struct {
	Number       string       `json:"number"`
	Service      string       `json:"service"`
	ServiceName  string       `json:"service_name"`
	Department   string       `json:"department,omitempty"`
	Window       int          `json:"window,omitempty"`
	Applicant    string       `json:"applicant"` // masked name, or the company
	Type         CaseType     `json:"type"`
	Urgent       bool         `json:"urgent,omitempty"`
	AcceptedAt   time.Time    `json:"accepted_at"`
	PromisedDays int          `json:"promised_days"`
	Due          workday.Date `json:"due,omitzero"`
	Provisional  bool         `json:"provisional,omitempty"`
	State        CaseState    `json:"state"`
	StateName    string       `json:"state_name"`
	Paused       bool         `json:"paused,omitempty"` // the clock is stopped (暂停计时)
	Remaining    *int         `json:"remaining,omitempty"`
	Card         string       `json:"card,omitempty"`
	FinishedAt   *time.Time   `json:"finished_at,omitempty"`
	OnTime       *bool        `json:"on_time,omitempty"`   // once finished
	Evaluated    bool         `json:"evaluated,omitempty"` // rated at 办结
}

// MaskName keeps the surname and, for names of three or more characters,
// the last one: 张* , 张*明, 欧阳**锋.
func MaskName(s string) string {
	r := []rune(strings.TrimSpace(s))
	switch {
	case len(r) == 0:
		return ""
	case len(r) == 1:
		return "*"
	case len(r) == 2:
		return string(r[0]) + "*"
	}
	return string(r[0]) + strings.Repeat("*", len(r)-2) + string(r[len(r)-1])
}

// MaskPhone keeps the last four digits only: *******1234 (the carrier
// prefix narrowed a brute force of the rest). It is the one phone mask:
// cases, complaints, the SMS outbox and its logs all show this form.
func MaskPhone(s string) string {
	if len(s) < 8 {
		return strings.Repeat("*", len([]rune(s)))
	}
	return maskLast4(s)
}

var caseNumberPattern = regexp.MustCompile(`^[A-Za-z0-9-]{4,40}$`)

// CaseRequest creates a case (受理). Number is the approval system's
// 受理编号; empty lets halld number it (date + sequence).
type CaseRequest struct {
	Number       string    `json:"number,omitempty"`
	Service      string    `json:"service"`
	Window       int       `json:"window,omitempty"`
	Staff        string    `json:"staff,omitempty"`
	Applicant    Applicant `json:"applicant"`
	Type         CaseType  `json:"type"`
	Urgent       bool      `json:"urgent,omitempty"`
	PromisedDays int       `json:"promised_days,omitempty"`
	Note         string    `json:"note,omitempty"`
}

func (r *CaseRequest) check(e *Engine) error {
	switch {
	case r.Number != "" && !caseNumberPattern.MatchString(r.Number):
		return refuse(ErrBadInput, "bad_case_number", "受理编号只能由4–40位字母、数字或连字符组成")
	case e.hall.ServiceByID(r.Service) == nil:
		return refuse(ErrBadInput, "unknown_service", "没有这项业务")
	case r.Window != 0 && e.hall.WindowByNumber(r.Window) == nil:
		return refuse(ErrBadInput, "window_not_found", "没有%d号窗口", r.Window)
	case r.Applicant.Name == "" && r.Applicant.Company == "":
		return refuse(ErrBadInput, "applicant_required", "请填写申请人姓名或单位名称")
	case utf8.RuneCountInString(r.Applicant.Name) > 32 || utf8.RuneCountInString(r.Applicant.Company) > 64 ||
		len(r.Applicant.Phone) > 20 || utf8.RuneCountInString(r.Note) > 200:
		return refuse(ErrBadInput, "too_long", "申请人信息或备注过长")
	case r.Applicant.IDNumber != "" && !ValidIDNumber(strings.ToUpper(r.Applicant.IDNumber)):
		return refuse(ErrBadInput, "bad_id_number", "身份证号码不正确，请核对")
	}
	switch r.Type {
	case CaseInstant:
		r.PromisedDays = 0
	case CasePromised, CaseJoint, CaseReported:
		if r.PromisedDays < 1 || r.PromisedDays > 365 {
			return refuse(ErrBadInput, "bad_promised_days", "承诺时限须为1–365个工作日")
		}
	default:
		return refuse(ErrBadInput, "bad_case_type", "办件类型须为即办件、承诺件、联办件或上报件")
	}
	r.Applicant.IDNumber = strings.ToUpper(r.Applicant.IDNumber)
	return nil
}
