"""Reading the public pages' HTML in tests: the bars, the marker and the tables, without a browser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        for element in self.stack[1:]:
            element.text += data


class Page:
    """A parsed page with finders for what the tests look at."""

    def __init__(self, html: str) -> None:
        builder = _Builder()
        builder.feed(html)
        self.root = builder.root

    def find_all(
        self, tag: str | None = None, *, css: str | None = None, within: Element | None = None, **attrs: str
    ) -> list[Element]:
        """Elements with this tag, class and attributes (`data_spell` for `data-spell`), in document order."""
        found: list[Element] = []

        def walk(element: Element) -> None:
            for child in element.children:
                if (
                    (tag is None or child.tag == tag)
                    and (css is None or css in child.classes)
                    and all(child.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())
                ):
                    found.append(child)
                walk(child)

        walk(within or self.root)
        return found

    def find(self, tag: str | None = None, *, css: str | None = None, **attrs: str) -> Element:
        found = self.find_all(tag, css=css, **attrs)
        assert found, f"no {tag or ''}.{css or ''} {attrs} on the page"
        return found[0]

    @property
    def main_text(self) -> str:
        """The words of the page's main content, with white space collapsed."""
        return " ".join(self.find("main").text.split())

    def bars(self) -> list[Element]:
        """The bar links of the timeline, one per spell."""
        return self.find_all("a", css="bar-link")

    def bar(self, spell_id: int) -> Element:
        return self.find("a", css="bar-link", data_spell=str(spell_id))

    def bar_rect(self, spell_id: int) -> Element:
        return next(child for child in self.bar(spell_id).children if "bar" in child.classes)

    def bar_title(self, spell_id: int) -> str:
        return next(child.text for child in self.bar(spell_id).children if child.tag == "title").strip()

    def marker(self) -> Element | None:
        markers = self.find_all("g", css="marker")
        return markers[0] if markers else None

    def table_column(self, table_class: str, column: int) -> list[str]:
        """The text of one column of a table's body rows."""
        table = self.find("table", css=table_class)
        body = next(child for child in table.children if child.tag == "tbody")
        cells = []
        for row in body.children:
            if row.tag == "tr":
                columns = [child for child in row.children if child.tag in ("td", "th")]
                cells.append(" ".join(columns[column].text.split()))
        return cells


def percent(value: str) -> float:
    return float(value.rstrip("%"))
