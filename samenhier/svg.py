"""What every chart the server draws needs before a page shows it."""

from xml.sax.saxutils import escape


def accessible_svg(svg: str, *, title: str, description: str) -> str:
    """The SVG from its root element on (matplotlib's XML prologue and doctype dropped), named
    as an image with a title and a description that assistive technology reads."""
    start = svg.index("<svg")
    end = svg.index(">", start)
    return (
        svg[start:end]
        + ' role="img" aria-labelledby="chart-title chart-desc">'
        + f'<title id="chart-title">{escape(title)}</title>'
        + f'<desc id="chart-desc">{escape(description)}</desc>'
        + svg[end + 1 :]
    )
