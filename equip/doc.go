// Package equip attaches a hall's devices to its queue engine: it reads the
// device map (the [devices] table of a hall or board file), opens every
// device through its driver in device/, drives LED boards, printers and
// speakers from committed events, and reports each device's health to the
// engine so that screens and the API see it. GSM modems ([[devices.modem]])
// are kept open and checked, and serve as the SMS outbox's sender
// (SMSSender).
//
// It is the wiring the design card leaves to cmd/halld "or a package it
// names": the drivers know nothing of halld and the queue knows no
// hardware, so the translation between the two lives here. Data flows one
// way — engine events in, device bytes out — except device health and
// button/keypad presses, which come back as engine calls.
//
// Every device can be "sim": a simulator that consumes the very bytes the
// real device would. The demo hall runs on those, and Sims exposes them for
// the /sim/ page.
//
// Caveat: a device that fails to open is not fatal. It is reported offline
// with its error and retried in the background (degraded mode).
package equip
