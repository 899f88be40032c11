#!/usr/bin/env python3
"""Writes services/Portal/wwwroot/css/nhsuk-rtl.css: nhsuk-frontend's left/right rules mirrored under [dir=rtl].

nhsuk-frontend (10.x) lays out with physical properties (float:left, margin-left, left:0...), so an Arabic page
would keep its columns, checkboxes and lists on the left. This reads the built nhsuk-frontend.min.css and, for every
rule that sets a side, writes the same selector under [dir=rtl] with the sides swapped (the side it set is put back to
the other side's value in that rule, or its initial value). Run it again after upgrading nhsuk-frontend:

    python3 scripts/nhsuk-rtl.py

The portal's own corrections (arrows, chevrons) are in site.css, section "Right to left". docs/LANGUAGES.md.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "services/Portal/node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css")
TARGET = os.path.join(ROOT, "services/Portal/wwwroot/css/nhsuk-rtl.css")

SIDED = {  # property: (mirror property, initial value)
    "margin-left": ("margin-right", "0"), "margin-right": ("margin-left", "0"),
    "padding-left": ("padding-right", "0"), "padding-right": ("padding-left", "0"),
    "left": ("right", "auto"), "right": ("left", "auto"),
    "border-left": ("border-right", "0"), "border-right": ("border-left", "0"),
    "border-left-width": ("border-right-width", "0"), "border-right-width": ("border-left-width", "0"),
    "border-left-color": ("border-right-color", "currentcolor"), "border-right-color": ("border-left-color", "currentcolor"),
    "border-left-style": ("border-right-style", "none"), "border-right-style": ("border-left-style", "none"),
}
VALUE_SWAP = {"float", "clear", "text-align"}
FOUR = {"margin", "padding", "border-width", "border-style", "border-color"}


def split_values(value):
    parts, depth, cur = [], 0, ""
    for ch in value:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == " " and depth == 0:
            if cur:
                parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur:
        parts.append(cur)
    return parts


def declarations(body):
    out, depth, cur = [], 0, ""
    for ch in body:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == ";" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur)
    result = []
    for d in out:
        if ":" in d:
            name, value = d.split(":", 1)
            result.append((name.strip(), value.strip()))
    return result


def mirror(body):
    decls = declarations(body)
    given = dict(decls)
    out = []
    for name, value in decls:
        important = value.endswith("!important")
        bare = value[: -len("!important")].strip() if important else value
        suffix = "!important" if important else ""
        if name in SIDED:
            other, initial = SIDED[name]
            out.append(f"{other}:{bare}{suffix}")
            if other not in given:
                out.append(f"{name}:{initial}{suffix}")
        elif name in VALUE_SWAP and bare in ("left", "right"):
            out.append(f"{name}:{'right' if bare == 'left' else 'left'}{suffix}")
        elif name in FOUR:
            parts = split_values(bare)
            if len(parts) == 4 and parts[1] != parts[3]:
                out.append(f"{name}:{parts[0]} {parts[3]} {parts[2]} {parts[1]}{suffix}")
    return ";".join(out)


def rtl_selector(selector):
    selector = selector.strip()
    if selector.startswith("html"):
        return "html[dir=rtl]" + selector[4:]
    if selector.startswith(":root"):
        return ":root[dir=rtl]" + selector[5:]
    return "[dir=rtl] " + selector


def walk(css, i=0):
    """Rules from position i to the matching close brace: (output, end position)."""
    out = []
    while i < len(css):
        if css[i] == "}":
            return "".join(out), i + 1
        start = css.find("{", i)
        semi = css.find(";", i)
        if start < 0:
            break
        if 0 <= semi < start and css[i] == "@":  # @charset ...;
            i = semi + 1
            continue
        prelude = css[i:start].strip()
        if prelude.startswith("@media") or prelude.startswith("@supports") or prelude.startswith("@container"):
            inner, i = walk(css, start + 1)
            if inner:
                out.append(prelude + "{" + inner + "}")
            continue
        end = css.find("}", start)
        body = css[start + 1:end]
        i = end + 1
        if prelude.startswith("@"):
            continue
        mirrored = mirror(body)
        if mirrored:
            selectors = [rtl_selector(s) for s in re.split(r",(?![^()]*\))", prelude)]
            out.append(",".join(selectors) + "{" + mirrored + "}")
    return "".join(out), i


def main():
    css = open(SOURCE, encoding="utf-8").read()
    version = re.search(r'--nhsuk-frontend-version:"([^"]+)"', css)
    rules, _ = walk(css)
    header = ("/* Generated by scripts/nhsuk-rtl.py from nhsuk-frontend %s: its left/right rules mirrored for right-to-left "
              "pages (Arabic). Do not edit; run the script again after upgrading nhsuk-frontend. */\n"
              % (version.group(1) if version else "?"))
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(header + rules.replace("}", "}\n"))
    print(f"{TARGET}: {rules.count('}')} rules")


if __name__ == "__main__":
    sys.exit(main())
