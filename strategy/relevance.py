"""Whether a research finding bears on a subtype: by keys only, never by names.

A finding names one region of the case (or none: national) and one mineral code (or none: all
minerals); a subtype names its regions and its mineral codes. The answer is the same in every
language and whatever the spelling, because no label or typed name is compared.
"""

from __future__ import annotations


def region_ids(subtype) -> frozenset[int]:
    """The ids of the subtype's regions, read once per subtype object (prefetched rows are used
    when the subtype came with them)."""
    cached = getattr(subtype, "_relevance_region_ids", None)
    if cached is None:
        prefetched = getattr(subtype, "_prefetched_objects_cache", {}).get("regions")
        if prefetched is not None:
            cached = frozenset(region.pk for region in prefetched)
        elif subtype.pk is None:
            cached = frozenset()
        else:
            cached = frozenset(subtype.regions.values_list("pk", flat=True))
        subtype._relevance_region_ids = cached
    return cached


def bears_on_subtype(finding, subtype) -> bool:
    """A finding bears on a subtype when both its region and its mineral fit:

    * region: a national finding (no region) fits every subtype; a regional one fits a subtype
      in that region, or a subtype whose regions are not given (it is not narrowed down yet);
    * mineral: a finding about all minerals (no code) fits every subtype; one about a mineral
      fits a subtype that names that mineral code, or one whose minerals are not given.
    """
    if finding.region_id is not None:
        ids = region_ids(subtype)
        if ids and finding.region_id not in ids:
            return False
    if finding.mineral:
        minerals = subtype.minerals or []
        if minerals and finding.mineral not in minerals:
            return False
    return True
