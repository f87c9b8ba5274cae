package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/procura/procura"
)

// words are messages by key, each in English and German; a message may take fmt's verbs. Each
// part of the pages keeps its words in a file of its own (words_*.go) and hands them to learn.
type words map[string][2]string

// The catalogs: a language's messages by key (decision 0049). English is complete; a language
// falls back to English for a key it lacks.
var (
	english   = map[string]string{}
	german    = map[string]string{}
	catalogs  = map[string]map[string]string{"en": english, "de": german}
	formatsOf = map[string]formats{
		"en": {thousands: ",", decimal: ".", date: "2006-01-02 15:04 MST"},
		"de": {thousands: ".", decimal: ",", date: "02.01.2006 15:04 MST"},
	}
)

// learn adds words to the catalogs; a key defined twice is a mistake of the code.
func learn(ws words) {
	for k, w := range ws {
		if _, dup := english[k]; dup {
			panic("web: the message " + k + " is defined twice")
		}
		english[k] = w[0]
		if w[1] != "" {
			german[k] = w[1]
		}
	}
}

// formats are how a language writes numbers and times.
type formats struct {
	thousands, decimal, date string
}

// lang is the language a page is written in.
type lang struct {
	Tag  string
	msgs map[string]string
}

// T returns the message of key in the language, formatted with args.
func (l lang) T(key string, args ...any) string {
	m, ok := l.msgs[key]
	if !ok {
		m, ok = english[key]
	}
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

func (l lang) formats() formats {
	if f, ok := formatsOf[l.Tag]; ok {
		return f
	}
	return formatsOf["en"]
}

// Money writes an amount with its currency's fraction digits, grouped as the language groups
// digits, e.g. 1,250.00 USD in English and 1.250,00 USD in German.
func (l lang) Money(m procura.Money) string {
	f := l.formats()
	c := m.CentAmount
	sign := ""
	if c < 0 {
		sign, c = "-", -c
	}
	div := int64(1)
	for range m.FractionDigits {
		div *= 10
	}
	whole := fmt.Sprint(c / div)
	for i := len(whole) - 3; i > 0; i -= 3 {
		whole = whole[:i] + f.thousands + whole[i:]
	}
	out := sign + whole
	if m.FractionDigits > 0 {
		out += fmt.Sprintf("%s%0*d", f.decimal, m.FractionDigits, c%div)
	}
	return out + " " + m.CurrencyCode
}

// Date writes a stored timestamp to the minute, in UTC, as the language writes dates.
func (l lang) Date(s string) string {
	t, err := time.Parse(procura.TimeFormat, s)
	if err != nil {
		return s
	}
	return l.Time(t)
}

// Time writes a time to the minute, in UTC, as the language writes dates.
func (l lang) Time(t time.Time) string { return t.UTC().Format(l.formats().date) }

// langOf picks the first language of the request's Accept-Language that has a catalog, else
// English.
func langOf(r *http.Request) lang {
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		tag, _, _ = strings.Cut(strings.ToLower(tag), "-")
		if msgs, ok := catalogs[tag]; ok {
			return lang{Tag: tag, msgs: msgs}
		}
	}
	return lang{Tag: "en", msgs: english}
}

// Local picks of a localized string the language's text, else English, else any.
func (l lang) Local(s map[string]string) string {
	if v, ok := s[l.Tag]; ok {
		return v
	}
	if v, ok := s["en"]; ok {
		return v
	}
	for _, v := range s {
		return v
	}
	return ""
}
