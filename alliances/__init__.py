"""alliances: cited membership data on alliances and intergovernmental organizations.

>>> import alliances
>>> "Kazakhstan" in alliances.overlap("CSTO", "OTS", on="2020-01-01")
True
"""

from .api import clear_cache, history, load, members, memberships, overlap, overlap_periods, resolve
from .dataset import Dataset
from .dates import PartialDate, Period
from .errors import AlliancesError, DataError, Problem, QueryError, UnknownNameError
from .model import (
    Citation,
    End,
    Entity,
    Milestone,
    Organization,
    Qualifier,
    Role,
    Source,
    Spell,
    Start,
    State,
)
from .results import Event, Members, Periods, SharedPeriod, Spells, Standing, Timeline

__version__ = "0.1.0"

__all__ = [
    "AlliancesError",
    "Citation",
    "DataError",
    "Dataset",
    "End",
    "Entity",
    "Event",
    "Members",
    "Milestone",
    "Organization",
    "PartialDate",
    "Period",
    "Periods",
    "Problem",
    "Qualifier",
    "QueryError",
    "Role",
    "SharedPeriod",
    "Source",
    "Spell",
    "Spells",
    "Standing",
    "Start",
    "State",
    "Timeline",
    "UnknownNameError",
    "__version__",
    "clear_cache",
    "history",
    "load",
    "members",
    "memberships",
    "overlap",
    "overlap_periods",
    "resolve",
]
