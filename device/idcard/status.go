package idcard

import "fmt"

// Status is a reply's SW3 byte.
type Status byte

// The statuses of GA/T 467 a host meets.
const (
	StatusOK           Status = 0x90 // 操作成功
	StatusFound        Status = 0x9F // 找卡成功
	StatusNoCard       Status = 0x80 // 找卡失败（无卡）
	StatusSelectFailed Status = 0x81 // 选卡失败
	StatusNoContent    Status = 0x91 // 无此项内容
	StatusBadCheck     Status = 0x10 // 模块收到的帧校验和错
	StatusBadLength    Status = 0x11 // 模块收到的帧长度错
	StatusBadCommand   Status = 0x21 // 命令错
	StatusUnauthorized Status = 0x23 // 越权操作
	StatusUnknownError Status = 0x24 // 无法识别的错误
	StatusCardAuth     Status = 0x31 // 卡认证机具失败
	StatusSAMAuth      Status = 0x32 // 机具认证卡失败
	StatusInfoCheck    Status = 0x33 // 信息验证错误
	StatusCardType     Status = 0x40 // 无法识别的卡类型
	StatusReadFailed   Status = 0x41 // 读卡操作失败
	StatusRandom       Status = 0x47 // 取随机数失败
	StatusSelfTest     Status = 0x60 // SAM 自检失败
	StatusSAMNotAuth   Status = 0x66 // SAM 未经授权
)

var statusText = map[Status]string{
	StatusOK: "success", StatusFound: "card found", StatusNoCard: "no card",
	StatusSelectFailed: "select failed", StatusNoContent: "no such content",
	StatusBadCheck: "module saw a bad check byte", StatusBadLength: "module saw a bad length",
	StatusBadCommand: "bad command", StatusUnauthorized: "not permitted", StatusUnknownError: "unknown error",
	StatusCardAuth: "card failed to authenticate the module", StatusSAMAuth: "module failed to authenticate the card",
	StatusInfoCheck: "information check failed", StatusCardType: "unknown card type",
	StatusReadFailed: "read failed", StatusRandom: "random number failed",
	StatusSelfTest: "SAM self-test failed", StatusSAMNotAuth: "SAM not authorised",
}

func (s Status) String() string {
	if t, ok := statusText[s]; ok {
		return fmt.Sprintf("%#02x %s", byte(s), t)
	}
	return fmt.Sprintf("%#02x unknown status", byte(s))
}
