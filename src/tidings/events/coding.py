"""Codes attached to events: default CAMEO code per PLOVER type and Goldstein-style scores.

Why: analysts compare with GDELT and PETRARCH output, which speak CAMEO and weigh events on
the Goldstein conflict–cooperation scale (−10 … +10). The scale values are the published
Goldstein (1992) weights of the CAMEO root codes, averaged where a root has several.
"""

from __future__ import annotations

from tidings.model import PloverType

#: A representative CAMEO code for each PLOVER type, used when a trigger row gives none
#: (from PLOVER's CAMEO2PLOVER-2021 crosswalk, the most common code of each type).
DEFAULT_CAMEO: dict[PloverType, str] = {
    PloverType.AGREE: "030",
    PloverType.CONSULT: "040",
    PloverType.SUPPORT: "050",
    PloverType.COOPERATE: "060",
    PloverType.AID: "070",
    PloverType.CONCEDE: "080",
    PloverType.RETREAT: "087",
    PloverType.REQUEST: "020",
    PloverType.ACCUSE: "112",
    PloverType.REJECT: "120",
    PloverType.THREATEN: "130",
    PloverType.PROTEST: "140",
    PloverType.MOBILIZE: "150",
    PloverType.SANCTION: "160",
    PloverType.COERCE: "170",
    PloverType.ASSAULT: "190",
}

#: Goldstein weights by CAMEO root code (first two digits).
GOLDSTEIN_BY_ROOT: dict[str, float] = {
    "01": 0.0,
    "02": 3.0,
    "03": 4.0,
    "04": 1.0,
    "05": 3.5,
    "06": 6.0,
    "07": 7.0,
    "08": 5.0,
    "09": -2.0,
    "10": -5.0,
    "11": -2.0,
    "12": -4.0,
    "13": -6.0,
    "14": -6.5,
    "15": -7.2,
    "16": -4.0,
    "17": -7.0,
    "18": -9.0,
    "19": -10.0,
    "20": -10.0,
}


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein score of a CAMEO code, or None when the code is unknown."""
    if not cameo:
        return None
    return GOLDSTEIN_BY_ROOT.get(cameo[:2])
