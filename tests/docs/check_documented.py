#!/usr/bin/env python3
"""Lists every public name of the API reference that carries no documentation.

A second method next to Doxygen's own warnings, which miss two kinds of public names:
an empty class (`struct NoDrive {};`: Doxygen 1.9 reports no undocumented compound
without members) and the members of an undocumented namespace in a header without a
\file comment (Doxygen reports a member only when its namespace or its file is
documented). So the check runs Doxygen once more with GENERATE_XML = YES (the XML lists
documented and undocumented names alike; the configuration is otherwise the same) and
reads it here: every namespace, class, struct and union, and every public or protected
member of them (and every macro of a header), must have a brief or a detailed
description. The exclusions are the configuration's (EXCLUDE, EXCLUDE_SYMBOLS: the detail
namespaces); private members are not API. Like Doxygen's own warnings, it does not
require enumerators or defaulted and deleted special members (`= default`, `= delete`).

usage: check_documented.py <doxygen xml dir>   (exit 1 and one line per name when any)
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

COMPOUNDS = {"namespace", "class", "struct", "union"}


def described(element):
    return any(
        (element.find(tag) is not None and "".join(element.find(tag).itertext()).strip())
        for tag in ("briefdescription", "detaileddescription", "inbodydescription"))


def where(element):
    loc = element.find("location")
    if loc is None:
        return "?"
    return "%s:%s" % (loc.get("file", "?"), loc.get("line", "?"))


def main(xml_dir):
    files = sorted(glob.glob(os.path.join(xml_dir, "*.xml")))
    if not any(os.path.basename(f) == "index.xml" for f in files):
        print("check_documented.py: no Doxygen XML in %s" % xml_dir)
        return 2
    missing = []
    for path in files:
        if os.path.basename(path) in ("index.xml", "Doxyfile.xml"):
            continue
        for compound in ET.parse(path).getroot().iter("compounddef"):
            kind = compound.get("kind")
            name = compound.findtext("compoundname", "?")
            if compound.get("prot") == "private":
                continue  # a private nested class: not API
            if kind in COMPOUNDS:
                if not described(compound):
                    missing.append("%s: %s %s" % (where(compound), kind, name))
                wanted = None  # every member kind
            elif kind == "file":
                wanted = {"define"}  # namespace members are checked in their namespace
            else:
                continue
            for member in compound.iter("memberdef"):
                if member.get("prot") == "private":
                    continue
                if wanted is not None and member.get("kind") not in wanted:
                    continue
                args = (member.findtext("argsstring") or "").replace(" ", "")
                if args.endswith("=default") or args.endswith("=delete"):
                    continue  # defaulted or deleted special members say what they are
                if not described(member):
                    missing.append("%s: %s %s::%s" % (where(member), member.get("kind"), name,
                                                       member.findtext("name", "?")))
    for line in sorted(set(missing)):
        print("undocumented: " + line)
    if missing:
        print("%d public names without documentation" % len(set(missing)))
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
