import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import SimpleTestCase
from django.urls import resolve, reverse

from hoop_export.export import export, group_regexes


def entry(conf, name):
    """The entry of conf named name (endpoints), or with pattern name."""
    for e in conf["entries"]:
        if e.get("name") == name or e.get("pattern") == name:
            return e
    raise AssertionError("no entry %r in %s" % (name, [e.get("name") or e.get("pattern") for e in conf["entries"]]))


class ExportTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = export()
        cls.root = cls.data["confs"]["hoop_export.tests.urls"]

    def test_layout(self):
        d = self.data
        self.assertEqual(list(d), ["meta", "root", "settings", "converters", "confs", "cases"])
        self.assertEqual(d["meta"]["format"], "django-url-oracle/1")
        self.assertEqual(d["meta"]["count"], len(d["cases"]))
        self.assertEqual(d["root"], "hoop_export.tests.urls")
        self.assertEqual(d["settings"], {"LANGUAGE_CODE": "en", "LANGUAGES": [["en", "English"], ["nl", "Dutch"]],
                                         "USE_I18N": True, "APPEND_SLASH": True})
        # The whole export is JSON as it is.
        self.assertEqual(json.loads(json.dumps(d)), d)

    def test_entries_in_order(self):
        patterns = [e["pattern"] for e in self.root["entries"]]
        self.assertEqual(patterns, [
            "", "^articles/(?P<year>[0-9]{4})/(?:page-(?P<page>[0-9]+)/)?$", "^positional/([0-9]+)/([a-z]+)/$",
            "hex/<hex:value>/", "class/", "instance/", "partial/", "typed/", "inline/", "plain-inline/",
            "^loop/(?P<depth>[0-9])/", "",
        ])
        self.assertEqual(entry(self.root, "index"), {"kind": "path", "pattern": "", "view": "hoop_export.tests.views.plain",
                                                     "name": "index", "kwargs": {}})
        self.assertEqual(entry(self.root, "positional")["kind"], "re_path")

    def test_view_paths(self):
        cases = {
            "class": "hoop_export.tests.views.ClassView",
            "instance": "hoop_export.tests.views.Callable",
            "partial": "functools.partial",
            "hex": "hoop_export.tests.views.plain",
        }
        for name, want in cases.items():
            with self.subTest(name=name):
                self.assertEqual(entry(self.root, name)["view"], want)

    def test_typed_kwargs(self):
        self.assertEqual(entry(self.root, "typed")["kwargs"], {
            "id": {"$type": "uuid", "value": "12345678-1234-5678-1234-567812345678"},
            "raw": {"$type": "bytes", "value": "\u00ff"},
            "when": {"$type": "datetime.date", "repr": "datetime.date(2020, 1, 2)"},
            "fn": {"$type": "callable", "value": "hoop_export.tests.views.plain"},
            "flag": True,
            "list": [1, "a"],
        })

    def test_includes(self):
        inline = entry(self.root, "inline/")
        self.assertEqual(inline["namespace"], "inline-ns")
        self.assertEqual(inline["app_name"], "inl")
        self.assertEqual(inline["pattern_kind"], "path")
        self.assertEqual([e["name"] for e in inline["entries"]], ["leaf"])
        plain = entry(self.root, "plain-inline/")
        self.assertIsNone(plain["namespace"])
        self.assertIsNone(plain["app_name"])

    def test_recursive_include_recorded_once(self):
        loop = entry(self.root, "^loop/(?P<depth>[0-9])/")
        self.assertEqual((loop["conf"], loop["namespace"], loop["app_name"]), ("hoop_export.tests.loop_urls", "loop", "loop"))
        conf = self.data["confs"]["hoop_export.tests.loop_urls"]
        self.assertEqual(conf["app_name"], "loop")
        again = entry(conf, "again/")
        self.assertEqual((again["conf"], again["namespace"]), ("hoop_export.tests.loop_urls", "again"))
        self.assertNotIn("entries", again)

    def test_i18n_patterns(self):
        block = self.root["entries"][-1]
        self.assertEqual(block["pattern_kind"], "i18n_prefix")
        self.assertEqual(block["pattern"], "")  # the default language, unprefixed
        self.assertIs(block["prefix_default_language"], False)
        langs = {c.get("language") for c in self.data["cases"] if "i18n" in c["tags"]}
        self.assertEqual(langs, {"en", "nl"})
        nl = [c for c in self.data["cases"] if c.get("language") == "nl" and c.get("full_path") == "/nl/about/"]
        self.assertEqual(len(nl), 1)
        self.assertEqual(nl[0]["expected"]["url_name"], "about")
        contact = entry(block, "contact")
        # No catalog here: each language's text is the one written.
        self.assertEqual((contact["translated"], contact["translations"]), (True, {"en": "contact/", "nl": "contact/"}))

    def test_converters(self):
        conv = self.data["converters"]
        self.assertEqual(conv["hex"], {"class": "hoop_export.tests.converters.HexConverter", "regex": "[0-9a-f]+", "python_type": "int",
                                       "samples": [{"text": "42", "python": 66, "url": "42"}, {"text": "2024", "python": 8228, "url": "2024"},
                                                   {"text": "abc", "python": 2748, "url": "abc"}]})
        self.assertEqual(conv["int"]["python_type"], "int")
        self.assertEqual(conv["uuid"]["python_type"], "uuid.UUID")

    def test_every_endpoint_sampled(self):
        hit = {c["expected"].get("url_name") for c in self.data["cases"] if "full_path" in c and "view" in c["expected"]}
        for name in ["index", "articles", "positional", "hex", "class", "instance", "partial", "typed", "leaf", "end", "about", "contact"]:
            with self.subTest(name=name):
                self.assertIn(name, hit)

    def test_cases_are_djangos_answers(self):
        """Every expected value is what resolve() and reverse() return now."""
        checked = 0
        for case in self.data["cases"]:
            if case.get("language") not in (None, "en"):
                continue
            exp = case["expected"]
            with self.subTest(case=case["id"]):
                if "full_path" in case and "view" in exp:
                    m = resolve(case["full_path"])
                    self.assertEqual((m.url_name, m.route, list(m.args)), (exp["url_name"], exp["route"], exp["args"]))
                elif "name" in case and isinstance(exp, str):
                    self.assertEqual(reverse(case["name"], args=case["args"] or None, kwargs=case["kwargs"] or None), exp)
                else:
                    continue
                checked += 1
        self.assertGreater(checked, 20)

    def test_optional_group_both_forms(self):
        paths = {c["full_path"] for c in self.data["cases"] if "full_path" in c and c["expected"].get("url_name") == "articles"}
        self.assertIn("/articles/2024/", paths)
        self.assertTrue(any("/page-" in p for p in paths), paths)

    def test_misses_recorded(self):
        misses = [c for c in self.data["cases"] if "full_path" in c and c["expected"].get("error") == "Resolver404"]
        by_path = {c["full_path"]: c for c in misses}
        self.assertIn("/hoop-export/no-such-page/", by_path)
        self.assertIn("", by_path)  # no leading slash: the root does not match
        self.assertEqual(by_path[""]["expected"]["tried"], [])
        tried = by_path["/hoop-export/no-such-page/"]["expected"]["tried"]
        self.assertEqual(tried[0], [{"kind": "path", "pattern": "", "name": "index"}])
        self.assertIn([{"kind": "include", "pattern": "inline/", "name": None}], tried)

    def test_reverse_errors_recorded(self):
        hex_cases = [c for c in self.data["cases"] if c.get("name") == "hex"]
        # Reversed with the converter's values, as a caller would: 66 is "42".
        self.assertIn(({"value": 66}, "/hex/42/"), [(c["kwargs"], c["expected"]) for c in hex_cases])
        errs = [c for c in hex_cases if isinstance(c["expected"], dict)]
        self.assertEqual(len(errs), 1)
        self.assertEqual(errs[0]["expected"]["error"], "NoReverseMatch")
        self.assertIn("Reverse for 'hex' with no arguments not found", errs[0]["expected"]["message"])


class GroupRegexTests(SimpleTestCase):
    def test_groups(self):
        tests = [
            (r"a/(?P<x>[0-9]+)/(?P<y>[a-z]+)/$", {"x": "[0-9]+", "y": "[a-z]+"}),
            (r"([0-9]+)/(?:x-([a-z]))?/", {"_0": "[0-9]+", "_1": "[a-z]"}),
            (r"(?P<outer>a(?P<inner>b))", {"outer": "a(?P<inner>b)"}),
            (r"(?=(?P<ahead>x))(?P<y>[)(])\(", {"y": "[)(]"}),
            (r"[]()](?P<z>\))", {"z": r"\)"}),
            (r"(?P<a>x)(?P=a)", {"a": "x"}),
        ]
        for regex, want in tests:
            with self.subTest(regex=regex):
                self.assertEqual(group_regexes(regex), want)


class CommandTests(SimpleTestCase):
    def test_writes_json(self):
        out = io.StringIO()
        call_command("hoop_export", "--samples", "1", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["root"], "hoop_export.tests.urls")
        self.assertLess(len(data["cases"]), len(export()["cases"]))

    def test_urlconf_option(self):
        out = io.StringIO()
        call_command("hoop_export", "--urlconf", "hoop_export.tests.loop_urls", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["root"], "hoop_export.tests.loop_urls")
        self.assertEqual(list(data["confs"]), ["hoop_export.tests.loop_urls"])

    def test_bad_samples(self):
        with self.assertRaisesRegex(CommandError, "--samples must be at least 1"):
            call_command("hoop_export", "--samples", "0", stdout=io.StringIO())
