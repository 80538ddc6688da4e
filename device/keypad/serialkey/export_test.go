package serialkey

// Buffered lets tests check the decoder's memory bound.
func (d *Decoder) Buffered() int { return len(d.buf) }

// CRC16ModbusForTest is the check serialkey computes for CRC16Modbus frames.
var CRC16ModbusForTest = CRC16Modbus.compute
