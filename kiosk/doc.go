// Package kiosk is the applicant-facing side of halld: the touch kiosk that
// issues tickets (取号机), the printed ticket, and the mobile ticket page that
// the ticket's QR code opens.
//
// A Kiosk serves, on the API server's mux (see Register):
//
//   - GET  /api/v1/kiosks/{id}          the kiosk's state: printer status,
//     whether it offers tickets now, the hall's priority classes;
//   - POST /api/v1/kiosks/{id}/tickets  issue a ticket through the engine
//     (channel "kiosk") and print it; an optional phone (a mainland mobile
//     number) is handed to Options.Notices for the SMS notices, checked
//     before the ticket is issued and never stored in it;
//   - POST /api/v1/kiosks/{id}/cards/wait  wait for an ID card read at the
//     kiosk's reader (Options.Cards, package kiosk/cardslot): a token and
//     the masked number, which a ticket request then claims ("card");
//   - GET  /kiosk/?id=<kiosk id>        the full-screen touch page;
//   - GET  /t/{ticket id}               the mobile ticket page (the QR target).
//
// Printing goes through Printer, an interface owned here: the daemon adapts
// its printer driver to it. While a kiosk's printer reports a fault (paper
// out, cover open, offline…) the kiosk refuses to issue, before anything is
// issued, so no ticket is created that nobody holds. A ticket counts as
// printed only when Print returned nil (the driver's in-sequence
// acknowledgement); otherwise the answer says printed:false and why, and the
// screen tells the applicant to note the number.
//
// TicketLayout renders a ticket as ESC/POS bytes for 58 mm or 80 mm paper:
// hall, service and department, the number large and bold, people ahead,
// estimated wait, windows, issue time, a native QR code of
// <public URL>/t/<ticket id>, and the hall's notes (bring ID, the no-show
// rule from the hall policy, valid today only).
//
// Caveats: the status check and the print are not atomic: a printer that
// fails between them yields an issued ticket with printed:false (the applicant
// sees the number on screen). Double taps are stopped by the page (one
// request in flight per kiosk screen); the API itself issues one ticket per
// request. The pages need the shared client /assets/halld.js served by
// package api. The QR URL must be reachable from phones on the hall network;
// it is configuration (Options.PublicURL).
package kiosk
