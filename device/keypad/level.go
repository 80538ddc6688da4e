package keypad

import "strconv"

// Level is a 好差评 rating: the number of stars, 1 to 5.
type Level int

// The five levels fixed by 国办发〔2019〕51号 and GB/T 39734-2020.
const (
	VeryDissatisfied Level = 1 // 非常不满意
	Dissatisfied     Level = 2 // 不满意
	Neutral          Level = 3 // 基本满意
	Satisfied        Level = 4 // 满意
	VerySatisfied    Level = 5 // 非常满意
)

// Valid reports whether l is one of the five levels.
func (l Level) Valid() bool { return l >= VeryDissatisfied && l <= VerySatisfied }

// String returns the Chinese name of the level, or "Level(n)".
func (l Level) String() string {
	switch l {
	case VeryDissatisfied:
		return "非常不满意"
	case Dissatisfied:
		return "不满意"
	case Neutral:
		return "基本满意"
	case Satisfied:
		return "满意"
	case VerySatisfied:
		return "非常满意"
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}
