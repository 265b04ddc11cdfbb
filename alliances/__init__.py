"""alliances: cited membership data on alliances and intergovernmental organizations.

>>> import alliances
>>> "Kazakhstan" in alliances.overlap("CSTO", "OTS", on="2020-01-01")
True
"""


from . import plot
from .api import (
    articles,
    clear_cache,
    codes,
    connections,
    coverage,
    cross_check,
    history,
    in_region,
    load,
    members,
    memberships,
    office_holders,
    offices,
    overlap,
    overlap_periods,
    panel,
    passages,
    relations,
    resolve,
    table,
)
from .cited import Citation, Milestone, Source
from .covered import CoverageReport, OrganizationCoverage
from .crosswalk import Crosswalk
from .dataset import Dataset
from .dates import PartialDate, Period
from .entities import Entity, Organization, Person, Region, State
from .errors import AlliancesError, DataError, NotCoveredError, Problem, QueryError, UnknownNameError
from .evidence import Articles, Checks, ClaimCheck, Passages
from .facts import Claim, Event, Relation, Term
from .history import Entry, Timeline
from .links import Link, Links, RegionStates, Terms
from .membership import Members, Standing
from .memberships import Periods, SharedPeriod, Spells
from .mentions import Passage
from .panels import Panel
from .spells import End, Qualifier, Spell, Start
from .vocabulary import Post, RelationKind, Role

__version__: str  # set when first read (below)


def __getattr__(name: str) -> str:
    # __version__ is read from the installed metadata when first asked for: importing
    # importlib.metadata costs more than the rest of a first question.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        global __version__
        try:
            __version__ = version("alliances")  # the one place it is written is pyproject.toml
        except PackageNotFoundError:  # imported from a checkout that was never installed
            __version__ = "0+unknown"
        return __version__
    raise AttributeError(f"module 'alliances' has no attribute {name!r}")

__all__ = [
    "AlliancesError",
    "Articles",
    "Checks",
    "Citation",
    "CoverageReport",
    "Crosswalk",
    "Claim",
    "ClaimCheck",
    "DataError",
    "Dataset",
    "End",
    "Entity",
    "Entry",
    "Event",
    "Link",
    "Links",
    "Members",
    "Milestone",
    "NotCoveredError",
    "OrganizationCoverage",
    "Organization",
    "Panel",
    "PartialDate",
    "Passage",
    "Passages",
    "Period",
    "Periods",
    "Person",
    "Post",
    "Problem",
    "Qualifier",
    "QueryError",
    "Region",
    "RegionStates",
    "Relation",
    "RelationKind",
    "Role",
    "SharedPeriod",
    "Source",
    "Spell",
    "Spells",
    "Standing",
    "Start",
    "State",
    "Term",
    "Terms",
    "Timeline",
    "UnknownNameError",
    "__version__",
    "articles",
    "clear_cache",
    "codes",
    "connections",
    "coverage",
    "cross_check",
    "history",
    "in_region",
    "load",
    "members",
    "memberships",
    "office_holders",
    "offices",
    "overlap",
    "overlap_periods",
    "panel",
    "passages",
    "plot",
    "relations",
    "resolve",
    "table",
]
