from django.db import models


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    RETRACTED = "retracted", "Retracted"


class RevisionStatus(models.TextChoices):
    """Where a change to a published record stands (``events.models.Revision``)."""

    PENDING = "pending", "Awaiting review"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"
    WITHDRAWN = "withdrawn", "Withdrawn"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class EventKind(models.TextChoices):
    VISIT = "visit", "Visit"
    MEETING = "meeting", "Meeting"
    AGREEMENT = "agreement", "Agreement"
    DEPLOYMENT = "deployment", "Deployment"


class ParticipantRole(models.TextChoices):
    VISITOR = "visitor", "Visitor"
    HOST = "host", "Host"
    RECEIVED_BY = "received_by", "Official who received"
    SIGNATORY = "signatory", "Signatory"
    PARTY = "party", "Party"
    DEPLOYING = "deploying", "Deploying"
    HOSTING = "hosting", "Hosting"
    ATTENDEE = "attendee", "Attendee"


class AgreementType(models.TextChoices):
    STRATEGIC_PARTNERSHIP = "strategic_partnership", "Strategic partnership"
    MILITARY_COOPERATION = "military_cooperation", "Military cooperation"
    ARMS_SALE = "arms_sale", "Arms sale"
    TRAINING = "training", "Training"
    LOGISTICS = "logistics", "Logistics"
    ECONOMIC = "economic", "Economic"
    MEMORANDUM = "memorandum", "Memorandum of understanding"
    OTHER = "other", "Other"


class AgreementStage(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    NEGOTIATED = "negotiated", "Negotiated"
    SIGNED = "signed", "Signed"
    RATIFIED = "ratified", "Ratified"
    IN_FORCE = "in_force", "In force"
    SUSPENDED = "suspended", "Suspended"
    TERMINATED = "terminated", "Terminated"


class DeploymentKind(models.TextChoices):
    TRAINERS = "trainers", "Trainers"
    ADVISERS = "advisers", "Advisers"
    TROOPS = "troops", "Troops"
    CONTRACTORS = "contractors", "Private military contractors"
    EQUIPMENT = "equipment", "Equipment shipment"


class EventLinkKind(models.TextChoices):
    LED_TO = "led_to", "Led to"
    RELATED_TO = "related_to", "Related to"


class TieKind(models.TextChoices):
    MEMBER_OF = "member_of", "Member of"
    COMMANDS = "commands", "Commands"
    LEADS = "leads", "Leads"
    HOLDS_OFFICE_IN = "holds_office_in", "Holds office in"
    CHILD_OF = "child_of", "Child of"
    REPRESENTS = "represents", "Represents"


# An actor "stands for" the actors tied to it through these (the LNA includes its commanders).
ROLL_UP_TIE_KINDS = (TieKind.MEMBER_OF, TieKind.COMMANDS, TieKind.LEADS, TieKind.HOLDS_OFFICE_IN)

# The ties by which a person speaks for a body: holding office in it or leading it (commanding
# an armed force is leading it). A member or a representative does not speak for it.
OFFICE_TIE_KINDS = (TieKind.LEADS, TieKind.COMMANDS, TieKind.HOLDS_OFFICE_IN)


class PlaceKind(models.TextChoices):
    CITY = "city", "City"
    BASE = "base", "Military base"
    PORT = "port", "Port"
    REGION = "region", "Region"
    COUNTRY = "country", "Country"
    SITE = "site", "Site or building"


class CoordinatePrecision(models.TextChoices):
    EXACT = "exact", "Exact (within 100 m)"
    LOCAL = "local", "Local (within 10 km)"
    REGION = "region", "Region (within 100 km)"
    COUNTRY = "country", "Country only"


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    SOCIAL_MEDIA_POST = "social_media_post", "Social media post"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    REPORT = "report", "Report"
    DOCUMENT = "document", "Document"
    VIDEO = "video", "Video or broadcast"


class Derivation(models.TextChoices):
    """How a source is derived from another: it adds no independent origin of its own."""

    RELAYS = "relays", "Relays it"
    TRANSLATES = "translates", "Translates it"
    REPUBLISHES = "republishes", "Republishes it"


class Reliability(models.TextChoices):
    """Admiralty scale for the source; A is best, F means it cannot be judged."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


class Credibility(models.IntegerChoices):
    """Admiralty scale for one piece of information; 1 is best, 6 means it cannot be judged."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_BE_JUDGED = 6, "6: truth cannot be judged"


class Stance(models.TextChoices):
    ASSERTS = "asserts", "Asserts"
    CONFIRMS = "confirms", "Confirms"
    DENIES = "denies", "Denies"
