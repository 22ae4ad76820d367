"""The document's own description: the Info dictionary and the XMP packet.

Writers fill both, from different sources (Word's title, a DMS's description), and a reader
sees either in the file's properties, so both are read; a value in both is reported once.
"""
from __future__ import annotations

from lxml import etree

INFO_KEYS = ("title", "subject", "keywords", "author", "creator")
# XMP properties people write into, not tool or date stamps (xmp:CreatorTool, pdf:Producer).
XMP_PROPERTIES = {
    "http://purl.org/dc/elements/1.1/": ("title", "description", "subject", "creator", "rights"),
    "http://ns.adobe.com/pdf/1.3/": ("Keywords",),
    "http://ns.adobe.com/photoshop/1.0/": ("Headline", "CaptionWriter", "Instructions"),
}
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
# A hostile packet must not make the parser fetch, expand or recurse without bound.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          remove_comments=True)


def metadata_texts(doc) -> tuple[list[str], list[str]]:
    """Every metadata value a person wrote, in Info-then-XMP order, and read errors."""
    values = [(doc.metadata or {}).get(key) or "" for key in INFO_KEYS]
    errors = []
    try:
        packet = doc.get_xml_metadata()
    except Exception as exc:  # MuPDF error on a broken metadata stream
        packet, errors = "", [f"XMP metadata cannot be read ({exc})"]
    if packet.strip():
        try:
            values += _xmp_values(packet)
        except etree.XMLSyntaxError as exc:
            errors.append(f"XMP metadata is not well-formed XML ({exc})")
    return list(dict.fromkeys(v.strip() for v in values if v.strip())), errors


def _xmp_values(packet: str) -> list[str]:
    root = etree.fromstring(packet.encode("utf-8"), _PARSER)
    wanted = {f"{{{ns}}}{name}" for ns, names in XMP_PROPERTIES.items() for name in names}
    values = []
    for description in root.iter(f"{_RDF}Description"):
        # Simple properties may be written as attributes of rdf:Description.
        values += [value for attr, value in description.attrib.items() if attr in wanted]
        for prop in description:
            if prop.tag in wanted:
                # Languages (rdf:Alt), authors (rdf:Seq) and keywords (rdf:Bag) are lists.
                items = prop.findall(f".//{_RDF}li")
                values += ["".join(li.itertext()) for li in items] or ["".join(prop.itertext())]
    return values
