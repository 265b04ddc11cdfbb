"""alliances: cited membership data on alliances and intergovernmental organizations.

>>> import alliances
>>> "Kazakhstan" in alliances.overlap("CSTO", "OTS", on="2020-01-01")
True
"""

from .api import (
    articles,
    clear_cache,
    connections,
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
    passages,
    relations,
    resolve,
)
from .dataset import Dataset
from .dates import PartialDate, Period
from .errors import AlliancesError, DataError, Problem, QueryError, UnknownNameError
from .model import (
    Citation,
    End,
    Entity,
    Milestone,
    Organization,
    Person,
    Qualifier,
    Region,
    Role,
    Source,
    Spell,
    Start,
    State,
)
from .evidence import Passage
from .relation_results import Articles, Checks, ClaimCheck, Link, Links, Passages, RegionStates, Terms
from .relations import Claim, Event, Post, Relation, RelationKind, Term
from .results import Entry, Members, Periods, SharedPeriod, Spells, Standing, Timeline

__version__ = "0.1.0"

__all__ = [
    "AlliancesError",
    "Articles",
    "Checks",
    "Citation",
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
    "Organization",
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
    "connections",
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
    "passages",
    "relations",
    "resolve",
]
