#!/usr/bin/env python3
"""Record CPython's re behaviour for pyre's differential test.

Run by hand from this directory (python3 gen_golden.py) after changing
the case lists; the Go tests read golden.json and never need Python.

For every (pattern, ascii, input) it records re.search and re.fullmatch:
the span and every group's span and value (None when the group did not
take part). ERRORS records how Python rejects a pattern: the exception
type, message, position and str(error).
"""
import json
import re
import sys

URL_INPUTS = [
    "", "articles/2003/", "articles/2003/03/", "articles/2003/03/building-a-django-site/",
    "people/il/adrian/", "places/3/", "places/3/\n", "extra/José/", "extra/٣٤/",
    "extra/e\u0301t\u00e9/", "price/$10/", "foo/bar/", "a-b_c/", "lookahead-/a-city/",
    "lookahead-/not-a-city/", "lookbehind+/a-city/", "nested/capture/opt/",
]

# Django-style URL patterns (re_path), each tried on URL_INPUTS.
DJANGO = [
    r"^articles/(?P<year>[0-9]{4})/$",
    r"^articles/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
    r"^articles/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<slug>[\w-]+)/$",
    r"^people/(?P<state>\w\w)/(?P<name>\w+)/$",
    r"^places/([0-9]+)/$",
    r"^places?/(\d+)/$",
    r"^extra/(?P<extra>\w+)/$",
    r"^extra/(\w+)/\Z",
    r"^price/\$([0-9]+)/$",
    r"^price/[$]([0-9]+)/$",
    r"^(?:foo|bar)/(\w+)?",
    r"^(?P<arg>[\w-]+)/$",
    r"^lookahead-/(?!not-a-city)(?P<city>[^/]+)/$",
    r"^lookahead-/(?=a-city)(?P<city>[^/]+)/$",
    r"^lookbehind\+/(?P<city>[^/]+)(?<=a-city)/$",
    r"^lookbehind\+/(?P<city>[^/]+)(?<!not-a-city)/$",
    r"^nested/capture/((\w+)/)?$",
    r"^nested/capture/named/(?P<outer>(?P<inner>\w+)/)?$",
    r"^(?P<name>.+)/[0-9]+/$",
    r"(.+)/",
    r"^(?:(?P<a>\w+)/)?(?P<b>\w+)/$",
    r"^(?P<one>[0-9]+)|(?P<two>[0-9]+)/$",
    r"^[\w.@+-]+/$",
    r"^(\w+)/(?P=nonexistent)" if False else r"^(?P<w>\w)(?P=w)?",
    r"^a-b_c/\Z",
    r"^[^/]+/",
    r"^.*$",
    r"^.+\Z",
    r"",
]

# Focused cases: (pattern, ascii, inputs).
FOCUSED = [
    # Unicode shorthands against Python's str definitions.
    (r"\w+", False, ["José", "e\u0301", "\u0301", "٣٤", "x_y", "Ⅻ", "½", "\u200d", "‿", "日本"]),
    (r"\w+", True, ["José", "e\u0301", "٣٤", "x_y", "\u212a", "ſ"]),
    (r"\d+", False, ["٣٤", "123", "½", "²", "𝟘𝟙", "Ⅻ"]),
    (r"\d+", True, ["٣٤", "123"]),
    (r"\s+", False, [" \t\n", "\u2003", "\x1c\x1f", "\x85", "\xa0", "\u180e", "\u200b", "\ufeff"]),
    (r"\s+", True, [" \t\n\r\f\v", "\u2003", "\x1c", "\xa0"]),
    (r"\W+", False, ["José!", "\u0301", " - ", "٣"]),
    (r"\D+", False, ["a٣", "½"]),
    (r"\S+", False, ["a\u2003b", "\x1c"]),
    (r"\W+", True, ["José", "é"]),
    (r"[\w-]+", False, ["José-٣٤", "a\u0301-b"]),
    (r"[\w.]+", True, ["José.x"]),
    (r"[\W]+", False, ["ab!?é"]),
    (r"[\W.]+", False, ["ab.!c"]),
    (r"[^\W.]+", False, ["..ab.!c", "é.e\u0301"]),
    (r"[^\W]+", False, ["!!ab"]),
    (r"[\W\d]+", False, ["ab12!c"]),
    (r"[^\W\d]+", False, ["12abc3", "_x٣"]),
    (r"[\S\s]+", False, ["a b\n"]),
    (r"[^\S\s]", False, ["a b\n"]),
    (r"[\D\W]+", False, ["ab12!"]),
    (r"[\s\d]+", False, ["1 \u2003٣"]),
    (r"[^\s\d]+", False, ["1 ab\u2003٣"]),
    (r"[\W\S]+", False, ["a b"]),
    (r"[^\D]+", True, ["a٣12"]),
    (r"[^a-z\d]+", False, ["abcDEF12"]),
    # Word boundaries.
    (r"\bfoo\b", False, ["foo", "a foo b", "foobar", "éfoo", "\u0301foo", "foo\u0301"]),
    (r"\b", False, ["", " ", "a"]),
    (r"\B", False, ["", " ", "a", "ab"]),
    (r"\Bo\B", False, ["foo", "boot"]),
    (r"\b\w+\b", True, ["José", "é"]),
    (r"(?a)\bé", False, ["é", "aé"]),
    (r"(?i)\bK", True, ["\u212a", "k"]),
    # Anchors and trailing newlines.
    (r"a$", False, ["a", "a\n", "a\n\n", "ab"]),
    (r"a\Z", False, ["a", "a\n"]),
    (r"^a$", False, ["a\n", "b\na\n"]),
    (r"(?m)^a$", False, ["b\na\n", "a\nb", "\na"]),
    (r"(?m)^", False, ["a\n"]),
    (r"(?m)$", False, ["a\n"]),
    (r"(?m)a\Z", False, ["a\n", "a"]),
    (r"\Aab", False, ["ab", "xab"]),
    (r"$", False, ["", "\n", "a\n"]),
    (r"^$", False, ["", "\n"]),
    (r"(?s).+", False, ["a\nb"]),
    (r".+", False, ["a\nb"]),
    (r"(?s:.)(.)", False, ["\n\n", "\na"]),
    (r"(?m:^b)", False, ["a\nb"]),
    # Back-references and conditionals.
    (r"(a)\1", False, ["aa", "ab"]),
    (r"(?P<x>a|b)(?P=x)", False, ["aa", "ab", "bb"]),
    (r"(a)?(?(1)b|c)", False, ["ab", "c", "b"]),
    (r"(?P<q>')?\w+(?(q)')", False, ["'abc'", "abc", "'abc"]),
    (r"(?:(a)|b)(?(1)x|y)", False, ["ax", "by", "ay"]),
    (r"(?(1)a|b)(c)", False, ["bc", "ac"]),
    (r"(?(1)a)(b)", False, ["b", "ab"]),
    (r"(b)?(?(1)a)c", False, ["c", "bac", "bc"]),
    (r"(?:(?(1)a|b)(c))+", False, ["bcac", "bcbc"]),
    (r"[\b-a]+", False, ["\x08a"]),
    (r"(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\10", False, ["abcdefghijj"]),
    (r"(?i)(a)\1", False, ["aA"]),
    (r"\0\01\101", False, ["\x00\x01A"]),
    (r"[\1-\3]+", False, ["\x01\x02\x03"]),
    # Look-arounds.
    (r"(?<=\d{2})x", False, ["12x", "1x"]),
    (r"(?<!a)b", False, ["ab", "cb"]),
    (r"(?<=(a))b", False, ["ab"]),
    (r"(?=(\w+))\w", False, ["abc"]),
    (r"(?!x)\w+", False, ["xab"]),
    (r"(?<=a|b)c", False, ["ac", "bc", "cc"]),
    (r"(?<=ab|cd)e", False, ["cde"]),
    (r"(a)(?<=\1)b", False, ["ab"]),
    (r"(?<=(?P<p>x))y", False, ["xy"]),
    # Repeats: lazy, possessive, counted, { quirks.
    (r"a{,3}", False, ["aaaa", "b"]),
    (r"a{2,}", False, ["a", "aaa"]),
    (r"a{2}", False, ["aaa"]),
    (r"a{,}", False, ["aaa"]),
    (r"a{1,3}?", False, ["aaa"]),
    (r"(a{1,3}?)(a*)", False, ["aaa"]),
    (r"a{", False, ["a{"]),
    (r"a{}", False, ["a{}"]),
    (r"a{x}", False, ["a{x}"]),
    (r"a{1,x}", False, ["a{1,x}"]),
    (r"{", False, ["{"]),
    (r"x{2}{", False, ["xx{"]),
    (r"a{ 1}", False, ["a{ 1}"]),
    (r"a*?b", False, ["aab"]),
    (r"(a+?)(a*)", False, ["aaa"]),
    (r"a++a", False, ["aaa"]),
    (r"a*+", False, ["aaa"]),
    (r"a?+a", False, ["a"]),
    (r"(?:ab)*+ab", False, ["ababab"]),
    (r"a{1,2}+a", False, ["aa", "aaa"]),
    (r"(?>a+)a", False, ["aaa"]),
    (r"(?>a|ab)c", False, ["abc", "ac"]),
    (r"(a|ab)(c|bcd)(d*)", False, ["abcd"]),
    (r"(a*)*", False, ["b", "aa"]),
    (r"(a*)+", False, ["b"]),
    (r"(a|b)*", False, ["abba"]),
    (r"(?:(a)|b)*", False, ["ab", "ba"]),
    (r"(?:(a)|(b))*", False, ["ab", "aba"]),
    (r"(a?)*?b", False, ["aab"]),
    (r"(?:x*)*", False, ["xx"]),
    (r"(?:a|)*b", False, ["aab"]),
    # Groups: numbering with mixed named/unnamed, nesting.
    (r"(a)(?P<n>b)(c)", False, ["abc"]),
    (r"(?P<o>(a)(?P<i>b))(c)", False, ["abc"]),
    (r"((a)|(b))+", False, ["ab", "ba"]),
    (r"(?:(?P<x>a)|(?P<y>b))(c)?", False, ["a", "bc"]),
    (r"(?P<ä>x)", False, ["x"]),
    (r"()", False, [""]),
    (r"(|a)", False, ["a"]),
    (r"a|", False, ["b"]),
    (r"(?:)", False, ["x"]),
    # Flags.
    (r"(?i)straße", False, ["STRASSE", "Straße", "STRAßE"]),
    (r"(?i)[a-z]+", False, ["ABCxyz", "K"]),
    (r"(?i)abc", False, ["ABC", "aBc"]),
    (r"(?i:a)b", False, ["Ab", "AB"]),
    (r"a(?i:b)", False, ["aB", "AB"]),
    (r"(?i)a(?-i:b)", False, ["Ab", "AB"]),
    (r"(?i)é", False, ["É"]),
    (r"(?i)é", True, ["É", "é"]),
    (r"(?i)k", False, ["\u212a", "K"]),
    (r"(?i)k", True, ["\u212a", "K"]),
    (r"(?ai)I\w", False, ["\u0130x", "ix"]),
    (r"(?i)i", False, ["\u0130", "I"]),
    (r"(?i)[^k]", True, ["K", "x"]),
    ("(?x) a b # comment\n c", False, ["abc", "a b c"]),
    (r"(?x)a\ b", False, ["a b"]),
    (r"(?x)[ a]+", False, [" a "]),
    (r"(?x)a{2} \d", False, ["aa1"]),
    (r"(?x: a b )c d", False, ["abc d", "abcd"]),
    (r"(?x)a(?-x: b )", False, ["a b ", "ab"]),
    (r"(?x)# only a comment", False, ["x"]),
    ("(?x)a #x\n|b", False, ["b"]),
    (r"(?a)\w+", False, ["José"]),
    (r"(?a:\w+)\w", False, ["abé"]),
    (r"(?u)\w+", True, ["José"]) if False else (r"(?u)\w+", False, ["José"]),
    (r"(?#comment)a", False, ["a"]),
    (r"a(?#x)*", False, ["aaa"]),
    (r"(?im)^a", False, ["b\nA"]),
    (r"(?i)(?m)^A$", False, ["b\na\n"]),
    (r"(?s)(?x) . ", False, ["\n"]),
    # Escapes and literals.
    (r"\x41\u00e9\U0001F600\t\n", False, ["Aé😀\t\n"]),
    (r"\a\f\v\r", False, ["\a\f\v\r"]),
    (r"[\b]", False, ["\b"]),
    (r"\.\*\+\?\(\)\[\]\{\}\|\^\$\\", False, [".*+?()[]{}|^$\\"]),
    (r"\-\#\ \/\&\~\:\<\>\=\!\,\;\%\@\'\"", False, ["-# /&~:<>=!,;%@'\""]),
    (r"[]]", False, ["]"]),
    (r"[]a]+", False, ["a]"]),
    (r"[^]]+", False, ["ab]"]),
    (r"[a-]+", False, ["a-"]),
    (r"[-a]+", False, ["-a"]),
    (r"[\w-]+", False, ["a-b"]),
    (r"[a\-z]+", False, ["-az", "b"]),
    (r"[[]+", False, ["[["]),
    (r"[a-c-e]+", False, ["b-e", "d"]),
    (r"[\[\]\\^-]+", False, ["[]\\^-"]),
    (r"[^^]+", False, ["^a"]),
    (r"[\^a]+", False, ["^a"]),
    (r"[.*+?(){}|$#]+", False, ["#.$"]),
    (r"[ -~]+", False, ["hello world"]),
    (r"[\x00-\x1f]+", False, ["\x00\x1f"]),
    (r"[\u0100-\U0001F600]+", False, ["Ā😀", "a"]),
    (r"[😀-😂]", False, ["😁"]),
    (r"😀+", False, ["😀😀"]),
    (r"[\t ]+", False, [" \t"]),
    (r"é|e\u0301", False, ["e\u0301", "é"]),
    (r"[^\n]+", False, ["ab\ncd"]),
    (r"[&&]+|[--]+|[~~]+", False, ["&&"]),
    (r"#", False, ["#"]),
    (r" ", False, [" "]),
    (r"\é", False, ["é"]),
    (r"a\
b", False, ["a\nb"]),
]

ERRORS = [
    "(", "(a", "a)", ")", "(?P<n>a", "[a", "[", "[]", "[^]", "[a-", r"[\d-z]", r"[z-a]",
    r"[a-\d]", r"[\x41-\x40]", "*", "a**", "a*{2}", "+a", "?", "{1}", "a{2}{3}", "^*", r"\b+",
    r"a|*", "(?i)*", "a{3,2}", r"\q", "\\", "a\\", r"\g<1>", r"\x4", r"\u12", r"\U0011ffff",
    r"\777", r"[\8]", r"\1", r"(a)\2", r"(a\1)", r"(?P<n>a(?P=n))", r"(?P=n)", r"(?P<1a>x)",
    r"(?P<a b>x)", r"(?P<>x)", r"(?P<n", r"(?P<n>x)(?P<n>y)", r"(?P=)", r"(?Px)", "(?P",
    "(?<n>x)", "(?<", "(?<x", "(?'n'x)", "(?", "(?#abc", "(?z)", "(?i", "(?L)", "(?au)",
    "(?a)(?u)", "(?-a:x)", "(?i-", "(?i-:x)", "(?-i)", "(?i-i:x)", "(?t:x)", "(?-t:x)", "(?i-q:x)",
    "(?iq)", "(?i!)", "a(?i)", "(a(?i))", "(?x)a(?i)", "b|(?i)a", r"(?(n)a|b)", r"(?(0)a|b)",
    r"(?(a b)x)", r"(?(2)a|b)(c)", r"(?(1)a|b|c)", r"(?(1)a", r"(?(1", r"(?(", r"(?<=a+)b",
    r"(?<=a|bc)d", r"(?<!a*)b", r"(?<=a{1,2})b", r"(a)(?<=\1+)b", r"(?<=(a)\1)b", r"(?<=(?(1)a|b))",
    r"(?<=(a))(?<=(?(1)a|bc))", r"\N", r"\N{", r"\N{}", "a{4294967296}",
    "a{1,4294967296}", r"[\A]", r"[\Z]", "(?x)a[", "(?x)\n(", "(?x)a\n# c\n)",
    "(?P<n>x)(?P<m>(?P=n)(?P=m))", r"(a)\10", r"(?(1)", r"(?(1)a)", 
    "(?P<é1>x)(?P=é2)", "é)", "日本(", r"[é-a]", "(?i:(?-i:(?x:(?a:a", r"(?<=a)(?<=a*)",
]


def record(m):
    if m is None:
        return None
    return {
        "span": list(m.span()),
        "groups": [list(m.span(i)) if m.group(i) is not None else None
                   for i in range(1, (m.re.groups or 0) + 1)],
        "values": [m.group(i) for i in range(1, (m.re.groups or 0) + 1)],
    }


def main():
    cases = []
    for pat in DJANGO:
        for s in URL_INPUTS:
            cases.append((pat, False, s))
    for pat, ascii_, inputs in FOCUSED:
        for s in inputs:
            cases.append((pat, ascii_, s))
    out = {"python": sys.version.split()[0], "cases": [], "errors": []}
    for pat, ascii_, s in cases:
        rx = re.compile(pat, re.ASCII if ascii_ else 0)
        out["cases"].append({
            "pattern": pat, "ascii": ascii_, "input": s,
            "search": record(rx.search(s)),
            "fullmatch": record(rx.fullmatch(s)),
        })
    bad = False
    for pat in ERRORS:
        try:
            re.compile(pat)
        except re.error as e:
            out["errors"].append({"pattern": pat, "type": "error", "msg": e.msg,
                                  "pos": e.pos, "str": str(e)})
        except (ValueError, OverflowError) as e:
            out["errors"].append({"pattern": pat, "type": type(e).__name__, "msg": str(e),
                                  "pos": None, "str": str(e)})
        else:
            print("expected an error for %r" % pat)
            bad = True
    if bad:
        raise SystemExit(1)
    with open("golden.json", "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=True)
        f.write("\n")
    print("%d cases, %d errors" % (len(out["cases"]), len(out["errors"])))


if __name__ == "__main__":
    main()
