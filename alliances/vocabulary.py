"""Every closed vocabulary of the data: the words a record may use for a role, a date's meaning,
a post or a relation. An unknown word is a validation error that lists the known ones.
"""

from __future__ import annotations

import re
from enum import Enum


class Role(str, Enum):
    """The standing of a member in an organization."""

    MEMBER = "member"
    OBSERVER = "observer"
    ASSOCIATE = "associate"
    PARTNER = "partner"
    DIALOGUE_PARTNER = "dialogue-partner"  # the SCO's category below observer (2009-2025)
    PARTICIPANT = "participant"  # takes part without full membership (a CIS founder that never ratified its Charter)
    CANDIDATE = "candidate"  # an applicant the organization has accepted as a candidate (the EU)

    def __str__(self) -> str:
        return self.value


class StartKind(str, Enum):
    """How a spell began."""

    FOUNDING = "founding"  # party to the founding instrument from its signature
    ACCESSION = "accession"  # joined an existing instrument or organization
    RETURN = "return"  # joined again after an earlier spell ended
    GRANT = "grant"  # a status (observer, partner) granted by the organization
    SUCCESSION = "succession"  # took over a predecessor's seat

    def __str__(self) -> str:
        return self.value


class EndKind(str, Enum):
    """How a spell ended."""

    WITHDRAWAL = "withdrawal"
    NON_RENEWAL = "non-renewal"  # did not join the renewal of a fixed-term treaty
    SUSPENSION = "suspension"  # membership suspended by the member or the organization
    EXPULSION = "expulsion"
    UPGRADE = "upgrade"  # status replaced by a higher one (observer to member)
    RECLASSIFICATION = "reclassification"  # the organization replaced the category itself (the SCO's 2025 reform)
    CEASED_TO_EXIST = "ceased-to-exist"  # the member state itself ended (dissolved, or merged into another)
    SUCCEEDED = "succeeded"  # the seat passed to a successor (the Byelorussian SSR's to Belarus)
    DISSOLUTION = "dissolution"

    def __str__(self) -> str:
        return self.value


class QualifierKind(str, Enum):
    """A standing condition inside a spell that does not end it."""

    FROZEN = "frozen"  # the member stops taking part, by its own decision, but stays a member
    SUSPENDED = "suspended"  # the organization suspended the member's rights, and the member stays one
    PARTIAL = "partial"  # takes part in only some of the organization's bodies (France outside NATO's integrated command)

    def __str__(self) -> str:
        return self.value


class DateMeaning(str, Enum):
    """What another date recorded beside a fact's date stands for."""

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ENTRY_INTO_FORCE = "entry-into-force"
    DECISION = "decision"
    ANNOUNCEMENT = "announcement"
    NOTIFICATION = "notification"
    APPLICATION = "application"  # a state applied to join
    DEPOSIT = "deposit"  # an instrument (of ratification, of accession) was deposited
    REFERENDUM = "referendum"
    DECLARATION = "declaration"  # a declaration that preceded the act itself (of sovereignty, of independence)
    REPORTED = "reported"  # another source gives another date for the same fact

    def __str__(self) -> str:
        return self.value


class SourceKind(str, Enum):
    ARTICLE = "article"  # full text kept in seeds/, cited by verbatim quote
    WEB = "web"  # a public page known by its address
    TREATY = "treaty"
    LAW = "law"  # a state's own legal act (a declaration or law of independence)
    DATASET = "dataset"

    def __str__(self) -> str:
        return self.value


class RegionStandard(str, Enum):
    """The standard a region's list of states follows."""

    UN_M49 = "UN M49"  # the UN Statistics Division's geographic regions
    CUSTOMARY = "customary"  # a name in common use with no standard list (South Caucasus)

    def __str__(self) -> str:
        return self.value


class Post(str, Enum):
    """An office within an organization."""

    SECRETARY_GENERAL = "secretary-general"  # head of the secretariat
    CHAIR = "chair"  # the rotating chairmanship of the organization's highest body

    def __str__(self) -> str:
        return self.value


# Other words users write for a post, after folding case, spaces and underscores to hyphens.
_POST_WORDS = {"chairmanship": Post.CHAIR, "chairman": Post.CHAIR, "chairperson": Post.CHAIR,
               "presidency": Post.CHAIR, "sg": Post.SECRETARY_GENERAL, "secretary": Post.SECRETARY_GENERAL}


def to_post(post: Post | str) -> Post:
    """The post named by ``post``, forgiving about case, spaces, hyphens and underscores.

    >>> to_post("Secretary_General"), to_post("secretary general"), to_post("Chairmanship")
    (<Post.SECRETARY_GENERAL: 'secretary-general'>, <Post.SECRETARY_GENERAL: 'secretary-general'>, <Post.CHAIR: 'chair'>)
    """
    if isinstance(post, Post):
        return post
    key = re.sub(r"[\s_\-]+", "-", post.strip().casefold())
    try:
        return _POST_WORDS.get(key) or Post(key)
    except ValueError:
        known = ", ".join(p.value for p in Post)
        raise LookupError(f"unknown post {post!r}; the posts are {known}") from None


class RelationKind(str, Enum):
    """How a relation links its subject to its object (a membership is a spell, never a relation)."""

    AGREEMENT = "agreement"  # the two signed an agreement or memorandum with each other
    PARTNERSHIP = "partnership"  # the subject pursues declared cooperation with the object
    PRIORITY = "priority"  # the subject declares the object a priority
    CONCERN = "concern"  # the subject declares the object a concern

    def __str__(self) -> str:
        return self.value


class EventKind(str, Enum):
    """What kind of happening an event is."""

    SUMMIT = "summit"  # a meeting of heads of state (a council session)
    MEETING = "meeting"  # a meeting of officials
    SIGNING = "signing"  # the signature of an instrument
    ENTRY_INTO_FORCE = "entry-into-force"  # an instrument took effect
    DECISION = "decision"  # a decision of an organization's body (to found it, to extend a treaty)
    STATEMENT = "statement"  # a government's declared position (on leaving, on freezing its part)

    def __str__(self) -> str:
        return self.value
