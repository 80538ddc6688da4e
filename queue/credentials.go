package queue

import "halld/queue/hall"

// VerifyPIN checks a staff member's id and PIN exactly as Login does —
// under the same login limits, which count its failures with the logins'
// (see loginguard.go) — without opening a session: for a verb that
// identifies its staff member by PIN once (a 考勤 punch at a terminal).
// source is the client's address. It returns the member's entry.
func (e *Engine) VerifyPIN(staff, pin, source string) (hall.Staff, error) {
	st, err := e.checkPIN(staff, pin, source)
	if err != nil {
		return hall.Staff{}, err
	}
	return *st, nil
}

func (e *Engine) checkPIN(staff, pin, source string) (*hall.Staff, error) {
	st := e.hall.StaffByID(staff)
	att, err := e.guard.begin(e.now(), st, source)
	if err != nil {
		return nil, err
	}
	// The PIN hash is slow on purpose; check it outside the engine lock.
	// An unknown id costs the same hash, so timing tells nobody which ids
	// exist.
	ok := false
	if st != nil {
		ok = st.CheckPIN(pin)
	} else if len(e.hall.Staff) > 0 {
		(&hall.Staff{PINHash: e.hall.Staff[0].PINHash}).CheckPIN(pin)
	}
	att.settle(e.now(), ok)
	if !ok {
		return nil, refuse(ErrAuth, "bad_credentials", "工号或密码错误")
	}
	e.noteWeakPIN(st, pin)
	return st, nil
}
