package queue

import (
	"testing"
	"time"
)

// VerifyPIN counts against the same limits as Login: wrong PINs through
// either lock both out.
func TestVerifyPINSharesTheLoginLimits(t *testing.T) {
	hs := newHarness(t)
	st, err := hs.e.VerifyPIN("w1", "1234", "10.0.0.9:5000")
	if err != nil || st.ID != "w1" || st.Name == "" {
		t.Fatalf("right PIN: %+v %v", st, err)
	}
	if _, err := hs.e.VerifyPIN("w1", "0000", "10.0.0.7:1"); code(err) != "bad_credentials" {
		t.Fatalf("wrong PIN: %v", err)
	}
	if _, err := hs.e.VerifyPIN("nobody", "1234", "10.0.0.7:1"); code(err) != "bad_credentials" {
		t.Fatalf("unknown id: %v", err)
	}
	for range 3 {
		hs.e.VerifyPIN("w2", "0000", "10.0.0.7:1")
	}
	// Five failures from 10.0.0.7: a login from there is refused now.
	if _, _, err := hs.e.Login(LoginRequest{Staff: "w1", PIN: "1234", Window: 1, Source: "10.0.0.7:2"}); code(err) != "login_locked" {
		t.Fatalf("login after five wrong punches: %v", err)
	}
	// And the other way round: logins' failures lock punches.
	for range 5 {
		hs.e.Login(LoginRequest{Staff: "w3", PIN: "0000", Window: 3, Source: "10.0.0.8:1"})
	}
	if _, err := hs.e.VerifyPIN("w3", "1234", "10.0.0.8:2"); code(err) != "login_locked" {
		t.Fatalf("punch PIN after five wrong logins: %v", err)
	}
	hs.clock.Advance(15 * time.Minute)
	if _, err := hs.e.VerifyPIN("w3", "1234", "10.0.0.8:2"); err != nil {
		t.Fatalf("after the lock-out: %v", err)
	}
}
