"""Walk the live URL resolver and record it, with Django's own answers.

The output is one JSON object in the layout of hoop's Django conformance
data (``meta``, ``converters``, ``confs``, ``cases``) plus ``root`` and
``settings``. Every expected value in ``cases`` is what this Django returned
or raised for the input, so the importer can check hoop against Django
without trusting this module's reasoning about patterns.

Only public or long-stable parts of Django are used, so that the export
runs unchanged from Django 3.2 to current releases: ``get_resolver``,
``resolve``, ``reverse``, the pattern classes' ``regex`` and ``str()``,
``URLResolver``'s ``url_patterns``/``urlconf_name``/``namespace``/
``app_name``/``default_kwargs``, ``get_converters`` and
``regex_helper.normalize`` (what ``reverse`` itself uses).
"""

import functools
import itertools
import re
import uuid

import django
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.converters import get_converters
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern
from django.utils import translation
from django.utils.functional import Promise
from django.utils.regex_helper import normalize

FORMAT = "django-url-oracle/1"

# Values tried for each parameter of a pattern when building sample paths:
# the first ones its group's regex (and converter) accept are used.
SAMPLE_VALUES = (
    "42", "hello-world", "2024", "abc", "1", "a_b", "x", "Ab3", "0", "json",
    "12345678-1234-5678-1234-567812345678", "a/b", "hello.txt", "2024-01-31",
    "caf\u00e9", "-", "_", ".",
)

# Enough endpoints for any real site; a conf that recurses into itself
# under namespaces could otherwise be walked without end.
MAX_ENDPOINTS = 20000


def export(urlconf=None, samples=2):
    """Return the export of urlconf (default ROOT_URLCONF) as a dict.

    samples bounds the sample paths built for each form of each endpoint's
    pattern (an optional group gives a second form), in each language for
    endpoints under i18n_patterns.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _Exporter(urlconf or settings.ROOT_URLCONF, samples).run()


def dotted(obj):
    """The dotted path of a class or function."""
    return "%s.%s" % (obj.__module__, obj.__name__)


def view_path(func):
    """A view's dotted path, as ResolverMatch names it: a class-based view
    by its class, a callable instance by its class, a function by itself."""
    if isinstance(func, functools.partial):
        return "functools.partial"
    cls = getattr(func, "view_class", None) or getattr(func, "cls", None)  # Django, DRF
    if isinstance(cls, type):
        return dotted(cls)
    if not hasattr(func, "__name__"):
        return dotted(type(func))
    return dotted(func)


def value(v):
    """v as JSON: str, int, float, bool and None as they are, lists and
    dicts with string keys element by element, and typed objects for the
    rest: bytes, UUIDs, callables, and {"$type": class, "repr": ...} for
    anything JSON cannot hold."""
    if v is None or isinstance(v, (bool, str, int)):
        return v
    if isinstance(v, float) and v == v and v not in (float("inf"), float("-inf")):
        return v
    if isinstance(v, Promise):
        return str(v)
    if isinstance(v, bytes):
        return {"$type": "bytes", "value": v.decode("latin-1")}
    if isinstance(v, uuid.UUID):
        return {"$type": "uuid", "value": str(v)}
    if isinstance(v, list):
        return [value(x) for x in v]
    if isinstance(v, dict) and all(isinstance(k, str) for k in v) and "$type" not in v:
        return {k: value(x) for k, x in v.items()}
    if callable(v) and not isinstance(v, type) and hasattr(v, "__name__"):
        return {"$type": "callable", "value": view_path(v)}
    return {"$type": "%s.%s" % (type(v).__module__, type(v).__qualname__), "repr": repr(v)}


def values(d):
    return {k: value(v) for k, v in (d or {}).items()}


def pattern_kind(pattern):
    if isinstance(pattern, LocalePrefixPattern):
        return "i18n_prefix"
    if isinstance(pattern, RoutePattern):
        return "path"
    if isinstance(pattern, RegexPattern):
        return "re_path"
    return None


def is_translated(pattern):
    return isinstance(getattr(pattern, "_route", None), Promise) or isinstance(getattr(pattern, "_regex", None), Promise)


def translations(pattern):
    """A lazily translated pattern's text in each language of LANGUAGES."""
    out = {}
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            out[code] = str(pattern)
    return out


def tried_row(row):
    out = []
    for p in row:
        kind = "include" if isinstance(p, URLResolver) else pattern_kind(p.pattern) or "unknown"
        out.append({"kind": kind, "pattern": str(p.pattern), "name": getattr(p, "name", None)})
    return out


def match_json(m):
    d = {
        "view": view_path(m.func),
        "args": [value(a) for a in m.args],
        "kwargs": values(m.kwargs),
        "url_name": m.url_name,
        "route": str(m.route),
        "app_names": list(m.app_names),
        "namespaces": list(m.namespaces),
        "app_name": m.app_name,
        "namespace": m.namespace,
        "view_name": m.view_name,
    }
    for attr in ("captured_kwargs", "extra_kwargs"):  # Django 4.1+
        if hasattr(m, attr):
            d[attr] = values(getattr(m, attr))
    return d


def group_regexes(regex):
    """Map each parameter normalize() finds in regex to its group's regex:
    named groups by name, other capturing groups as _0, _1... Groups nested
    in a capturing group or a lookaround are not parameters."""
    out, stack, positional = {}, [], 0
    i, n, in_class = 0, len(regex), False
    while i < n:
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
            i += 1
            continue
        if ch == "[":
            in_class = True
            i += 1
            if i < n and regex[i] == "^":
                i += 1
            if i < n and regex[i] == "]":  # a leading ] is a literal
                i += 1
            continue
        if ch == "(":
            hidden = any(kind in ("capture", "look") for kind, _, _ in stack)
            m = re.match(r"\(\?P<(\w+)>", regex[i:])
            if m:
                stack.append(("capture", None if hidden else m.group(1), i + len(m.group(0))))
                i += len(m.group(0))
                continue
            if regex.startswith("(?:", i):
                stack.append(("group", None, i + 3))
                i += 3
                continue
            if regex.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
                stack.append(("look", None, i))
                i += 1
                continue
            if regex.startswith("(?", i):
                stack.append(("group", None, i))  # flags, (?P=name)...
                i += 1
                continue
            name = None
            if not hidden:
                name, positional = "_%d" % positional, positional + 1
            stack.append(("capture", name, i + 1))
            i += 1
            continue
        if ch == ")" and stack:
            kind, name, start = stack.pop()
            if kind == "capture" and name is not None:
                out[name] = regex[start:i]
        i += 1
    return out


def candidates(group, converter, limit):
    """Up to limit texts that the group's regex accepts whole and the
    path converter (if any) converts."""
    try:
        compiled = re.compile(group)
    except re.error:
        return []
    pool = list(SAMPLE_VALUES)
    try:
        pool += [form for form, params in normalize(group) if not params]
    except ValueError:
        pass
    found = []
    for text in pool:
        if text in found or not compiled.fullmatch(text):
            continue
        if converter is not None:
            try:
                converter.to_python(text)
            except Exception:  # noqa: BLE001 - any failure means "not a value"
                continue
        found.append(text)
        if len(found) == limit:
            break
    return found


class _Endpoint:
    """An endpoint reached through a chain of includes."""

    def __init__(self, chain, pattern, i18n):
        self.chain = chain  # the URLResolvers from the root's children down
        self.pattern = pattern  # the URLPattern
        self.i18n = i18n  # under i18n_patterns, or a translated pattern on the way

    def regex(self):
        """The combined regex reverse() checks candidates against, for the
        active language, without the root's ^/."""
        parts = []
        for p in [r.pattern for r in self.chain] + [self.pattern.pattern]:
            text = p.regex.pattern
            parts.append(text[1:] if text.startswith("^") else text)
        return "".join(parts)

    def converters(self):
        conv = {}
        for p in [r.pattern for r in self.chain] + [self.pattern.pattern]:
            conv.update(getattr(p, "converters", {}) or {})
        return conv

    def name(self):
        namespaces = [r.namespace for r in self.chain if r.namespace]
        return ":".join(namespaces + [self.pattern.name]) if self.pattern.name else None


class _Exporter:
    def __init__(self, root, samples):
        self.root = root if isinstance(root, str) else root.__name__
        self.samples = max(1, samples)
        self.resolver = get_resolver(root)
        self.confs = {}
        self.endpoints = []
        self.cases = []
        self.seen_resolve = set()
        self.seen_reverse = set()

    def run(self):
        self.conf(self.root, self.resolver.urlconf_module, self.resolver.url_patterns, [], False, frozenset())
        for ep in self.endpoints:
            languages = [settings.LANGUAGE_CODE]
            if ep.i18n and settings.USE_I18N:
                languages += [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
            for lang in languages:
                with translation.override(lang):
                    self.sample(ep, lang if ep.i18n else None)
        for path in ("/hoop-export/no-such-page/", ""):
            self.resolve_case(path, None)
        return {
            "meta": {
                "format": FORMAT,
                "kind": "site",
                "django_version": django.get_version(),
                "generated_by": "hoop_export",
                "count": len(self.cases),
            },
            "root": self.root,
            "settings": {
                "LANGUAGE_CODE": settings.LANGUAGE_CODE,
                "LANGUAGES": [[code, str(name)] for code, name in settings.LANGUAGES],
                "USE_I18N": settings.USE_I18N,
                "APPEND_SLASH": settings.APPEND_SLASH,
            },
            "converters": self.converters(),
            "confs": self.confs,
            "cases": self.cases,
        }

    # The confs.

    def conf(self, key, module, patterns, chain, i18n, seen):
        """Record the conf of a module once, and walk its endpoints under
        this chain; seen holds the confs the chain passes through."""
        seen = seen | {key}
        if key not in self.confs:
            conf = {"app_name": getattr(module, "app_name", None), "entries": []}
            handlers = {h: value(getattr(module, h)) for h in ("handler400", "handler403", "handler404", "handler500") if hasattr(module, h)}
            if handlers:
                conf["handlers"] = handlers
            self.confs[key] = conf
            conf["entries"] = self.entries(patterns, chain, i18n, record=True, seen=seen)
        else:
            self.entries(patterns, chain, i18n, record=False, seen=seen)

    def entries(self, patterns, chain, i18n, record, seen):
        out = []
        for p in patterns:
            if isinstance(p, URLPattern):
                entry = self.endpoint(p, chain, i18n)
            elif isinstance(p, URLResolver):
                entry = self.include(p, chain, i18n, record, seen)
            else:
                entry = {"kind": "unknown", "class": dotted(type(p)), "repr": repr(p)}
            out.append(entry)
        return out if record else None

    def endpoint(self, p, chain, i18n):
        kind = pattern_kind(p.pattern)
        translated = is_translated(p.pattern)
        if kind and len(self.endpoints) < MAX_ENDPOINTS:
            self.endpoints.append(_Endpoint(chain, p, i18n or translated))
        entry = {"kind": kind or "unknown", "pattern": str(p.pattern), "view": view_path(p.callback), "name": p.name, "kwargs": values(p.default_args)}
        if not kind:
            entry["class"] = dotted(type(p.pattern))
        if translated:
            entry["translated"] = True
            entry["translations"] = translations(p.pattern)
        return entry

    def include(self, r, chain, i18n, record, seen):
        kind = pattern_kind(r.pattern)
        entry = {
            "kind": "include",
            "pattern_kind": kind or "unknown",
            "pattern": str(r.pattern),
            "namespace": r.namespace,
            "app_name": r.app_name,
            "kwargs": values(r.default_kwargs),
        }
        if not kind:
            entry["class"] = dotted(type(r.pattern))
        if kind == "i18n_prefix":
            entry["prefix_default_language"] = r.pattern.prefix_default_language
        if is_translated(r.pattern):
            entry["translated"] = True
            entry["translations"] = translations(r.pattern)
        sub_chain = chain + [r]
        sub_i18n = i18n or kind == "i18n_prefix" or is_translated(r.pattern)
        name = r.urlconf_name
        if isinstance(name, (list, tuple)):
            entry["entries"] = self.entries(r.url_patterns, sub_chain, sub_i18n, record, seen)
            return entry
        key = name if isinstance(name, str) else getattr(name, "__name__", repr(name))
        entry["conf"] = key
        if key not in seen:  # a conf that includes itself is recorded, not walked again
            self.conf(key, r.urlconf_module, r.url_patterns, sub_chain, sub_i18n, seen)
        return entry

    def converters(self):
        out = {}
        for name, conv in sorted(get_converters().items()):
            info = {"class": dotted(type(conv)), "regex": conv.regex, "samples": []}
            for text in candidates(conv.regex, conv, 3):
                got = conv.to_python(text)
                info["python_type"] = type(got).__name__ if type(got).__module__ == "builtins" else dotted(type(got))
                sample = {"text": text, "python": value(got)}
                try:
                    sample["url"] = str(conv.to_url(got))
                except Exception as e:  # noqa: BLE001 - recorded, as Django would raise it
                    sample["url_error"] = "%s: %s" % (type(e).__name__, e)
                info["samples"].append(sample)
            out[name] = info
        return out

    # The cases.

    def sample(self, ep, lang):
        """Resolve a few paths built from the endpoint's pattern, and a path
        next to each that should miss; reverse its name with the values
        used, and with none."""
        try:
            regex = ep.regex()
            forms = normalize(regex)
            compiled = re.compile("^/" + regex)
        except (ValueError, re.error):
            return
        groups, conv = group_regexes(regex), ep.converters()
        name = ep.name()
        if name:
            self.reverse_case(name, [], {}, lang)
        for form, params in forms[:2]:  # an optional group gives a second form
            made = 0
            choices = [candidates(groups.get(p, "[^/]+"), conv.get(p), self.samples) for p in params]
            if any(not c for c in choices):
                continue
            for combo in itertools.islice(self.combos(choices), 16):
                subs = dict(zip(params, combo))
                text = form % subs
                if not compiled.search("/" + text):
                    continue
                self.resolve_case("/" + text, lang)
                self.resolve_case("/" + text[:-1] if text.endswith("/") else "/" + text + "/", lang)
                if name:
                    # What a caller passes: the converter's Python values.
                    vals = {p: conv[p].to_python(subs[p]) if p in conv else subs[p] for p in params}
                    if any(not p.startswith("_") for p in params):
                        self.reverse_case(name, [], {p: vals[p] for p in sorted(params)}, lang)
                    else:
                        self.reverse_case(name, [vals[p] for p in params], {}, lang)
                made += 1
                if made >= self.samples:
                    break

    @staticmethod
    def combos(choices):
        """The first choice of each parameter, then the second of each, then
        every mix."""
        width = max((len(c) for c in choices), default=1)
        for i in range(width):
            yield tuple(c[min(i, len(c) - 1)] for c in choices)
        yield from itertools.product(*choices)

    def resolve_case(self, full_path, lang):
        if (full_path, lang) in self.seen_resolve:
            return
        self.seen_resolve.add((full_path, lang))
        case = {"id": "resolve-%04d" % (len(self.seen_resolve)), "conf": self.root, "full_path": full_path,
                "path": full_path[1:] if full_path.startswith("/") else None, "via": "resolve()"}
        if lang:
            case["language"] = lang
        try:
            case["expected"] = match_json(resolve(full_path, urlconf=self.root))
        except Resolver404 as e:
            info = e.args[0] if e.args and isinstance(e.args[0], dict) else {}
            case["expected"] = {"error": "Resolver404", "unmatched_path": str(info.get("path", full_path)),
                                "tried": [tried_row(row) for row in info.get("tried", [])]}
        except Exception as e:  # noqa: BLE001 - a converter's error propagates: record it
            case["expected"] = {"error": type(e).__name__, "message": str(e)}
        case["provenance"] = "hoop_export"
        case["tags"] = ["i18n"] if lang else []
        self.cases.append(case)

    def reverse_case(self, name, args, kwargs, lang):
        key = (name, repr(args), repr(sorted(kwargs.items())), lang)
        if key in self.seen_reverse:
            return
        self.seen_reverse.add(key)
        case = {"id": "reverse-%04d" % len(self.seen_reverse), "conf": self.root, "name": name,
                "args": [value(a) for a in args], "kwargs": values(kwargs), "current_app": None, "script_prefix": "/", "via": "reverse()"}
        if lang:
            case["language"] = lang
        try:
            case["expected"] = reverse(name, urlconf=self.root, args=args or None, kwargs=kwargs or None)
        except NoReverseMatch as e:
            case["expected"] = {"error": "NoReverseMatch", "message": str(e)}
        except Exception as e:  # noqa: BLE001
            case["expected"] = {"error": type(e).__name__, "message": str(e)}
        case["provenance"] = "hoop_export"
        case["tags"] = ["i18n"] if lang else []
        self.cases.append(case)
