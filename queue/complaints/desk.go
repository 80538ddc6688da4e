package complaints

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"halld/queue"
	"halld/queue/hall"
	"halld/queue/workday"
)

// Desk is the hall's register of complaints.
type Desk struct {
	e   *queue.Engine
	h   *hall.Hall
	log *slog.Logger
	now func() time.Time

	mu   sync.Mutex
	byID map[string]*Complaint
}

// Options configure a Desk; the zero value is usable.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time // for the overdue flags; nil: time.Now
}

// New loads the register from the engine's database.
func New(e *queue.Engine, opt Options) (*Desk, error) {
	d := &Desk{e: e, h: e.Hall(), log: opt.Logger, now: opt.Now, byID: map[string]*Complaint{}}
	if d.log == nil {
		d.log = slog.New(slog.DiscardHandler)
	}
	if d.now == nil {
		d.now = time.Now
	}
	err := e.LoadRecords(Domain, func(key string, raw []byte) error {
		var c Complaint
		if err := json.Unmarshal(raw, &c); err != nil {
			return fmt.Errorf("complaints: record %s: %w", key, err)
		}
		d.byID[key] = &c
		return nil
	})
	return d, err
}

// Filing registers a complaint. At least one of Window, Staff, Service and
// Case names what it is about; Summary is what the complainant said.
type Filing struct {
	Window   int     `json:"window,omitempty"`
	Staff    string  `json:"staff,omitempty"`
	Service  string  `json:"service,omitempty"`
	Case     string  `json:"case,omitempty"`
	FollowUp string  `json:"followup,omitempty"` // a 差评's ticket id: see FollowUpFiling
	Summary  string  `json:"summary"`
	Contact  Contact `json:"contact"`
}

// FollowUpFiling is a filing about the service a 差评 follow-up is about:
// its window, staff and service, linked by the follow-up's ticket id.
func FollowUpFiling(f queue.FollowUp, summary string, c Contact) Filing {
	return Filing{Window: f.Window, Staff: f.Staff, Service: f.Service, FollowUp: f.Ticket, Summary: summary, Contact: c}
}

var phonePattern = regexp.MustCompile(`^\+?[0-9][0-9-]{6,19}$`)

// MaxText bounds a complaint's summary and each note, in characters.
const MaxText = 500

// may reports whether s handles complaints: supervisors, admins, and
// clerks at a 监察投诉窗口.
func (d *Desk) may(s queue.Session) bool {
	return s.Role == hall.RoleSupervisor || s.Role == hall.RoleAdmin ||
		(s.Role == hall.RoleClerk && d.h.ComplaintsWindow(s.Window))
}

var errForbidden = refuse(queue.ErrForbidden, "not_allowed", "只有值班长、管理员和监察投诉窗口可以处理投诉")

// File registers a complaint (受理) for s: someone who handles complaints
// (source desk, or followup when the filing names a follow-up), or an
// outside system's token (source api). A filing naming a case takes the
// case's department.
func (d *Desk) File(s queue.Session, f Filing) (View, error) {
	source := FromDesk
	switch {
	case s.Role == queue.RoleSystem:
		source = FromAPI
	case !d.may(s):
		return View{}, errForbidden
	}
	if f.FollowUp != "" {
		if source == FromAPI {
			return View{}, refuse(queue.ErrBadInput, "followup_not_allowed", "外部系统不能从差评回访登记投诉")
		}
		source = FromFollowUp
	}
	f.Summary = strings.TrimSpace(f.Summary)
	f.Contact.Name, f.Contact.Phone = strings.TrimSpace(f.Contact.Name), strings.TrimSpace(f.Contact.Phone)
	if err := d.check(f); err != nil {
		return View{}, err
	}
	dept, err := d.department(&f)
	if err != nil {
		return View{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if f.FollowUp != "" {
		for _, c := range d.byID {
			if c.FollowUp == f.FollowUp {
				return View{}, refuse(queue.ErrConflict, "followup_filed", "这条差评已转为投诉 "+c.ID)
			}
		}
	}
	var c *Complaint
	err = d.e.Update(func(r *queue.Rec) error {
		at := r.At()
		id := d.nextID(at)
		c = &Complaint{ID: id, Source: source, FollowUp: f.FollowUp, Window: f.Window, Staff: f.Staff,
			Service: f.Service, Case: f.Case, Department: dept, Summary: f.Summary, FiledAt: at, FiledBy: s.Staff,
			State: Received, History: []Entry{{At: at, State: Received, By: s.Staff}}}
		if f.Contact != (Contact{}) {
			raw, _ := json.Marshal(f.Contact)
			c.Sealed = r.Seal(string(raw), Domain+"/"+id)
			c.Name, c.Phone = queue.MaskName(f.Contact.Name), queue.MaskPhone(f.Contact.Phone)
		}
		d.deadlines(c)
		return d.record(r, EvFiled, c, s.Staff)
	})
	if err != nil {
		return View{}, err
	}
	d.byID[c.ID] = c
	d.log.Info("complaint filed", "id", c.ID, "source", source, "window", c.Window, "staff", c.Staff, "by", s.Staff)
	return d.view(c, d.today()), nil
}

func (d *Desk) check(f Filing) error {
	bad := func(code, msg string) error { return refuse(queue.ErrBadInput, code, msg) }
	switch {
	case f.Window == 0 && f.Staff == "" && f.Service == "" && f.Case == "":
		return bad("target_required", "请选择被投诉的窗口、工作人员、事项或办件")
	case f.Window != 0 && d.h.WindowByNumber(f.Window) == nil:
		return refuse(queue.ErrNotFound, "window_not_found", fmt.Sprintf("没有%d号窗口", f.Window))
	case f.Staff != "" && d.h.StaffByID(f.Staff) == nil:
		return refuse(queue.ErrNotFound, "staff_not_found", "没有工号为 "+f.Staff+" 的工作人员")
	case f.Service != "" && d.h.ServiceByID(f.Service) == nil:
		return refuse(queue.ErrNotFound, "service_not_found", "没有这个事项")
	case f.Summary == "" || utf8.RuneCountInString(f.Summary) > MaxText:
		return bad("summary_required", fmt.Sprintf("请填写投诉内容（不超过%d字）", MaxText))
	case utf8.RuneCountInString(f.Contact.Name) > 20:
		return bad("bad_name", "投诉人姓名过长")
	case f.Contact.Phone != "" && !phonePattern.MatchString(f.Contact.Phone):
		return bad("bad_phone", "联系电话格式不正确")
	}
	return nil
}

// department attributes the complaint to a window unit (进驻部门): the
// service's, else the case's, else the one department of the window's (or
// the staff member's windows') services. A complaint about a case also
// counts against the case's service and window when the filing names none.
func (d *Desk) department(f *Filing) (string, error) {
	if f.Case != "" {
		k, err := d.e.CaseByNumber(f.Case)
		if err != nil {
			return "", err
		}
		if f.Service == "" && f.Window == 0 {
			f.Service, f.Window = k.Service, k.Window
		}
		if f.Service == "" || f.Service == k.Service {
			return k.Department, nil
		}
	}
	if f.Service != "" {
		return d.h.ServiceByID(f.Service).Department, nil
	}
	var windows []int
	if f.Window != 0 {
		windows = []int{f.Window}
	} else {
		for _, p := range d.h.StaffByID(f.Staff).Posts {
			windows = append(windows, p.Window)
		}
	}
	dept := ""
	for _, n := range windows {
		w := d.h.WindowByNumber(n)
		if w == nil {
			continue
		}
		for id := range w.Services {
			s := d.h.ServiceByID(id)
			if s == nil {
				continue
			}
			if dept != "" && s.Department != dept {
				return "", nil // a 综合窗口 of several departments: no one unit
			}
			dept = s.Department
		}
	}
	return dept, nil
}

// nextID numbers complaints per hall day: TS + date + three digits.
func (d *Desk) nextID(at time.Time) string {
	prefix := "TS" + strings.ReplaceAll(d.h.Day(at), "-", "")
	n := 1
	for id := range d.byID {
		if strings.HasPrefix(id, prefix) {
			var k int
			fmt.Sscanf(id[len(prefix):], "%d", &k)
			n = max(n, k+1)
		}
	}
	return fmt.Sprintf("%s%03d", prefix, n)
}

func (d *Desk) deadlines(c *Complaint) {
	cal, p := d.e.Calendar(), d.h.Complaints
	a, pa := cal.Deadline(c.FiledAt, p.AcceptDays, nil)
	k, pk := cal.Deadline(c.FiledAt, p.ConcludeDays, nil)
	c.AcceptDue, c.ConcludeDue, c.Provisional = a, k, pa || pk
}

func (d *Desk) record(r *queue.Rec, typ string, c *Complaint, by string) error {
	if _, err := r.Emit(typ, c.event(by, d.h.Location)); err != nil {
		return err
	}
	return r.Put(Domain, c.ID, c)
}

// Step moves a complaint on: to investigating (调查), or to concluded (办结)
// with a finding and a note.
type Step struct {
	State   string `json:"state"`
	Finding string `json:"finding,omitempty"`
	Note    string `json:"note,omitempty"`
}

// Advance records a step for s.
func (d *Desk) Advance(s queue.Session, id string, st Step) (View, error) {
	if !d.may(s) {
		return View{}, errForbidden
	}
	st.Note = strings.TrimSpace(st.Note)
	if utf8.RuneCountInString(st.Note) > MaxText {
		return View{}, refuse(queue.ErrBadInput, "note_too_long", fmt.Sprintf("说明不超过%d字", MaxText))
	}
	switch st.State {
	case Investigating:
		if st.Finding != "" {
			return View{}, refuse(queue.ErrBadInput, "finding_too_early", "办结时才能认定是否属实")
		}
	case Concluded:
		if findingNames[st.Finding] == "" {
			return View{}, refuse(queue.ErrBadInput, "finding_required", "办结须认定「属实」或「不属实」")
		}
		if st.Note == "" {
			return View{}, refuse(queue.ErrBadInput, "note_required", "办结须填写处理结果")
		}
	default:
		return View{}, refuse(queue.ErrBadInput, "bad_state", "state 只能是 investigating 或 concluded")
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	old := d.byID[id]
	if old == nil {
		return View{}, refuse(queue.ErrNotFound, "complaint_not_found", "没有编号为 "+id+" 的投诉")
	}
	if s.Role == hall.RoleClerk && old.Staff == s.Staff {
		return View{}, refuse(queue.ErrForbidden, "own_complaint", "不能处理针对本人的投诉")
	}
	if moves[old.State] != st.State {
		return View{}, refuse(queue.ErrConflict, "bad_complaint_state",
			fmt.Sprintf("投诉不能从「%s」变为「%s」", stateNames[old.State], stateNames[st.State]))
	}
	c := old.clone()
	if c.Provisional { // next year's holiday table may have come since
		d.deadlines(c)
	}
	err := d.e.Update(func(r *queue.Rec) error {
		c.State = st.State
		if st.State == Concluded {
			c.Finding, c.ConcludedAt = st.Finding, ptime(r.At())
		}
		c.History = append(c.History, Entry{At: r.At(), State: st.State, Note: st.Note, By: s.Staff})
		return d.record(r, EvUpdated, c, s.Staff)
	})
	if err != nil {
		return View{}, err
	}
	d.byID[id] = c
	d.log.Info("complaint updated", "id", id, "state", c.State, "finding", c.Finding, "by", s.Staff)
	return d.view(c, d.today()), nil
}

func ptime(t time.Time) *time.Time { return &t }

// Filter narrows List.
type Filter struct {
	Open   bool // not concluded
	Window int
	Staff  string
}

// List returns the complaints, the newest first.
func (d *Desk) List(s queue.Session, f Filter) ([]View, error) {
	if !d.may(s) && s.Role != queue.RoleSystem {
		return nil, errForbidden
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	today := d.today()
	out := []View{}
	for _, c := range d.byID {
		if (f.Open && c.State == Concluded) || (f.Window != 0 && c.Window != f.Window) || (f.Staff != "" && c.Staff != f.Staff) {
			continue
		}
		out = append(out, d.view(c, today))
	}
	slices.SortFunc(out, func(a, b View) int { return b.FiledAt.Compare(a.FiledAt) })
	return out, nil
}

// Get returns one complaint.
func (d *Desk) Get(s queue.Session, id string) (View, error) {
	if !d.may(s) && s.Role != queue.RoleSystem {
		return View{}, errForbidden
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	c := d.byID[id]
	if c == nil {
		return View{}, refuse(queue.ErrNotFound, "complaint_not_found", "没有编号为 "+id+" 的投诉")
	}
	return d.view(c, d.today()), nil
}

// Contact unseals the complainant's contact, for whoever handles
// complaints (to call back); it is never in a list, an event or a log.
func (d *Desk) Contact(s queue.Session, id string) (Contact, error) {
	if !d.may(s) {
		return Contact{}, errForbidden
	}
	d.mu.Lock()
	c := d.byID[id]
	d.mu.Unlock()
	if c == nil {
		return Contact{}, refuse(queue.ErrNotFound, "complaint_not_found", "没有编号为 "+id+" 的投诉")
	}
	var out Contact
	if c.Sealed == nil {
		return out, nil
	}
	plain, err := d.e.Unseal(c.Sealed, Domain+"/"+id)
	if err != nil {
		return out, fmt.Errorf("complaints: unseal %s: %w", id, err)
	}
	err = json.Unmarshal([]byte(plain), &out)
	return out, err
}

// Overdue lists the complaints past a due day at now (the 电子监察 page),
// the longest overdue first.
func (d *Desk) Overdue(now time.Time) []View {
	d.mu.Lock()
	defer d.mu.Unlock()
	today := workday.DateOf(now, d.h.Location)
	out := []View{}
	for _, c := range d.byID {
		if c.overdue(today) != "" {
			out = append(out, d.view(c, today))
		}
	}
	due := func(v View) workday.Date {
		if v.Overdue == "accept" {
			return v.AcceptDue
		}
		return v.ConcludeDue
	}
	slices.SortFunc(out, func(a, b View) int {
		if n := due(a).Compare(due(b)); n != 0 {
			return n
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out
}

func (d *Desk) today() workday.Date { return workday.DateOf(d.now(), d.h.Location) }

func (d *Desk) view(c *Complaint, today workday.Date) View {
	v := View{Complaint: *c, StateName: stateNames[c.State], FindingName: findingNames[c.Finding],
		Overdue: c.overdue(today), OnTime: c.onTime(d.h.Location)}
	v.Sealed = nil
	v.History = slices.Clone(c.History)
	if c.Provisional && c.State != Concluded { // as the calendar counts now (stored at the next step)
		d.deadlines(&v.Complaint)
		v.Overdue = v.Complaint.overdue(today)
	}
	if s := d.h.ServiceByID(c.Service); s != nil {
		v.ServiceName = s.Name
	}
	if s := d.h.StaffByID(c.Staff); s != nil {
		v.StaffName = s.Name
	}
	return v
}
