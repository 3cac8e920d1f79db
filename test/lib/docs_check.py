#!/usr/bin/env python3
"""Executable documentation: run the ```sql examples of Markdown files.

Used by test/stages/25-docs.sh; see its header for the conventions.

    docs_check.py [--update] FILE.md...

For each file, every ```sql block runs, in order, in ONE psql session
(`psql -X -q`, stdout and stderr together, so ERROR/NOTICE lines appear
where they happen) on the database named by the environment (PGDATABASE
etc.; the caller creates a fresh one per file).  A ```sql block followed,
after optional blank lines, by a plain ``` block (no language) must
produce exactly that text: lines compared after removing trailing blanks,
leading and trailing empty lines ignored.  A ```sql block without such a
block must run without an ERROR.  A ```sql block preceded (after optional
blank lines) by the HTML comment `<!-- not run: REASON -->` is not run.

Blocks it cannot classify are failures, not skipped: an unterminated fence,
a plain ``` block that does not follow a ```sql block, an unknown
language, a `not run` comment before something other than a ```sql
block, a ```sql block whose last statement is not terminated.

--update rewrites the shown output of each compared block with the output
produced (for the author: review the diff before committing it).

Prints one line per block, `ok`/`FAIL`/`skip` with FILE:LINE, a unified
diff for each mismatch, and finally `docs: N passed, N failed`.
"""
import difflib
import os
import re
import subprocess
import sys

# languages that are shown, never run
NOT_RUN = {"sh", "bash", "console", "shell", "text", "json", "python", "c",
           "ini", "conf", "csv", "diff", "yaml", "xml", "html", "make",
           "makefile", "markdown", "md", "tsv", "psql-output"}
FENCE = re.compile(r"^( {0,3}|\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
NOT_RUN_NOTE = re.compile(r"^\s*<!--\s*not run:\s*(\S.*?)\s*-->\s*$")
MARK = "<<<docs-block %d>>>"


class Block:
    def __init__(self, lang, start, end, indent, body):
        self.lang = lang        # info string's first word, lower case
        self.start = start      # 1-based line of the opening fence
        self.end = end          # 1-based line of the closing fence
        self.indent = indent
        self.body = body        # lines, indentation of the fence removed
        self.skip = None        # reason, when marked not run
        self.expect = None      # the Block of expected output


def parse(path, lines):
    """Return (blocks, errors)."""
    blocks, errors = [], []
    i, n = 0, len(lines)
    prev_kind = None            # what the last non-blank thing was
    note = None                 # a pending `not run` comment: (line, reason)
    while i < n:
        line = lines[i]
        m = FENCE.match(line)
        if not m:
            nm = NOT_RUN_NOTE.match(line)
            if nm:
                if note:
                    errors.append("%s:%d: two 'not run' comments in a row" % (path, i + 1))
                note = (i + 1, nm.group(1))
                prev_kind = "note"
            elif line.strip():
                if note:
                    errors.append("%s:%d: 'not run' comment not followed by a ```sql block" % (path, note[0]))
                    note = None
                prev_kind = "text"
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3).lower()
        # the closing fence: same character, at least as long, no info string
        close = re.compile(r"^\s*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence))
        j = i + 1
        while j < n and not close.match(lines[j]):
            j += 1
        if j >= n:
            errors.append("%s:%d: unterminated ``` block" % (path, i + 1))
            break
        body = []
        for raw in lines[i + 1:j]:
            # remove up to the fence's indentation (list items)
            k = 0
            while k < indent and k < len(raw) and raw[k] == " ":
                k += 1
            body.append(raw[k:])
        b = Block(lang, i + 1, j + 1, indent, body)
        if note:
            if lang != "sql":
                errors.append("%s:%d: 'not run' comment before a ```%s block (only ```sql blocks are run)"
                              % (path, note[0], lang or ""))
            b.skip = note[1]
            note = None
        if lang == "sql":
            blocks.append(b)
            prev_kind = "sql"
        elif lang == "":
            if prev_kind == "sql" and blocks and blocks[-1].expect is None:
                blocks[-1].expect = b
                prev_kind = "output"
            else:
                errors.append("%s:%d: plain ``` block that does not follow a ```sql block: "
                              "give it a language (```text, ```sh, ...) or put it after its query"
                              % (path, i + 1))
                prev_kind = "text"
        elif lang in NOT_RUN:
            prev_kind = "text"
        else:
            errors.append("%s:%d: ```%s: unknown language (run: sql; shown: %s)"
                          % (path, i + 1, lang, ", ".join(sorted(NOT_RUN))))
            prev_kind = "text"
        i = j + 1
    if note:
        errors.append("%s:%d: 'not run' comment not followed by a ```sql block" % (path, note[0]))
    return blocks, errors


def unterminated(body):
    """True if the block's last statement lacks its semicolon."""
    text = "\n".join(body)
    # drop comments and quoted text, roughly but safely for our examples
    text = re.sub(r"\$([A-Za-z_]*)\$.*?\$\1\$", "''", text, flags=re.S)
    text = re.sub(r"'(?:[^']|'')*'", "''", text)
    text = re.sub(r"--[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    rest = [l.strip() for l in text.split("\n") if l.strip()]
    if not rest:
        return False
    last = rest[-1]
    return not (last.endswith(";") or last.startswith("\\"))


def norm(text_lines):
    out = [l.rstrip() for l in text_lines]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def run(path, blocks):
    script = ["\\set ON_ERROR_STOP 0", "\\set SHOW_CONTEXT never", "\\pset pager off"]
    for k, b in enumerate(blocks):
        if b.skip:
            continue
        script.append("\\echo '%s'" % (MARK % k))
        script.extend(b.body)
    script.append("\\echo '%s'" % (MARK % len(blocks)))
    p = subprocess.run(["psql", "-X", "-q"], input="\n".join(script) + "\n",
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, timeout=600)
    out = {}
    cur = None
    for line in p.stdout.split("\n"):
        m = re.match(r"^<<<docs-block (\d+)>>>$", line)
        if m:
            cur = int(m.group(1))
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
        elif line.strip():
            out.setdefault(-1, []).append(line)
    return out


def slug(heading):
    """GitHub's anchor of a heading."""
    h = heading.strip().lower()
    h = re.sub(r"[^\w\- ]", "", h)
    return h.replace(" ", "-")


def anchors(path):
    found, seen, fence = set(), {}, None
    for line in open(path, encoding="utf-8").read().split("\n"):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(2)
            elif line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if fence is None:
            h = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if h:
                a = slug(h.group(1))
                if a in seen:
                    seen[a] += 1
                    a = "%s-%d" % (a, seen[a])
                else:
                    seen[a] = 0
                found.add(a)
            for m2 in re.finditer(r'<a\s+(?:name|id)="([^"]+)"', line):
                found.add(m2.group(1))
    return found


def links(paths):
    """Every relative link points to an existing file (and heading)."""
    npass = nfail = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        # links outside code: drop fenced blocks and inline code first
        text = re.sub(r"(?ms)^\s*(`{3,}|~{3,}).*?^\s*\1\s*$", "", text)
        text = re.sub(r"`[^`\n]*`", "", text)
        bad = []
        for m in re.finditer(r"\]\(([^)\s]+)\)", text):
            target = m.group(1)
            if re.match(r"^[a-z]+:", target):
                continue            # http:, https:, mailto:
            file, _, frag = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
            if not os.path.exists(dest):
                bad.append("%s: no such file" % target)
            elif frag and dest.endswith(".md") and frag not in anchors(dest):
                bad.append("%s: no such heading in %s" % (target, dest))
        if bad:
            nfail += 1
            print("  FAIL  %s: links to missing files or headings:" % path)
            print("\n".join("        " + b for b in bad))
        else:
            npass += 1
            print("  ok    %s: every link resolves" % path)
    return npass, nfail


def self_test():
    """The parser on hand-made pages: what it must accept and refuse."""
    F = "`" * 3
    cases = [
        # (name, page, expected number of run blocks, of expected outputs, error substring or None)
        ("a query and its output", [F + "sql", "SELECT 1;", F, "", F, " x", F], 1, 1, None),
        ("output after blank lines", [F + "sql", "SELECT 1;", F, "", "", F, "x", F], 1, 1, None),
        ("text between query and plain block", [F + "sql", "SELECT 1;", F, "words", F, "x", F], 1, 0,
         "does not follow a"),
        ("an indented block in a list item", ["* item", "  " + F + "sql", "  SELECT 1;", "  " + F,
                                              "  " + F, "   x", "  " + F], 1, 1, None),
        ("nested fences: a longer fence holds a shorter one",
         [F + "`markdown", F + "sql", "SELECT 1;", F, F + "`", F + "sql", "SELECT 2;", F], 1, 0, None),
        ("tilde fences", ["~~~sql", "SELECT 1;", "~~~"], 1, 0, None),
        ("unterminated fence", [F + "sql", "SELECT 1;"], 0, 0, "unterminated"),
        ("orphan plain block", ["text", "", F, "x", F], 0, 0, "does not follow a"),
        ("unknown language", [F + "sqll", "SELECT 1;", F], 0, 0, "unknown language"),
        ("not-run comment before a shown block", ["<!-- not run: x -->", F + "sh", "ls", F], 0, 0,
         "only ```sql blocks are run"),
        ("not-run comment with nothing after it", ["<!-- not run: x -->", "text"], 0, 0,
         "not followed by a"),
        ("not-run comment before a query", ["<!-- not run: pg_cron -->", "", F + "sql", "SELECT 1;", F],
         1, 0, None),
        ("shown languages are not run", [F + "sh", "ls", F, F + "text", "x", F, F + "json", "{}", F],
         0, 0, None),
        ("two output blocks in a row", [F + "sql", "SELECT 1;", F, F, "x", F, F, "y", F], 1, 1,
         "does not follow a"),
    ]
    npass = nfail = 0
    for name, page, nrun, nexp, err in cases:
        blocks, errors = parse("case", page)
        ok = (len(blocks) == nrun and sum(1 for b in blocks if b.expect) == nexp) if err is None or nrun else True
        if err is None:
            ok = ok and not errors
        else:
            ok = any(err in e for e in errors)
        if name == "not-run comment before a query":
            ok = ok and blocks[0].skip == "pg_cron"
        if name == "an indented block in a list item":
            ok = ok and blocks[0].body == ["SELECT 1;"] and blocks[0].expect.body == [" x"]
        print("  %s  parser: %s" % ("ok  " if ok else "FAIL", name))
        npass, nfail = npass + ok, nfail + (not ok)
    for name, body, want in [("semicolon present", ["SELECT 1;"], False),
                             ("semicolon missing", ["SELECT 1"], True),
                             ("semicolon inside a comment only", ["SELECT 1 -- ;"], True),
                             ("a meta-command last", ["SELECT 1;", "\\x off"], False),
                             ("semicolon in a string only", ["SELECT ';'"], True)]:
        ok = unterminated(body) == want
        print("  %s  parser: %s" % ("ok  " if ok else "FAIL", name))
        npass, nfail = npass + ok, nfail + (not ok)
    print("docs-parser: %d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


def main(argv):
    update = False
    if argv and argv[0] == "--self-test":
        return self_test()
    if argv and argv[0] == "--links":
        npass, nfail = links(argv[1:])
        print("docs-links: %d passed, %d failed" % (npass, nfail))
        return 0 if nfail == 0 else 1
    if argv and argv[0] == "--update":
        update, argv = True, argv[1:]
    npass = nfail = nskip = 0
    for path in argv:
        lines = open(path, encoding="utf-8").read().split("\n")
        blocks, errors = parse(path, lines)
        for e in errors:
            print("  FAIL  " + e)
            nfail += 1
        if errors:
            continue
        for b in blocks:
            if not b.skip and unterminated(b.body):
                print("  FAIL  %s:%d: the block's last statement has no semicolon" % (path, b.start))
                nfail += 1
                b.skip = "unterminated"
        if not any(not b.skip for b in blocks):
            continue
        out = run(path, blocks)
        if -1 in out:
            print("  FAIL  %s: output before the first block:" % path)
            print("\n".join("        " + l for l in out[-1]))
            nfail += 1
        if len(blocks) not in out:
            print("  FAIL  %s: the psql session did not reach the end of the file" % path)
            nfail += 1
        replace = []
        for k, b in enumerate(blocks):
            where = "%s:%d" % (path, b.start)
            if b.skip:
                if b.skip != "unterminated":
                    print("  skip  %s (not run: %s)" % (where, b.skip))
                    nskip += 1
                continue
            got = norm(out.get(k, []))
            if b.expect is None:
                errs = [l for l in got if re.match(r"^(ERROR|FATAL|PANIC):", l)]
                if errs:
                    print("  FAIL  %s: an error, and no output block showing it:" % where)
                    print("\n".join("        " + l for l in errs[:5]))
                    nfail += 1
                else:
                    print("  ok    %s (runs)" % where)
                    npass += 1
                continue
            want = norm(b.expect.body)
            if got == want:
                print("  ok    %s (output as shown)" % where)
                npass += 1
            else:
                print("  FAIL  %s: output differs from the block at line %d" % (where, b.expect.start))
                for l in difflib.unified_diff(want, got, "shown", "produced", lineterm="", n=2):
                    print("        " + l)
                nfail += 1
                replace.append((b.expect, got))
        if update and replace:
            for e, got in sorted(replace, key=lambda r: -r[0].start):
                pad = " " * e.indent
                lines[e.start:e.end - 1] = [(pad + l).rstrip() for l in got]
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
            print("  (updated %d output blocks of %s)" % (len(replace), path))
    if nskip:
        print("  (%d blocks marked not run)" % nskip)
    print("docs: %d passed, %d failed" % (npass, nfail))
    return 0 if nfail == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
