"""Word 97-2003 (.doc): the format the National Laws and Regulations Database still serves for
some older texts. Read through antiword (Debian package `antiword`), one paragraph per line;
without it the file is skipped with a reason that says what to install, never read as noise.
catdoc was tried too and left out: on a plain Unicode Word 97 file it decoded some passages
as 8-bit text (three articles of the Cybersecurity Law turned into noise), where antiword read
every article.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from .cleanup import mark_title, normalise_chars
from .text import LoadedText, UnreadableDocument, sniff_binary

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Converters in the order tried, with the arguments for UTF-8 output and no line wrapping.
CONVERTERS = (("antiword", ("-m", "UTF-8.txt", "-w", "0")),)
_TIMEOUT_S = 60
NO_CONVERTER = ("an old Word 97-2003 (.doc) file and no converter is installed: install antiword "
                "(Debian/Ubuntu: apt-get install antiword; `make install` does) or save it as .docx")


def load(path: Path) -> LoadedText:
    head = path.read_bytes()[:8]
    if not head.startswith(_OLE):
        kind = sniff_binary(head)
        if kind and kind.startswith("a ZIP"):
            raise UnreadableDocument("a DOCX file with a .doc name; rename it to .docx")
        raise UnreadableDocument(f"not a Word 97-2003 file ({kind or 'no Word signature'})")
    problems: list[str] = []
    for name, arguments in CONVERTERS:
        program = shutil.which(name)
        if program is None:
            continue
        try:
            done = subprocess.run([program, *arguments, str(path)], capture_output=True, timeout=_TIMEOUT_S,
                                  check=False)
        except subprocess.TimeoutExpired:
            problems.append(f"{name} took over {_TIMEOUT_S} s")
            continue
        text = done.stdout.decode("utf-8", errors="replace")
        if done.returncode == 0 and text.strip():
            lines = [" ".join(normalise_chars(line).split()) for line in text.splitlines()]
            return LoadedText(text=mark_title("\n".join(line for line in lines if line)), meta={}, format="doc")
        reason = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        problems.append(f"{name}: {reason[0] if reason else f'exit status {done.returncode}, no text'}")
    if not problems:
        raise UnreadableDocument(NO_CONVERTER)
    raise UnreadableDocument(f"an old Word 97-2003 (.doc) file that could not be read ({'; '.join(problems)}); "
                             "save it as .docx")
