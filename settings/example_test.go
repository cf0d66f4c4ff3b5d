package settings_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/hoop-go/hoop/settings"
)

func ExampleDefault() {
	s := settings.Default()
	fmt.Println(s.Addr, s.AppendSlash, s.ReadTimeout, s.MaxBodyBytes)
	// Output: 127.0.0.1:8000 true 30s 10485760
}

// A site's main function typically loads hoop.toml and the HOOP_*
// variables of the process environment, and stops on any mistake.
func ExampleLoad() {
	s, err := settings.Load("hoop.toml")
	if err != nil {
		log.Fatal(err) // Every problem, one per line.
	}
	fmt.Println("listening on", s.Addr)
}

func ExampleLoadWith() {
	dir, err := os.MkdirTemp("", "hoop")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "hoop.toml")
	err = os.WriteFile(path, []byte(`
allowed_hosts = [".example.com"]
read_timeout = "10s"

[site]
title = "My blog"
`), 0o644)
	if err != nil {
		log.Fatal(err)
	}

	// The environment wins over the file.
	s, err := settings.LoadWith(path, []string{"HOOP_ADDR=:8080", "HOOP_READ_TIMEOUT=15s",
		"HOOP_SECRET_KEY=an-example-key-from-a-secret-store-0123456789abcdef"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(s.AllowedHosts, s.Addr, s.ReadTimeout, s.WriteTimeout)
	fmt.Println(s.Site["title"])
	// Output:
	// [.example.com] :8080 15s 1m0s
	// My blog
}

func ExampleLoadWith_errors() {
	_, err := settings.LoadWith("", []string{"HOOP_DEBUG=maybe", "HOOP_DEGUB=1"})
	fmt.Println(err)
	// Output:
	// settings: HOOP_DEGUB: unknown environment variable (did you mean HOOP_DEBUG?)
	// settings: HOOP_DEBUG: invalid boolean "maybe"
	// settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)
	// settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)
}

func ExampleSettings_Validate() {
	s := settings.Default()
	s.Addr = "localhost"
	fmt.Println(s.Validate())

	s.Debug = true // Debug allows an empty AllowedHosts...
	s.Addr = "localhost:8000"
	fmt.Println(s.Validate(), s.EffectiveAllowedHosts()) // ...and serves local hosts.
	// Output:
	// settings: allowed_hosts: must be set when debug is off (Django's ALLOWED_HOSTS)
	// settings: secret_key: must be set when debug is off (set HOOP_SECRET_KEY from a secret store)
	// settings: addr: must be host:port, got "localhost"
	// <nil> [.localhost 127.0.0.1 [::1]]
}

// A site layers its own embedded settings between hoop's defaults and
// the operator's file; the environment wins over all.
func ExampleLoadLayers() {
	site := settings.Layer{Name: "site settings", Data: []byte("debug = true\n")}
	s, err := settings.LoadLayers([]string{"HOOP_ADDR=127.0.0.1:9000"}, site)
	if err != nil {
		panic(err)
	}
	fmt.Println(s.Debug, s.Addr)
	// Output: true 127.0.0.1:9000
}

func ExampleCheckSecretKey() {
	fmt.Printf("%q\n", settings.CheckSecretKey("s3cret"))
	fmt.Printf("%q\n", settings.CheckSecretKey(strings.Repeat("ab", 30)))
	fmt.Printf("%q\n", settings.CheckSecretKey("kq3F9xVb2LmT7wRz1YcN8pHs4JdG6uAe0oXiQ5tKvM-rB_lWnCyZ"))
	// Output:
	// "has 6 characters, fewer than 50"
	// "has 2 distinct characters, fewer than 5"
	// ""
}
