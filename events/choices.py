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
    DECISION = "decision", "Decision"
    OPERATION = "operation", "Military operation"
    TRANSFER = "transfer", "Arms or equipment transfer"
    STATEMENT = "statement", "Statement"


class ParticipantRole(models.TextChoices):
    VISITOR = "visitor", "Visitor"
    HOST = "host", "Host"
    RECEIVED_BY = "received_by", "Official who received"
    SIGNATORY = "signatory", "Signatory"
    PARTY = "party", "Party"
    DEPLOYING = "deploying", "Deploying"
    HOSTING = "hosting", "Hosting"
    ATTENDEE = "attendee", "Attendee"
    RECIPIENT = "recipient", "Recipient"
    SUPPLIER = "supplier", "Supplier"
    DECIDING_BODY = "deciding_body", "Deciding body"
    RATIFYING_BODY = "ratifying_body", "Ratifying body"
    MEDIATOR = "mediator", "Mediator"
    WITNESS = "witness", "Witness"
    SUPPORTER = "supporter", "Supporter"
    ATTACKER = "attacker", "Attacker"
    DEFENDER = "defender", "Defender"
    TARGET = "target", "Target"
    SPEAKER = "speaker", "Speaker"
    SUBJECT = "subject", "Actor spoken or decided about"


# The roles each kind of event has (a participant in another role is a form error), and the
# roles an event must have before it is published (events.services.publication_problems).
ROLES_OF_KIND = {
    EventKind.VISIT: (
        ParticipantRole.VISITOR,
        ParticipantRole.HOST,
        ParticipantRole.RECEIVED_BY,
        ParticipantRole.ATTENDEE,
        ParticipantRole.WITNESS,
    ),
    EventKind.MEETING: (
        ParticipantRole.ATTENDEE,
        ParticipantRole.HOST,
        ParticipantRole.MEDIATOR,
        ParticipantRole.WITNESS,
    ),
    EventKind.AGREEMENT: (
        ParticipantRole.SIGNATORY,
        ParticipantRole.PARTY,
        ParticipantRole.RATIFYING_BODY,
        ParticipantRole.MEDIATOR,
        ParticipantRole.WITNESS,
    ),
    EventKind.DEPLOYMENT: (
        ParticipantRole.DEPLOYING,
        ParticipantRole.HOSTING,
        ParticipantRole.RECIPIENT,
        ParticipantRole.SUPPORTER,
    ),
    EventKind.DECISION: (
        ParticipantRole.DECIDING_BODY,
        ParticipantRole.RATIFYING_BODY,
        ParticipantRole.SUBJECT,
        ParticipantRole.TARGET,
    ),
    EventKind.OPERATION: (
        ParticipantRole.ATTACKER,
        ParticipantRole.SUPPORTER,
        ParticipantRole.DEFENDER,
        ParticipantRole.TARGET,
    ),
    EventKind.TRANSFER: (
        ParticipantRole.SUPPLIER,
        ParticipantRole.RECIPIENT,
        ParticipantRole.MEDIATOR,
    ),
    EventKind.STATEMENT: (
        ParticipantRole.SPEAKER,
        ParticipantRole.SUBJECT,
        ParticipantRole.TARGET,
    ),
}
REQUIRED_ROLES = {
    EventKind.DECISION: (ParticipantRole.DECIDING_BODY,),
    EventKind.OPERATION: (ParticipantRole.ATTACKER,),
    EventKind.TRANSFER: (ParticipantRole.RECIPIENT,),
    EventKind.STATEMENT: (ParticipantRole.SPEAKER,),
}


class AgreementType(models.TextChoices):
    """The form of an agreement's instrument, apart from what it is about (AgreementSubject)."""

    TREATY = "treaty", "Treaty"
    MEMORANDUM = "memorandum", "Memorandum of understanding"
    PROTOCOL = "protocol", "Protocol"
    EXCHANGE_OF_NOTES = "exchange_of_notes", "Exchange of notes"
    CONTRACT = "contract", "Contract"
    DECLARATION = "declaration", "Joint declaration"
    OTHER = "other", "Other"


class AgreementSubject(models.TextChoices):
    """What an agreement is about; one agreement may have several."""

    STRATEGIC_PARTNERSHIP = "strategic_partnership", "Strategic partnership"
    MILITARY_COOPERATION = "military_cooperation", "Military cooperation"
    SECURITY = "security", "Security cooperation"
    TRAINING = "training", "Training"
    ARMS = "arms", "Arms supply"
    LOGISTICS = "logistics", "Logistics"
    BASING = "basing", "Basing and access"
    MARITIME_DELIMITATION = "maritime_delimitation", "Maritime delimitation"
    ECONOMIC = "economic", "Economic"
    ENERGY = "energy", "Energy"
    OTHER = "other", "Other"


class AgreementStage(models.TextChoices):
    """The stages of an agreement's life, in the order they come (``STAGE_ORDER``)."""

    PROPOSED = "proposed", "Proposed"
    NEGOTIATED = "negotiated", "Negotiated"
    SIGNED = "signed", "Signed"
    RATIFIED = "ratified", "Ratified"
    IN_FORCE = "in_force", "In force"
    SUSPENDED = "suspended", "Suspended"
    TERMINATED = "terminated", "Terminated"


STAGE_ORDER = {stage: position for position, stage in enumerate(AgreementStage.values)}
# Stages that can only come once the agreement is signed: none may be dated before its signing.
AFTER_SIGNING = (
    AgreementStage.RATIFIED,
    AgreementStage.IN_FORCE,
    AgreementStage.SUSPENDED,
    AgreementStage.TERMINATED,
)


class Obligation(models.TextChoices):
    """What a party to an agreement undertakes (after ATOP's obligations, with the ones this
    project's stories need beside them)."""

    DEFENCE = "defence", "Defence (to come to the other's aid if attacked)"
    OFFENCE = "offence", "Offence (to join in attacking)"
    NEUTRALITY = "neutrality", "Neutrality"
    NON_AGGRESSION = "non_aggression", "Non-aggression"
    CONSULTATION = "consultation", "Consultation"
    TRAINING = "training", "Training"
    BASING = "basing", "Basing or access"
    ARMS_SUPPLY = "arms_supply", "Arms supply"
    OTHER = "other", "Other"


class PersonnelKind(models.TextChoices):
    """Who a deployment sends; one deployment may send several kinds."""

    TRAINERS = "trainers", "Trainers"
    ADVISERS = "advisers", "Advisers"
    TROOPS = "troops", "Troops"
    CONTRACTORS = "contractors", "Private military contractors"
    MERCENARIES = "mercenaries", "Mercenaries or foreign fighters"
    SPECIAL_FORCES = "special_forces", "Special forces"
    PILOTS = "pilots", "Pilots and aircrew"
    TECHNICIANS = "technicians", "Technicians"


class DecisionType(models.TextChoices):
    VOTE = "vote", "Vote or authorisation"
    RATIFICATION = "ratification", "Ratification"
    DECREE = "decree", "Decree or executive order"
    RESOLUTION = "resolution", "Resolution"
    SANCTION = "sanction", "Sanction"
    APPOINTMENT = "appointment", "Appointment or dismissal"
    OTHER = "other", "Other"


class DecisionOutcome(models.TextChoices):
    ADOPTED = "adopted", "Adopted"
    REJECTED = "rejected", "Rejected"


class OperationType(models.TextChoices):
    """What kind of military operation or engagement (close to ACLED's sub-event types)."""

    GROUND_ASSAULT = "ground_assault", "Ground assault or armed clash"
    CAPTURE = "capture", "Capture of territory, a town or a base"
    AIR_CAMPAIGN = "air_campaign", "Air or drone campaign"
    AIR_STRIKE = "air_strike", "Air or drone strike"
    SHELLING = "shelling", "Shelling, artillery or missile attack"
    NAVAL = "naval", "Naval operation or blockade"
    SIEGE = "siege", "Siege"
    OTHER = "other", "Other"


class OperationOutcome(models.TextChoices):
    ATTACKER_SUCCEEDED = "attacker_succeeded", "Attacker succeeded"
    DEFENDER_HELD = "defender_held", "Defender held"
    INCONCLUSIVE = "inconclusive", "Inconclusive"
    UNKNOWN = "unknown", "Unknown"


class ItemCategory(models.TextChoices):
    """What a transfer supplies: SIPRI's weapon categories (SIPRI Arms Transfers Database,
    "Sources and methods"), and the non-major items this project's stories report."""

    AIRCRAFT = "aircraft", "Aircraft (including drones)"
    AIR_DEFENCE = "air_defence", "Air-defence systems"
    ANTI_SUBMARINE = "anti_submarine", "Anti-submarine warfare weapons"
    ARMOURED_VEHICLES = "armoured_vehicles", "Armoured vehicles"
    ARTILLERY = "artillery", "Artillery"
    ENGINES = "engines", "Engines"
    MISSILES = "missiles", "Missiles"
    NAVAL_WEAPONS = "naval_weapons", "Naval weapons"
    SATELLITES = "satellites", "Satellites"
    SENSORS = "sensors", "Sensors"
    SHIPS = "ships", "Ships"
    SMALL_ARMS = "small_arms", "Small arms and light weapons"
    AMMUNITION = "ammunition", "Ammunition"
    EQUIPMENT = "equipment", "Other military equipment"
    OTHER = "other", "Other"


class TransferStatus(models.TextChoices):
    ORDERED = "ordered", "Ordered"
    DELIVERED = "delivered", "Delivered"


class StatementStance(models.TextChoices):
    """What a public statement says of its subject (verbal cooperation or conflict)."""

    SUPPORT = "support", "Support"
    OPPOSITION = "opposition", "Opposition or condemnation"
    DENIAL = "denial", "Denial"
    WARNING = "warning", "Warning or threat"


class EventLinkKind(models.TextChoices):
    LED_TO = "led_to", "Led to"
    RELATED_TO = "related_to", "Related to"
    CONCERNS = "concerns", "Is about (a decision or statement about the other event)"


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
