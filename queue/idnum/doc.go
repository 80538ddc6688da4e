// Package idnum checks Chinese resident identity numbers (公民身份号码,
// GB 11643-1999): 17 digits — a six-digit region, the birth date as
// YYYYMMDD and a three-digit sequence — and a check character computed by
// ISO 7064 MOD 11-2 (0–9 or X).
//
// It is a leaf package so that the queue engine, the kiosk, the booking
// domain and the device wiring may all import it: it knows nothing of
// halld. Check reports why a number is wrong with one of a few sentinels;
// Normalize accepts a lower-case x and surrounding spaces, as readers and
// people type them.
//
// Caveats: the region code is not looked up (codes change every year and
// an old card stays valid), so a well-formed number with a sound check
// character and a real birth date passes even if no such region exists.
// Birth dates are accepted from 1900-01-01 up to the date given to
// CheckAt (Check uses no clock and only bounds the year at 2100).
// 15-digit first-generation numbers are refused: they have no check
// character and are no longer valid documents.
package idnum
