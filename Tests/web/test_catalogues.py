"""The message catalogues (Sources/Server/Web/static/i18n/<code>.json) against English: every language present, the
same keys, no empty text, the plural categories the language needs, the same {placeholders}, and nothing left in
English unless same-as-english.json says that word is the same in that language. Then each rule is shown to fail
on a small made-up set, so the check cannot pass everything."""
import copy
import json
import pathlib
import re

import pytest

FOLDER = pathlib.Path(__file__).resolve().parents[2] / "Sources" / "Server" / "Web" / "static" / "i18n"
EXEMPTIONS = "same-as-english.json"

# The plural categories Intl.PluralRules gives for whole counts: each language must have these ...
NEEDS = {
    "en": {"one", "other"}, "es": {"one", "other"}, "fr": {"one", "other"}, "it": {"one", "other"},
    "nl": {"one", "other"}, "pt-br": {"one", "other"}, "tr": {"one", "other"},
    "pl": {"one", "few", "many", "other"}, "ru": {"one", "few", "many", "other"},
    "ko": {"other"}, "zh-CN": {"other"}, "zh-TW": {"other"}, "ja": {"other"},
}
# ... and may have these too (CLDR gives "many" to large round numbers in these languages); nothing else.
MAY_ALSO = {"es": {"many"}, "fr": {"many"}, "it": {"many"}, "pt-br": {"many"}}
LANGUAGES = list(NEEDS)
PLACEHOLDER = re.compile(r"\{(\w+)\}", re.ASCII)   # as i18n.js fills them: /\{(\w+)\}/g


def texts(value):
    """The strings of a value: itself, or each plural form."""
    return list(value.values()) if isinstance(value, dict) else [value]


def placeholders(value):
    return {name for text in texts(value) for name in PLACEHOLDER.findall(text)}


def shape_problems(code, key, value):
    if isinstance(value, str):
        return [] if value.strip() else [f"{code}: {key}: empty value"]
    if not isinstance(value, dict) or not value or not all(isinstance(v, str) for v in value.values()):
        return [f"{code}: {key}: neither a string nor a plural object of strings"]
    problems = [f"{code}: {key}.{category}: empty value" for category, text in value.items() if not text.strip()]
    missing = NEEDS[code] - set(value)
    extra = set(value) - NEEDS[code] - MAY_ALSO.get(code, set())
    if missing:
        problems.append(f"{code}: {key}: plural lacks {sorted(missing)}")
    if extra:
        problems.append(f"{code}: {key}: plural has categories {sorted(extra)} that {code} does not use")
    return problems


def load(folder, name):
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [f"{name}: missing"]
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, [f"{name}: not valid JSON: {e}"]
    if not isinstance(data, dict):
        return None, [f"{name}: not a JSON object"]
    return data, []


def exemption_problems(exemptions, english, catalogues):
    problems = []
    for code, keys in exemptions.items():
        if code not in catalogues or code == "en":
            problems.append(f"{EXEMPTIONS}: {code} is not a translated language")
            continue
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            problems.append(f"{EXEMPTIONS}: {code}: not a list of keys")
            continue
        for key in keys:
            if catalogues[code].get(key, object()) != english.get(key, object()):
                problems.append(f"{EXEMPTIONS}: {code}: {key} is listed but not the same as English: drop it")
    return problems


def catalogue_problems(folder):
    """Every problem with the catalogues in `folder`, one line each."""
    folder = pathlib.Path(folder)
    english, problems = load(folder, "en.json")
    if english is None:
        return problems
    catalogues = {"en": english}
    for code in LANGUAGES[1:]:
        data, found = load(folder, f"{code}.json")
        problems += found
        if data is not None:
            catalogues[code] = data
    exemptions = {}
    if (folder / EXEMPTIONS).exists():
        exemptions, found = load(folder, EXEMPTIONS)
        problems += found
        exemptions = exemptions or {}
    for path in sorted(folder.glob("*.json")):
        if path.stem not in NEEDS and path.name != EXEMPTIONS:
            problems.append(f"{path.name}: not one of the languages {LANGUAGES}")
    for code, catalogue in catalogues.items():
        same_allowed = set(exemptions.get(code, [])) if isinstance(exemptions.get(code), list) else set()
        for key in sorted(set(english) - set(catalogue)):
            problems.append(f"{code}: {key}: missing (English has it)")
        for key in sorted(set(catalogue) - set(english)):
            problems.append(f"{code}: {key}: not in English")
        for key in sorted(set(catalogue) & set(english)):
            value, source = catalogue[key], english[key]
            found = shape_problems(code, key, value)
            problems += found
            if found or code == "en":
                continue
            if isinstance(value, dict) != isinstance(source, dict):
                problems.append(f"{code}: {key}: {'plural' if isinstance(source, dict) else 'plain'} in English "
                                f"but not here")
            if placeholders(value) != placeholders(source):
                problems.append(f"{code}: {key}: placeholders {sorted(placeholders(value))}, "
                                f"English has {sorted(placeholders(source))}")
            if value == source and key not in same_allowed:
                problems.append(f"{code}: {key}: same as English (translate it, or list it in {EXEMPTIONS})")
    return problems + exemption_problems(exemptions, english, catalogues)


def test_real_catalogues():
    problems = catalogue_problems(FOLDER)
    assert not problems, "\n".join(problems)


# The self-test: a small complete set that passes, then one change per rule, each of which must be reported.
GOOD_ENGLISH = {
    "hello": "Hello, {name}",
    "replies": {"one": "{count} reply", "other": "{count} replies"},
    "ok": "OK",
}
TRANSLATED = {
    "one_other": {"one": "{count} R", "other": "{count} Rs"},
    "slavic": {"one": "{count} R1", "few": "{count} R2", "many": "{count} R5", "other": "{count} R.5"},
    "other": {"other": "{count} R"},
}


def good_set():
    """Fresh copies each time: the breakages change them in place."""
    sets = {"en": copy.deepcopy(GOOD_ENGLISH)}
    for code in LANGUAGES[1:]:
        kind = "slavic" if code in ("pl", "ru") else "other" if len(NEEDS[code]) == 1 else "one_other"
        sets[code] = {"hello": f"[{code}] {{name}}", "replies": copy.deepcopy(TRANSLATED[kind]), "ok": "OK"}
    return sets, {code: ["ok"] for code in LANGUAGES[1:]}


def write(folder, catalogues, exemptions):
    folder.mkdir(exist_ok=True)
    for code, data in catalogues.items():
        (folder / f"{code}.json").write_text(json.dumps(data, ensure_ascii=False))
    (folder / EXEMPTIONS).write_text(json.dumps(exemptions))
    return folder


def test_the_good_set_passes(tmp_path):
    catalogues, exemptions = good_set()
    assert catalogue_problems(write(tmp_path / "i18n", catalogues, exemptions)) == []


def drop_catalogue(c, e):
    del c["ja"]


def extra_key(c, e):
    c["fr"]["goodbye"] = "Au revoir"


def missing_key(c, e):
    del c["es"]["hello"]


def empty_value(c, e):
    c["it"]["hello"] = "  "


def empty_plural_form(c, e):
    c["nl"]["replies"] = {"one": "{count} R", "other": ""}


def plural_lacks_category(c, e):
    c["pl"]["replies"] = {"one": "{count} R", "other": "{count} Rs"}


def plural_lacks_english_category(c, e):
    c["en"]["replies"] = {"other": "{count} replies"}


def plural_with_foreign_category(c, e):
    c["ja"]["replies"] = {"one": "{count} R", "other": "{count} R"}


def plural_became_plain(c, e):
    c["tr"]["replies"] = "{count} R"


def not_a_string(c, e):
    c["ko"]["hello"] = ["{name}"]


def placeholder_renamed(c, e):
    c["ru"]["hello"] = "[ru] {user}"


def placeholder_dropped(c, e):
    c["zh-CN"]["hello"] = "[zh-CN]"


def untranslated(c, e):
    c["pt-br"]["hello"] = GOOD_ENGLISH["hello"]


def untranslated_plural(c, e):
    c["es"]["replies"] = dict(GOOD_ENGLISH["replies"])


def same_but_not_listed(c, e):
    e["zh-TW"] = []


def stale_exemption(c, e):
    e["fr"] = ["ok", "hello"]


def unknown_language(c, e):
    c["de"] = dict(c["fr"])


def no_english(c, e):
    del c["en"]


BROKEN = {
    drop_catalogue: "ja.json: missing",
    extra_key: "fr: goodbye: not in English",
    missing_key: "es: hello: missing",
    empty_value: "it: hello: empty value",
    empty_plural_form: "nl: replies.other: empty value",
    plural_lacks_category: "pl: replies: plural lacks ['few', 'many']",
    plural_lacks_english_category: "en: replies: plural lacks ['one']",
    plural_with_foreign_category: "ja: replies: plural has categories ['one']",
    plural_became_plain: "tr: replies: plural in English but not here",
    not_a_string: "ko: hello: neither a string",
    placeholder_renamed: "ru: hello: placeholders ['user']",
    placeholder_dropped: "zh-CN: hello: placeholders []",
    untranslated: "pt-br: hello: same as English",
    untranslated_plural: "es: replies: same as English",
    same_but_not_listed: "zh-TW: ok: same as English",
    stale_exemption: "fr: hello is listed but not the same as English",
    unknown_language: "de.json: not one of the languages",
    no_english: "en.json: missing",
}


@pytest.mark.parametrize("breakage", list(BROKEN), ids=[f.__name__ for f in BROKEN])
def test_each_rule_fails(tmp_path, breakage):
    catalogues, exemptions = good_set()
    breakage(catalogues, exemptions)
    problems = catalogue_problems(write(tmp_path / "i18n", catalogues, exemptions))
    assert any(BROKEN[breakage] in p for p in problems), problems


def test_invalid_json_is_reported(tmp_path):
    catalogues, exemptions = good_set()
    folder = write(tmp_path / "i18n", catalogues, exemptions)
    (folder / "it.json").write_text('{"hello": "Ciao, {name}",}')
    assert any(p.startswith("it.json: not valid JSON") for p in catalogue_problems(folder))
