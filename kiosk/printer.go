package kiosk

import "context"

// Printer is what a kiosk needs of its ticket printer. Print returns nil
// only once the printer has acknowledged the whole job; Status is the
// latest known state and must not block.
type Printer interface {
	Print(ctx context.Context, job []byte) error
	Status() PrinterStatus
}

// TicketPrinter is a Printer told which ticket a job is: one that gives up
// on a job can then tell staff which number went unprinted, and record it
// printed if the printer acknowledges it later. The kiosk uses it when its
// Printer has it.
type TicketPrinter interface {
	PrintTicket(ctx context.Context, number string, job []byte) error
}

// Level says whether a printer can print.
type Level string

// Printer levels: a warning still prints (staff should act soon), a fault
// does not.
const (
	LevelOK      Level = "ok"
	LevelWarning Level = "warning"
	LevelFault   Level = "fault"
)

// PrinterStatus is a printer's state for the kiosk API and screen: Code is
// stable English, Message is Chinese for people.
type PrinterStatus struct {
	Level   Level  `json:"level"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Printer status codes; adapters map their driver's conditions onto these.
const (
	CodeReady        = "ready"
	CodeUnknown      = "unknown" // not yet polled; printing is attempted
	CodePaperNearEnd = "paper_near_end"
	CodePaperOut     = "paper_out"
	CodeCoverOpen    = "cover_open"
	CodePrinterError = "printer_error" // cutter, mechanism or head
	CodeOffline      = "offline"       // connected but not answering
	CodeUnplugged    = "unplugged"     // device missing
	CodeNoPrinter    = "no_printer"    // the kiosk has none configured
	CodePrintPending = "print_pending" // a ticket sent to it is not acknowledged yet
)

var statusTable = map[string]PrinterStatus{
	CodeReady:        {LevelOK, CodeReady, "打印机正常"},
	CodeUnknown:      {LevelWarning, CodeUnknown, "正在检测打印机"},
	CodePaperNearEnd: {LevelWarning, CodePaperNearEnd, "打印纸即将用完"},
	CodePaperOut:     {LevelFault, CodePaperOut, "打印机缺纸"},
	CodeCoverOpen:    {LevelFault, CodeCoverOpen, "打印机纸仓盖打开"},
	CodePrinterError: {LevelFault, CodePrinterError, "打印机故障"},
	CodeOffline:      {LevelFault, CodeOffline, "打印机离线"},
	CodeUnplugged:    {LevelFault, CodeUnplugged, "打印机未连接"},
	CodeNoPrinter:    {LevelWarning, CodeNoPrinter, "本机未配置打印机"},
	CodePrintPending: {LevelFault, CodePrintPending, "打印机未确认上一张号票"},
}

// StatusFor returns the status for one of the Code constants, with its
// level and Chinese message. An unknown code is a fault.
func StatusFor(code string) PrinterStatus {
	if s, ok := statusTable[code]; ok {
		return s
	}
	return PrinterStatus{LevelFault, code, "打印机故障"}
}

// Reason says why something did not happen: Code for programs, Message
// (Chinese) for people. It is the shape of the API's errors too.
type Reason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}
