// Package printer drives one ESC/POS thermal ticket printer over serial,
// USB printer class (/dev/usb/lp0) or raw TCP (port 9100).
//
// A Printer has one owner goroutine (Run) that holds the transport, polls the
// printer with DLE EOT 1–4 at a configured interval, reports state changes on
// a channel, and prints jobs one at a time. A job counts as printed only when
// the printer has answered the GS r 1 appended to it: that reply is sent in
// sequence, after everything before it has been processed. Every write and
// every wait for a reply has a timeout. While the printer reports a fault
// (paper out, cover open, offline, unplugged, cutter error) jobs are refused
// at once with a sentinel error; polling goes on and printing resumes by
// itself when the status is fine again. A missing device is degraded mode:
// Run keeps trying to reopen it.
//
// Caveats: a printer that runs out of paper in the middle of a job keeps the
// job and prints it after reloading, sometimes long after Print has returned
// ErrNoAck; the driver then discards the late acknowledgements so that they
// are not taken for the next job's, but the ticket does come out. Printers
// answer DLE EOT even inside QR or image data, so unsolicited status bytes
// are expected and ignored. On USB (usblp) writes block while paper is out:
// the write timeout then closes and reopens the device.
package printer
