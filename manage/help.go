package manage

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
)

// commandHelp lists the commands, in the order help shows them, with
// their arguments and one line each.
var commandHelp = []struct{ name, args, what string }{
	{"runserver", "[-addr A] [-settings F] [-noreload]", "the development server: development settings too; in debug, rebuild and restart the site when its code changes"},
	{"urls", "[-json] [-settings F]", "list the URL conf in order, with where each entry is declared"},
	{"resolve", "[-json] [-settings F] PATH", "show the entry PATH resolves to, or every pattern tried"},
	{"reverse", "[-json] [-settings F] NAME [ARG ...|KEY=VALUE ...]", "print the URL of a named entry"},
	{"check", "[-json] [-settings F]", "run every check of the site; exit 1 only if one finds an error"},
	{"startsite", "[-hoop DIR] [-module PATH] [-tidy=false] NAME [DIR]", "write a new site"},
	{"import-django", "[-o DIR] [-package NAME] [-root CONF] FILE", "write the Go package of a Django site from hoop_export's JSON"},
	{"gen-urls", "[-o FILE] [-package NAME]", "write a typed Go function for each named URL, for go generate"},
	{"help", "[COMMAND]", "list the commands, or show a command's flags"},
}

// isHelp reports whether arg asks for help rather than names a command.
func isHelp(arg string) bool {
	switch arg {
	case "help", "-h", "-help", "--help":
		return true
	}
	return false
}

// usage lists the commands with one line each.
func usage(w io.Writer) {
	program := filepath.Base(os.Args[0])
	fmt.Fprintf(w, "usage: %s [COMMAND] [FLAGS] [ARGS]\n\nWith no command, %s serves the site for production ([-addr A] [-settings F]).\n\nCommands:\n", program, program)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commandHelp {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.what)
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "\nRun \"%s help COMMAND\" for a command's flags.\n", program)
}

// helpCommand is help, -h and --help: the list of commands, or, given a
// command, its arguments and flags, on stdout, with status 0.
func helpCommand(ctx context.Context, site Site, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stdout)
		return 0
	}
	for _, c := range commandHelp {
		if c.name != args[0] {
			continue
		}
		fmt.Fprintf(stdout, "usage: %s %s %s\n\n%s%s.\n", filepath.Base(os.Args[0]), c.name, c.args, strings.ToUpper(c.what[:1]), c.what[1:])
		// The command's own flag set describes its flags, asked with -h;
		// only the flag lines of what it prints are kept.
		var out strings.Builder
		switch c.name {
		case "help":
		case "runserver":
			runserver(ctx, site, []string{"-h"}, io.Discard, &out)
		default:
			commands[c.name](site, []string{"-h"}, io.Discard, &out)
		}
		if flags := flagLines(out.String()); flags != "" {
			fmt.Fprintf(stdout, "\nFlags:\n%s", flags)
		}
		return 0
	}
	fmt.Fprintf(stderr, "help: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// flagLines keeps the lines of flag.PrintDefaults in what a flag set
// printed for -h: they are indented, its usage line is not.
func flagLines(printed string) string {
	var b strings.Builder
	for _, line := range strings.SplitAfter(printed, "\n") {
		if strings.HasPrefix(line, "  ") {
			b.WriteString(line)
		}
	}
	return b.String()
}
