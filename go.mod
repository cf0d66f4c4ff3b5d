module github.com/hoop-go/hoop

go 1.25

require (
	github.com/BurntSushi/toml v1.6.0 // indirect
	github.com/alexedwards/scs/v2 v2.9.0 // indirect
	github.com/caarlos0/env/v11 v11.3.1 // indirect
	github.com/dlclark/regexp2 v1.12.0 // indirect
	github.com/fsnotify/fsnotify v1.10.1 // indirect
	golang.org/x/sys v0.13.0 // indirect
)
