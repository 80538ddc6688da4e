package centre_test

import (
	"fmt"

	"halld/centre"
)

// A centre.toml with a field the centre does not know is refused, naming
// the field, before anything starts.
func ExampleParseConfig() {
	_, err := centre.ParseConfig([]byte(`version = 1
[nats]
urls = ["nats://127.0.0.1:4222"]
credentials = "centre.nk"
auth_file = "halls-auth.conf"
seed_dir = "seeds"
replicas = 3
`), "centre.toml")
	fmt.Println(err)
	// Output: centre: config: centre.toml: unknown field nats.replicas
}
