// Package gsm drives a GSM modem on a serial line to send short messages:
// the AT command exchange (3GPP TS 27.005/27.007) and the SMS-SUBMIT
// TPDU of 3GPP TS 23.040 in PDU mode.
//
// Encode builds the PDUs of one message: the GSM 7-bit default alphabet
// when every character is one whose code there equals its ASCII code
// (letters, digits, space and common punctuation), else UCS-2 (TP-DCS 08,
// for Chinese). A message longer than one PDU holds (160 septets or 70
// UCS-2 units) is cut into concatenated parts with a user data header
// (IEI 00, 8-bit reference): 153 septets or 67 UCS-2 units each.
// DecodeSubmit reads such a PDU back (the simulator in gsmsim and the tests
// use it).
//
// Modem speaks to the modem over any io.ReadWriter (a serialport.Port, a
// pseudo-terminal, the in-memory simulator): Init checks it (AT, ATE0,
// AT+CMEE=1, AT+CPIN?, AT+CSQ, AT+CMGF=0), Send submits a message with
// AT+CMGS=<length>, waits for the "> " prompt, then the PDU and Ctrl-Z,
// and reads +CMGS: <mr> and OK, or +CMS ERROR: <n>. Every exchange has a
// timeout: a modem that does not answer is ErrNoAnswer.
//
// The package knows nothing of halld: numbers, text and bytes only.
//
// Caveats: the 7-bit encoder uses only the ASCII-compatible part of the
// default alphabet (no extension table), so text with "$", "@", "_" or
// brackets goes as UCS-2. Unsolicited result codes (+CMTI, RING…) are
// read and dropped. The reference number of concatenated parts is the
// caller's, 0…255, so two long messages in a row must use different ones.
package gsm
