"""Company, domain and person names: the word lists and the drawing of unique name codes.

Names are drawn as integer codes into these word lists (first word, second word, qualifier,
repeat cycle, top-level domain, legal suffix); the writer turns the codes into strings in
SQL (``leadscore/demo/writer.py``).
"""

from __future__ import annotations

import numpy as np

from leadscore.demo.sampling import Columns
from leadscore.demo.vocabulary import COUNTRIES, COUNTRY_CODES, INDUSTRIES


def _words(text: str) -> tuple[str, ...]:
    """Whitespace-separated words, duplicates dropped, order kept."""
    return tuple(dict.fromkeys(text.split()))


LEGAL_SUFFIX_BY_COUNTRY = {
    "US": (" Inc.", " LLC", " Corp."),
    "CA": (" Inc.", " Ltd."),
    "GB": (" Ltd",),
    "IE": (" Ltd",),
    "DE": (" GmbH", " AG"),
    "CH": (" AG", " GmbH"),
    "FR": (" SAS", " SA"),
    "NL": (" B.V.",),
    "BE": (" NV",),
    "AU": (" Pty Ltd",),
    "NZ": (" Ltd",),
    "IN": (" Pvt Ltd",),
    "BR": (" Ltda.",),
    "SE": (" AB",),
    "DK": (" A/S",),
    "NO": (" AS",),
}
LEGAL_SUFFIXES = tuple(sorted({s for v in LEGAL_SUFFIX_BY_COUNTRY.values() for s in v}))
TLDS = tuple(
    dict.fromkeys(
        (".com", ".io", ".ai", ".co", ".net", ".org", ".gov", ".edu", *(t for _, _, t in COUNTRIES))
    )
)

# Company-name parts. The second word depends on the industry; the word lists of different
# industries are disjoint, so (industry, first, second, qualifier, cycle) gives a unique
# hyphenated domain such as "northwind-analytics.com".
NAME_FIRST = _words(
    """Northwind Bluepeak Ironwood Brightline Cedar Summit Harbor Granite Silverline
    Redwood Evergreen Keystone Lighthouse Meridian Pinnacle Riverstone Sterling Trident
    Vanguard Willow Apex Atlas Aurora Beacon Boulder Cascade Cobalt Copper Crescent Crimson
    Delta Eagle Echo Ember Falcon Fjord Foxglove Frontier Galaxy Garnet Glacier Golden
    Harvest Hawthorn Horizon Indigo Iris Jasper Juniper Kestrel Lakeside Lark Linden Lumen
    Maple Marble Meadow Mesa Monarch Nimbus Noble Nova Oakridge Onyx Orchid Osprey Pacific
    Paragon Pebble Peregrine Pinecrest Pioneer Polaris Prairie Quarry Quartz Radiant Raven
    Ridgeline Rook Sable Saffron Sage Sapphire Sequoia Shoreline Sierra Solstice Sparrow
    Spruce Starling Stonebridge Sunrise Tamarack Tidewater Timber Topaz Tundra Twinbrook
    Umber Upland Valleyview Vertex Violet Vista Westbrook Whitestone Wildflower Windmill
    Zenith Acorn Alder Amber Anchor Arbor Argent Ashford Aspen Azure Basalt Bayside Birch
    Blackstone Bramble Brookside Canyon Cardinal Carbonite Castlerock Chestnut Cinder
    Clover Coral Covepoint Crestview Cypress Daybreak Driftwood Dune Elmstead Emerald Fern
    Fieldstone Firefly Flint Forgeworth Foxhall Gale Greenleaf Grove Halcyon Heron Highland
    Hollow Ivory Jetstream Kingfisher Lantern Larkspur Laurel Lodestar Magnolia Mariner
    Marlow Moonstone Mosaic Mulberry Nautilus Nightingale Northstar Oakmont Obsidian Orion
    Palisade Pathfinder Pelican Pemberton Quill Rainier Rampart Redstone Riverbend
    Rosewood Saltmarsh Sandstone Seabright Shepherd Skyline Slate Snowcap Sorrel Stillwater
    Stonehaven Sundial Sycamore Talon Thistle Thornbury Torrent Trailhead Truenorth Tupelo
    Verdant Waverly Wayfarer Wescott Whitfield Wildwood Windward Wren Yarrow Yellowstone
    Alpine Beaumont Blueridge Brightwater Calder Caraway Clearwater Coldspring Corbel
    Darrow Eastgate Elmhurst Fairhaven Fallbrook Glenmore Hadley Hartwell Kenwood Kingsley
    Lockwood Millbrook Newhaven Oakhurst Parkside Prescott Quayside Ravenwood Rockport"""
)
NAME_SECOND_BY_INDUSTRY = (
    ("Analytics", "Software", "Cloud", "Data", "Labs", "Systems", "Digital", "Logic",
     "Stack", "Apps", "AI", "Metrics"),
    ("Capital", "Financial", "Payments", "Bank", "Wealth", "Lending", "Insurance", "Credit",
     "Finance", "Assurance"),
    ("Health", "Medical", "Care", "Clinics", "Diagnostics", "Therapeutics", "Biotech",
     "Pharma", "Dental", "Genomics"),
    ("Manufacturing", "Industries", "Metals", "Machines", "Components", "Robotics",
     "Materials", "Fabrication", "Tools", "Plastics"),
    ("Retail", "Goods", "Outfitters", "Markets", "Brands", "Apparel", "Stores", "Supply",
     "Grocers", "Home"),
    ("Learning", "Academy", "Education", "Schools", "Institute", "Tutors", "Training",
     "College"),
    ("County", "City", "Authority", "Agency", "Department", "Council", "Commission",
     "Services"),
    ("Media", "Studios", "Press", "Publishing", "Broadcasting", "Films", "Radio", "Games",
     "News", "Records"),
    ("Consulting", "Advisory", "Partners", "Legal", "Accounting", "Associates", "Strategy",
     "Recruiting", "Consultants", "Staffing"),
    ("Foundation", "Trust", "Alliance", "Society", "Fund", "Coalition", "Initiative",
     "Relief", "Association", "Charities"),
    # Namespace 10: domains of unmatched signups (no account).
    ("Ventures", "Collective", "Company", "Hub", "Studio", "Works", "Enterprises", "Concepts",
     "Dynamics", "Innovations"),
)  # fmt: skip
UNMATCHED_NAMESPACE = len(INDUSTRIES)
NAME_QUALIFIERS = (  # index 0: no qualifier
    "", "Group", "Global", "International", "Holdings", "North", "West", "East", "South",
    "One", "Plus", "Pro", "Direct", "United", "America", "Europe", "Worldwide", "Central",
)  # fmt: skip
NAME_SECOND = tuple(w for ws in NAME_SECOND_BY_INDUSTRY for w in ws)
NAME_SECOND_OFFSET = np.cumsum([0] + [len(ws) for ws in NAME_SECOND_BY_INDUSTRY])

FIRST_NAMES = _words(
    """james mary john patricia robert jennifer michael linda william elizabeth david
    barbara richard susan joseph jessica thomas sarah charles karen christopher lisa daniel
    nancy matthew betty anthony sandra mark ashley donald kimberly steven emily paul donna
    andrew michelle joshua carol kevin amanda brian melissa george deborah timothy
    stephanie ryan rebecca jason laura jeffrey sharon gary cynthia nicholas kathleen eric
    amy jonathan angela stephen anna larry brenda justin emma scott olivia brandon ava
    benjamin sophia samuel isabella gregory mia alexander charlotte frank amelia patrick
    harper raymond evelyn jack abigail dennis ella jerry chloe tyler grace aaron zoe jose
    maria luis ana carlos sofia juan lucia diego valentina priya arjun ananya rahul wei
    li jun mei hiroshi yuki kenji sakura lukas lena felix hannah jonas lea noah mila liam
    freya oliver ingrid lars astrid pierre camille louis chloe mohammed fatima omar aisha
    ahmed leila kwame amara tunde ngozi ivan olga dmitri katya marco giulia luca chiara"""
)
LAST_NAMES = _words(
    """smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez
    lopez gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson
    white harris sanchez clark ramirez lewis robinson walker young allen king wright scott
    torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
    roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart
    morris morales murphy cook rogers gutierrez ortiz morgan cooper peterson bailey reed
    kelly howard ramos kim cox ward richardson watson brooks chavez wood james bennett gray
    mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
    powell jenkins perry russell sullivan bell coleman butler henderson barnes fisher
    vasquez simmons romero jordan patterson alexander hamilton graham reynolds griffin
    wallace west cole hayes bryant gibson ellis stevens murray ford marshall owens mcdonald
    harrison kennedy wells schmidt mueller schneider fischer weber meyer wagner becker
    schulz hoffmann dubois durand lefebvre moreau laurent rossi russo ferrari esposito
    bianchi romano colombo silva santos oliveira souza costa pereira sharma singh kumar
    gupta shah mehta iyer reddy wang zhang liu chen yang huang zhao wu zhou tanaka suzuki
    takahashi watanabe yamamoto nakamura kobayashi jansen devries bakker visser smit
    andersson johansson karlsson nilsson eriksson larsen hansen nielsen okafor mensah
    adeyemi okeke kowalski nowak wisniewski ivanov petrov smirnov obrien murphyjones
    byrne walsh ryan oconnor doyle mccarthy"""
)


def name_codes(
    rng: np.random.Generator, namespace: np.ndarray, rank: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Unique (first word, second word, qualifier, cycle) per (namespace, rank)."""
    n = len(namespace)
    first = np.zeros(n, dtype=np.int64)
    second = np.zeros(n, dtype=np.int64)
    tier = np.zeros(n, dtype=np.int64)
    for ns in range(len(NAME_SECOND_BY_INDUSTRY)):
        mask = namespace == ns
        n_second = len(NAME_SECOND_BY_INDUSTRY[ns])
        capacity = len(NAME_FIRST) * n_second
        perm = rng.permutation(capacity)
        combo = perm[rank[mask] % capacity]
        first[mask] = combo // n_second
        second[mask] = NAME_SECOND_OFFSET[ns] + combo % n_second
        tier[mask] = rank[mask] // capacity
    return first, second, tier % len(NAME_QUALIFIERS), tier // len(NAME_QUALIFIERS)


def _rank_within(groups: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """0-based position of each row among earlier rows of the same group."""
    order = np.argsort(groups, kind="stable")
    sorted_groups = groups[order]
    first_of_group = np.searchsorted(sorted_groups, sorted_groups, side="left")
    rank = np.empty(len(groups), dtype=np.int64)
    rank[order] = np.arange(len(groups)) - first_of_group
    if start is not None:
        rank += start[groups]
    return rank


def company_names(
    rng: np.random.Generator, industry: np.ndarray, country: np.ndarray, n_real: int, n_all: int
) -> Columns:
    first, second, qualifier, cycle = name_codes(rng, industry, _rank_within(industry))
    tld = np.full(n_all, TLDS.index(".com"))
    u = rng.random(n_all)
    local_tld = np.array([TLDS.index(t) for _, _, t in COUNTRIES])[country]
    tld = np.where((country != 0) & (u < 0.55), local_tld, tld)
    software = industry == INDUSTRIES.index("software")
    tld = np.where(software & (u >= 0.55) & (u < 0.72), TLDS.index(".io"), tld)
    tld = np.where(software & (u >= 0.72) & (u < 0.77), TLDS.index(".ai"), tld)
    tld = np.where((industry == INDUSTRIES.index("nonprofit")) & (u < 0.8), TLDS.index(".org"), tld)
    us = country == 0
    tld = np.where((industry == INDUSTRIES.index("government")) & us, TLDS.index(".gov"), tld)
    tld = np.where(
        (industry == INDUSTRIES.index("education")) & us & (u < 0.7), TLDS.index(".edu"), tld
    )
    # Legal suffixes in the display name only (not for public-sector or nonprofit accounts).
    suffix = np.full(n_all, -1)
    commercial = ~np.isin(
        industry, [INDUSTRIES.index(i) for i in ("government", "education", "nonprofit")]
    )
    pick = rng.random(n_all)
    for c, options in LEGAL_SUFFIX_BY_COUNTRY.items():
        mask = (country == COUNTRY_CODES.index(c)) & commercial & (pick < 0.35)
        choice = np.minimum((pick[mask] / 0.35 * len(options)).astype(np.int64), len(options) - 1)
        suffix[mask] = np.array([LEGAL_SUFFIXES.index(s) for s in options])[choice]
    qualifier = qualifier.copy()
    # Competitors (rows n_real..) have fixed names and domains.
    for arr in (first, second, cycle, tld, suffix):
        arr[n_real:] = -1
    qualifier[n_real:] = 0
    return {
        "name_first": first,
        "name_second": second,
        "name_qualifier": qualifier,
        "name_cycle": cycle,
        "tld": tld,
        "legal_suffix": suffix,
    }
