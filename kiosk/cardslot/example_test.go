package cardslot_test

import (
	"context"
	"fmt"

	"halld/kiosk/cardslot"
)

func Example() {
	slots := cardslot.New(0, nil)
	slots.AddReader("1")

	// The reader's driver: a card was read at kiosk 1.
	slots.Put("1", "11010519491231002X")

	// The kiosk page learns of it: a token and the mask, never the number.
	c, _ := slots.Wait(context.Background(), "1", 0)
	fmt.Println(c.Masked)

	// The handler acting on it turns the token back into the number.
	number, err := slots.Number("1", c.Token)
	fmt.Println(number, err)
	slots.Done("1", c.Token)
	_, err = slots.Number("1", c.Token)
	fmt.Println(err)
	// Output:
	// **************002X
	// 11010519491231002X <nil>
	// card_gone: 身份证信息已失效，请重新放置身份证
}
