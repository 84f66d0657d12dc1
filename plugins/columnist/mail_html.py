"""What a mail client may be handed of a column's HTML: no code, and no address outside the URL policy.

Markdown lets a column hold raw HTML; on the site that is the author's own page, but an
email edition goes to every reader's mail client. Everything that could run or fetch from
elsewhere goes: scripts, styles, frames, forms, SVG animations (which can set a link's
address), event handlers, and every address that is not a web or mail address or a path,
wherever HTML or SVG takes one (``href``, ``src``, ``background``, ``formaction``,
``xlink:href``, a ``url()`` in a ``style``...).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from columnist.urls import is_allowed

UNSAFE_ELEMENTS = frozenset(
    {
        "script", "noscript", "style", "link", "meta", "base", "iframe", "frame", "frameset", "object",
        "embed", "applet", "form", "input", "button", "textarea", "select",
        # SVG animations can give an element a new address ("values", "to") once it is shown.
        "animate", "set", "animatemotion", "animatetransform", "handler", "listener",
    }
)  # fmt: skip
#: The attributes that hold an address, in HTML and SVG.
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "background", "formaction", "action", "poster", "data", "cite", "longdesc",
        "ping", "codebase", "manifest", "dynsrc", "lowsrc", "icon", "xlink:href", "xml:base",
    }
)  # fmt: skip
_CSS_URL = re.compile(r"url\s*\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_CSS_CODE = re.compile(r"expression\s*\(|behavior\s*:|-moz-binding|@import|javascript:", re.IGNORECASE)


def clean(holder: lxml.html.HtmlElement) -> None:
    """Take out of ``holder`` everything a mail client must not be handed (see the module's docstring).

    >>> holder = lxml.html.fragment_fromstring(
    ...     '<p style="background:url(javascript:x)">a</p><a href="javascript:x" title="t">b</a>'
    ...     '<svg><a xlink:href="javascript:x"><animate attributeName="href" values="javascript:x"/>c</a>'
    ...     "</svg>",
    ...     create_parent="div")
    >>> clean(holder); lxml.html.tostring(holder, encoding="unicode")
    '<div><p>a</p>b<svg>c</svg></div>'
    """
    for node in list(holder.iter(etree.Element)):
        if _name(node.tag) in UNSAFE_ELEMENTS:
            node.drop_tree()
    for comment in list(holder.iter(etree.Comment, etree.ProcessingInstruction)):
        comment.drop_tree()
    for node in list(holder.iter(etree.Element)):
        dropped_link = False
        for name, value in list(node.attrib.items()):
            key = _name(name)
            if key.startswith("on") or key == "srcset" or (key == "style" and not _safe_style(value)):
                del node.attrib[name]
            elif (key in URL_ATTRIBUTES or key.endswith(":href")) and not is_allowed(value):
                del node.attrib[name]
                dropped_link = dropped_link or key in ("href", "xlink:href")
        if dropped_link and _name(node.tag) == "a" and node.getparent() is not None:
            node.drop_tag()  # its words stay, as text


def _name(tag: object) -> str:
    """A tag's or attribute's name in lower case, without the namespace lxml may put before it."""
    text = str(tag).lower()
    if text.startswith("{http://www.w3.org/1999/xlink}"):
        return "xlink:" + text.split("}", 1)[1]
    return text.split("}", 1)[-1]


def _safe_style(style: str) -> bool:
    """A ``style`` holds no code and no ``url()`` outside the URL policy.

    >>> _safe_style("color: red"), _safe_style("background: url('https://a.org/x.png')")
    (True, True)
    >>> _safe_style("background: url(javascript:alert(1))"), _safe_style("width: expression(alert(1))")
    (False, False)
    """
    if _CSS_CODE.search(style):
        return False
    return all(is_allowed(match.group(2)) for match in _CSS_URL.finditer(style))
