package urlconf

import "sync"

// I18nPatterns declares patterns under the language code of the
// resolution's language, as Django's i18n_patterns(): "en/", "nl/",
// "pt-br/". It is allowed in the root conf only. A conf that uses it (or
// Translated) is compiled once per language of Builder.Languages;
// Conf.ForLanguage gives the conf of one language, whose Resolve and
// Reverse use that language's prefix and translations. The conf Build
// returns is that of Builder.LanguageCode.
func I18nPatterns(patterns func() []Entry, opts ...Option) Entry {
	e := newEntry(kindLocale, "", "", patterns, opts)
	return e
}

// PrefixDefaultLanguage(false) leaves the patterns of I18nPatterns
// without a prefix for the default language (Builder.LanguageCode), as
// Django's prefix_default_language=False: "/about/" in English,
// "/nl/about/" in Dutch.
func PrefixDefaultLanguage(prefix bool) Option {
	return func(o *options) { o.noDefaultPrefix = !prefix }
}

// Translated marks an entry's pattern as translatable, as Django's
// gettext_lazy patterns (path(_("about/"), ...)): in each language, the
// pattern is Builder.Translate's translation of the text written.
func Translated() Option {
	return func(o *options) { o.translated = true }
}

// DefaultLanguageCode is Builder.LanguageCode when it is empty, as
// Django's LANGUAGE_CODE default.
const DefaultLanguageCode = "en-us"

// languages is what a conf that depends on the language keeps: every
// language's conf, built on first use for a language outside
// Builder.Languages.
type languages struct {
	build         func(lang string) (*Conf, error)
	code          string   // Builder.LanguageCode
	listed        []string // Builder.Languages, LanguageCode first
	prefixed      bool     // the root uses I18nPatterns
	prefixDefault bool     // ... with a prefix for the default language

	mu    sync.Mutex
	confs map[string]*Conf
}

// ForLanguage returns the conf of language lang, Django's conf with lang
// active: its I18nPatterns prefix is lang's ("" for the default language
// when PrefixDefaultLanguage(false)) and its Translated patterns are in
// lang. A conf that depends on no language returns itself. A language
// outside Builder.Languages is compiled on first use; its error is that
// of a translated pattern that does not compile.
func (c *Conf) ForLanguage(lang string) (*Conf, error) {
	if c.langs == nil {
		return c, nil
	}
	ls := c.langs
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if conf, ok := ls.confs[lang]; ok {
		return conf, nil
	}
	conf, err := ls.build(lang)
	if err != nil {
		return nil, err
	}
	ls.confs[lang] = conf
	return conf, nil
}

// Language returns the language c resolves in, "" for a conf that
// depends on no language.
func (c *Conf) Language() string { return c.lang }

// Languages returns Builder.Languages, the default language first, for
// a conf that depends on the language; nil otherwise. The caller must
// not modify it.
func (c *Conf) Languages() []string {
	if c.langs == nil {
		return nil
	}
	return c.langs.listed
}

// LanguagePrefix reports whether c's root uses I18nPatterns, and then
// whether the default language has a prefix too: what Django's
// LocaleMiddleware asks (is_language_prefix_patterns_used).
func (c *Conf) LanguagePrefix() (used, prefixDefault bool) {
	if c.langs == nil {
		return false, false
	}
	return c.langs.prefixed, c.langs.prefixDefault
}

// localeEntry is the include I18nPatterns stands for in the compiler's
// language: a regex prefix of the language code and a "/", shown as the
// code and the "/" (Django's LocalePrefixPattern).
func (c *compiler) localeEntry(e *Entry) (loc Entry, prefix string) {
	prefix = c.lang + "/"
	if e.opts.noDefaultPrefix && c.lang == c.langCode {
		prefix = ""
	}
	c.prefixed, c.prefixDefault = true, !e.opts.noDefaultPrefix
	loc = *e
	loc.kind, loc.pattern = kindReInclude, "^"+pyEscape(prefix)
	return loc, prefix
}

// translatedEntry is e with its pattern in language lang.
func (c *compiler) translatedEntry(e *Entry) Entry {
	t := *e
	if c.translate != nil {
		t.pattern = c.translate(c.lang, e.pattern)
	}
	return t
}

// languageEntry returns the entry to compile for e in the compiler's
// language, whether its node shows source rather than its pattern
// (Django's str() of a LocalePrefixPattern), and ok false for an entry
// that cannot be compiled.
func (c *compiler) languageEntry(e *Entry) (lang *Entry, source string, locale, ok bool) {
	switch {
	case e.kind == kindLocale:
		c.usesLanguage = true
		if len(c.stack) > 1 {
			c.fail(e, "I18nPatterns is allowed in the root conf only, as Django's i18n_patterns")
			return nil, "", false, false
		}
		loc, prefix := c.localeEntry(e)
		return &loc, prefix, true, true
	case e.opts.translated:
		c.usesLanguage = true
		t := c.translatedEntry(e)
		return &t, "", false, true
	}
	return e, "", false, true
}
