import json

from django.core.management.base import BaseCommand, CommandError

from hoop_export.export import export


class Command(BaseCommand):
    help = (
        "Write the URL conf as JSON for hoop's import-django: every entry in order, "
        "the include tree with namespaces, the converters, and Django's own "
        "resolve() and reverse() results for sample URLs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--urlconf", help="the URL conf module to export (default: ROOT_URLCONF)")
        parser.add_argument("--samples", type=int, default=2, help="sample paths per form of each pattern (default 2)")
        parser.add_argument("-o", "--output", help="write to this file instead of standard output")

    def handle(self, *args, **options):
        if options["samples"] < 1:
            raise CommandError("--samples must be at least 1")
        data = export(options["urlconf"], options["samples"])
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as f:
                f.write(text)
            self.stderr.write("Wrote %d confs and %d cases to %s" % (len(data["confs"]), len(data["cases"]), options["output"]))
        else:
            self.stdout.write(text, ending="")
