package bx

import "fmt"

// CmdError is the error byte of a card's reply. The constants are the
// documented values; a CmdError is comparable, so errors.Is(err, bx.ErrBusy)
// works on wrapped errors.
type CmdError byte

// Documented CmdError values (00 means success and is never returned).
const (
	ErrBadGroup     CmdError = 0x01
	ErrNoCommand    CmdError = 0x02
	ErrBusy         CmdError = 0x03
	ErrOutOfMemory  CmdError = 0x04
	ErrPacketCRC    CmdError = 0x05
	ErrFileMissing  CmdError = 0x06
	ErrFlash        CmdError = 0x07
	ErrDownload     CmdError = 0x08
	ErrFileName     CmdError = 0x09
	ErrFileType     CmdError = 0x0A
	ErrFileCRC      CmdError = 0x0B
	ErrFontMissing  CmdError = 0x0C
	ErrFirmwareType CmdError = 0x0D
	ErrDateFormat   CmdError = 0x0E
	ErrFileExists   CmdError = 0x0F
	ErrBlockNumber  CmdError = 0x10
)

var cmdErrText = map[CmdError]string{
	ErrBadGroup: "bad command group", ErrNoCommand: "no such command", ErrBusy: "busy",
	ErrOutOfMemory: "out of memory", ErrPacketCRC: "CRC error", ErrFileMissing: "file missing",
	ErrFlash: "flash error", ErrDownload: "download error", ErrFileName: "bad file name",
	ErrFileType: "bad file type", ErrFileCRC: "file CRC error", ErrFontMissing: "font missing",
	ErrFirmwareType: "wrong firmware type", ErrDateFormat: "bad date format",
	ErrFileExists: "file exists", ErrBlockNumber: "bad block number",
}

func (e CmdError) Error() string {
	if s, ok := cmdErrText[e]; ok {
		return fmt.Sprintf("bx: card error %02X: %s", byte(e), s)
	}
	return fmt.Sprintf("bx: card error %02X", byte(e))
}

// Err interprets f as a reply: nil if its CmdError byte is 00, else a CmdError.
func (f Frame) Err() error {
	if f.Flag == 0 {
		return nil
	}
	return CmdError(f.Flag)
}

// Reply returns the answer a card gives to req: addresses swapped, same
// group and command, the given CmdError and data. The simulator uses it.
func Reply(req Frame, code CmdError, data []byte) Frame {
	return Frame{Dst: req.Src, Src: req.Dst, DevType: req.DevType, ProtoVer: req.ProtoVer,
		Group: req.Group, Cmd: req.Cmd, Flag: byte(code), Data: data}
}
