package manage

import "testing"

// Every command has its line in help, and every line a command.
func TestHelpListsEveryCommand(t *testing.T) {
	listed := map[string]bool{}
	for _, c := range commandHelp {
		listed[c.name] = true
		if _, ok := commands[c.name]; !ok && c.name != "runserver" && c.name != "help" {
			t.Errorf("help lists %q, which is not a command", c.name)
		}
	}
	for name := range commands {
		if !listed[name] {
			t.Errorf("command %q has no line in help (commandHelp)", name)
		}
	}
}
