"""PLOVER, CAMEO and ACLED codes for an event, from its kind, its details and its participants'
roles: the one table (``CROSSWALK``) that docs/crosswalk.md prints and explains row by row.

Researchers join this project's records to the event datasets they already use: POLECAT (coded
in PLOVER), ICEWS and GDELT (coded in CAMEO) and ACLED. Each event stores the codes its row gives
(``Event.fill_codes``, kept current by ``events.signals`` when participants change and by
``Event.refresh_latest_stage`` when an agreement's stages change), so filters read a column.

Sources of the code lists (facts copied as data, with their source):

- PLOVER: the PLOVER manual, version 2.0 draft (Open Event Data Alliance,
  github.com/openeventdata/PLOVER, PLOVER_MANUAL.tex, 2024): the 16 event types and the modes of
  each type's "Supplementary fields: modes" table. The CAMEO2PLOVER-2021.txt crosswalk in the
  same repository is the reference for which CAMEO code goes with which PLOVER type.
- CAMEO: the CAMEO Event and Actor Codebook, version 1.1b3 (Schrodt, 2012), as GDELT publishes
  its event codes (gdeltproject.org/data/lookups/CAMEO.eventcodes.txt): the 20 roots and every
  3- and 4-digit code.
- ACLED: the ACLED Codebook (acleddata.com/knowledge-base/codebook, Table 2): 6 event types and
  their 25 sub-event types.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from events.choices import (
    AgreementStage,
    AgreementSubject,
    AgreementType,
    DecisionOutcome,
    DecisionType,
    EventKind,
    OperationOutcome,
    OperationType,
    ParticipantRole,
    StatementStance,
    TransferStatus,
)


@dataclass(frozen=True)
class Codes:
    plover_event_type: str = ""
    plover_mode: str = ""
    cameo_code: str = ""
    acled_event_type: str = ""
    acled_sub_event_type: str = ""

    def as_fields(self) -> dict[str, str]:
        return {
            "plover_event_type": self.plover_event_type,
            "plover_mode": self.plover_mode,
            "cameo_code": self.cameo_code,
            "acled_event_type": self.acled_event_type,
            "acled_sub_event_type": self.acled_sub_event_type,
        }


# --- PLOVER (manual 2.0): the 16 event types, and the modes each defines ---------------------

PLOVER_MODES_OF_TYPE: dict[str, frozenset[str]] = {
    "AGREE": frozenset(),
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "SUPPORT": frozenset(),
    "CONCEDE": frozenset(),
    "COOPERATE": frozenset(),
    "AID": frozenset(),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}
PLOVER_EVENT_TYPES: frozenset[str] = frozenset(PLOVER_MODES_OF_TYPE)
PLOVER_MODES: frozenset[str] = frozenset().union(*PLOVER_MODES_OF_TYPE.values())


# --- CAMEO (codebook 1.1b3, as GDELT's lookup lists it) --------------------------------------

CAMEO_EVENT_CODES: dict[str, str] = {
    "01": "Make public statement",
    "010": "Make statement, not specified below",
    "011": "Decline comment",
    "012": "Make pessimistic comment",
    "013": "Make optimistic comment",
    "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility",
    "016": "Deny responsibility",
    "017": "Engage in symbolic act",
    "018": "Make empathetic comment",
    "019": "Express accord",
    "02": "Appeal",
    "020": "Appeal, not specified below",
    "021": "Appeal for material cooperation, not specified below",
    "0211": "Appeal for economic cooperation",
    "0212": "Appeal for military cooperation",
    "0213": "Appeal for judicial cooperation",
    "0214": "Appeal for intelligence",
    "022": "Appeal for diplomatic cooperation, such as policy support",
    "023": "Appeal for aid, not specified below",
    "0231": "Appeal for economic aid",
    "0232": "Appeal for military aid",
    "0233": "Appeal for humanitarian aid",
    "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform, not specified below",
    "0241": "Appeal for change in leadership",
    "0242": "Appeal for policy change",
    "0243": "Appeal for rights",
    "0244": "Appeal for change in institutions, regime",
    "025": "Appeal to yield",
    "0251": "Appeal for easing of administrative sanctions",
    "0252": "Appeal for easing of popular dissent",
    "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement",
    "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
    "03": "Express intent to cooperate",
    "030": "Express intent to cooperate, not specified below",
    "031": "Express intent to engage in material cooperation, not specified below",
    "0311": "Express intent to cooperate economically",
    "0312": "Express intent to cooperate militarily",
    "0313": "Express intent to cooperate on judicial matters",
    "0314": "Express intent to cooperate on intelligence",
    "032": "Express intent to provide diplomatic cooperation such as policy support",
    "033": "Express intent to provide material aid, not specified below",
    "0331": "Express intent to provide economic aid",
    "0332": "Express intent to provide military aid",
    "0333": "Express intent to provide humanitarian aid",
    "0334": "Express intent to provide military protection or peacekeeping",
    "034": "Express intent to institute political reform, not specified below",
    "0341": "Express intent to change leadership",
    "0342": "Express intent to change policy",
    "0343": "Express intent to provide rights",
    "0344": "Express intent to change institutions, regime",
    "035": "Express intent to yield, not specified below",
    "0351": "Express intent to ease administrative sanctions",
    "0352": "Express intent to ease popular dissent",
    "0353": "Express intent to release persons or property",
    "0354": "Express intent to ease economic sanctions, boycott, or embargo",
    "0355": "Express intent to allow international involvement (not mediation)",
    "0356": "Express intent to de-escalate military engagement",
    "036": "Express intent to meet or negotiate",
    "037": "Express intent to settle dispute",
    "038": "Express intent to accept mediation",
    "039": "Express intent to mediate",
    "04": "Consult",
    "040": "Consult, not specified below",
    "041": "Discuss by telephone",
    "042": "Make a visit",
    "043": "Host a visit",
    "044": "Meet at a 'third' location",
    "045": "Mediate",
    "046": "Engage in negotiation",
    "05": "Engage in diplomatic cooperation",
    "050": "Engage in diplomatic cooperation, not specified below",
    "051": "Praise or endorse",
    "052": "Defend verbally",
    "053": "Rally support on behalf of",
    "054": "Grant diplomatic recognition",
    "055": "Apologize",
    "056": "Forgive",
    "057": "Sign formal agreement",
    "06": "Engage in material cooperation",
    "060": "Engage in material cooperation, not specified below",
    "061": "Cooperate economically",
    "062": "Cooperate militarily",
    "063": "Engage in judicial cooperation",
    "064": "Share intelligence or information",
    "07": "Provide aid",
    "070": "Provide aid, not specified below",
    "071": "Provide economic aid",
    "072": "Provide military aid",
    "073": "Provide humanitarian aid",
    "074": "Provide military protection or peacekeeping",
    "075": "Grant asylum",
    "08": "Yield",
    "080": "Yield, not specified below",
    "081": "Ease administrative sanctions, not specified below",
    "0811": "Ease restrictions on political freedoms",
    "0812": "Ease ban on political parties or politicians",
    "0813": "Ease curfew",
    "0814": "Ease state of emergency or martial law",
    "082": "Ease political dissent",
    "083": "Accede to requests or demands for political reform, not specified below",
    "0831": "Accede to demands for change in leadership",
    "0832": "Accede to demands for change in policy",
    "0833": "Accede to demands for rights",
    "0834": "Accede to demands for change in institutions, regime",
    "084": "Return, release, not specified below",
    "0841": "Return, release person(s)",
    "0842": "Return, release property",
    "085": "Ease economic sanctions, boycott, embargo",
    "086": "Allow international involvement, not specified below",
    "0861": "Receive deployment of peacekeepers",
    "0862": "Receive inspectors",
    "0863": "Allow delivery of humanitarian aid",
    "087": "De-escalate military engagement",
    "0871": "Declare truce, ceasefire",
    "0872": "Ease military blockade",
    "0873": "Demobilize armed forces",
    "0874": "Retreat or surrender militarily",
    "09": "Investigate",
    "090": "Investigate, not specified below",
    "091": "Investigate crime, corruption",
    "092": "Investigate human rights abuses",
    "093": "Investigate military action",
    "094": "Investigate war crimes",
    "10": "Demand",
    "100": "Demand, not specified below",
    "101": "Demand information, investigation",
    "1011": "Demand economic cooperation",
    "1012": "Demand military cooperation",
    "1013": "Demand judicial cooperation",
    "1014": "Demand intelligence cooperation",
    "102": "Demand policy support",
    "103": "Demand aid, protection, or peacekeeping",
    "1031": "Demand economic aid",
    "1032": "Demand military aid",
    "1033": "Demand humanitarian aid",
    "1034": "Demand military protection or peacekeeping",
    "104": "Demand political reform, not specified below",
    "1041": "Demand change in leadership",
    "1042": "Demand policy change",
    "1043": "Demand rights",
    "1044": "Demand change in institutions, regime",
    "105": "Demand mediation",
    "1051": "Demand easing of administrative sanctions",
    "1052": "Demand easing of political dissent",
    "1053": "Demand release of persons or property",
    "1054": "Demand easing of economic sanctions, boycott, or embargo",
    "1055": "Demand that target allows international involvement (non-mediation)",
    "1056": "Demand de-escalation of military engagement",
    "106": "Demand withdrawal",
    "107": "Demand ceasefire",
    "108": "Demand meeting, negotiation",
    "11": "Disapprove",
    "110": "Disapprove, not specified below",
    "111": "Criticize or denounce",
    "112": "Accuse, not specified below",
    "1121": "Accuse of crime, corruption",
    "1122": "Accuse of human rights abuses",
    "1123": "Accuse of aggression",
    "1124": "Accuse of war crimes",
    "1125": "Accuse of espionage, treason",
    "113": "Rally opposition against",
    "114": "Complain officially",
    "115": "Bring lawsuit against",
    "116": "Find guilty or liable (legally)",
    "12": "Reject",
    "120": "Reject, not specified below",
    "121": "Reject material cooperation",
    "1211": "Reject economic cooperation",
    "1212": "Reject military cooperation",
    "122": "Reject request or demand for material aid, not specified below",
    "1221": "Reject request for economic aid",
    "1222": "Reject request for military aid",
    "1223": "Reject request for humanitarian aid",
    "1224": "Reject request for military protection or peacekeeping",
    "123": "Reject request or demand for political reform, not specified below",
    "1231": "Reject request for change in leadership",
    "1232": "Reject request for policy change",
    "1233": "Reject request for rights",
    "1234": "Reject request for change in institutions, regime",
    "124": "Refuse to yield, not specified below",
    "1241": "Refuse to ease administrative sanctions",
    "1242": "Refuse to ease popular dissent",
    "1243": "Refuse to release persons or property",
    "1244": "Refuse to ease economic sanctions, boycott, or embargo",
    "1245": "Refuse to allow international involvement (non-mediation)",
    "1246": "Refuse to de-escalate military engagement",
    "125": "Reject proposal to meet, discuss, or negotiate",
    "126": "Reject mediation",
    "127": "Reject plan, agreement to settle dispute",
    "128": "Defy norms, law",
    "129": "Veto",
    "13": "Threaten",
    "130": "Threaten, not specified below",
    "131": "Threaten non-force, not specified below",
    "1311": "Threaten to reduce or stop aid",
    "1312": "Threaten to boycott, embargo, or sanction",
    "1313": "Threaten to reduce or break relations",
    "132": "Threaten with administrative sanctions, not specified below",
    "1321": "Threaten to impose restrictions on political freedoms",
    "1322": "Threaten to ban political parties or politicians",
    "1323": "Threaten to impose curfew",
    "1324": "Threaten to impose state of emergency or martial law",
    "133": "Threaten political dissent, protest",
    "134": "Threaten to halt negotiations",
    "135": "Threaten to halt mediation",
    "136": "Threaten to halt international involvement (non-mediation)",
    "137": "Threaten with violent repression",
    "138": "Threaten to use military force, not specified below",
    "1381": "Threaten blockade",
    "1382": "Threaten occupation",
    "1383": "Threaten unconventional violence",
    "1384": "Threaten conventional attack",
    "1385": "Threaten attack with WMD",
    "139": "Give ultimatum",
    "14": "Protest",
    "140": "Engage in political dissent, not specified below",
    "141": "Demonstrate or rally",
    "1411": "Demonstrate for leadership change",
    "1412": "Demonstrate for policy change",
    "1413": "Demonstrate for rights",
    "1414": "Demonstrate for change in institutions, regime",
    "142": "Conduct hunger strike, not specified below",
    "1421": "Conduct hunger strike for leadership change",
    "1422": "Conduct hunger strike for policy change",
    "1423": "Conduct hunger strike for rights",
    "1424": "Conduct hunger strike for change in institutions, regime",
    "143": "Conduct strike or boycott, not specified below",
    "1431": "Conduct strike or boycott for leadership change",
    "1432": "Conduct strike or boycott for policy change",
    "1433": "Conduct strike or boycott for rights",
    "1434": "Conduct strike or boycott for change in institutions, regime",
    "144": "Obstruct passage, block",
    "1441": "Obstruct passage to demand leadership change",
    "1442": "Obstruct passage to demand policy change",
    "1443": "Obstruct passage to demand rights",
    "1444": "Obstruct passage to demand change in institutions, regime",
    "145": "Protest violently, riot",
    "1451": "Engage in violent protest for leadership change",
    "1452": "Engage in violent protest for policy change",
    "1453": "Engage in violent protest for rights",
    "1454": "Engage in violent protest for change in institutions, regime",
    "15": "Exhibit force posture",
    "150": "Demonstrate military or police power, not specified below",
    "151": "Increase police alert status",
    "152": "Increase military alert status",
    "153": "Mobilize or increase police power",
    "154": "Mobilize or increase armed forces",
    "16": "Reduce relations",
    "160": "Reduce relations, not specified below",
    "161": "Reduce or break diplomatic relations",
    "162": "Reduce or stop aid, not specified below",
    "1621": "Reduce or stop economic assistance",
    "1622": "Reduce or stop military assistance",
    "1623": "Reduce or stop humanitarian assistance",
    "163": "Impose embargo, boycott, or sanctions",
    "164": "Halt negotiations",
    "165": "Halt mediation",
    "166": "Expel or withdraw, not specified below",
    "1661": "Expel or withdraw peacekeepers",
    "1662": "Expel or withdraw inspectors, observers",
    "1663": "Expel or withdraw aid agencies",
    "17": "Coerce",
    "170": "Coerce, not specified below",
    "171": "Seize or damage property, not specified below",
    "1711": "Confiscate property",
    "1712": "Destroy property",
    "172": "Impose administrative sanctions, not specified below",
    "1721": "Impose restrictions on political freedoms",
    "1722": "Ban political parties or politicians",
    "1723": "Impose curfew",
    "1724": "Impose state of emergency or martial law",
    "173": "Arrest, detain, or charge with legal action",
    "174": "Expel or deport individuals",
    "175": "Use tactics of violent repression",
    "18": "Assault",
    "180": "Use unconventional violence, not specified below",
    "181": "Abduct, hijack, or take hostage",
    "182": "Physically assault, not specified below",
    "1821": "Sexually assault",
    "1822": "Torture",
    "1823": "Kill by physical assault",
    "183": "Conduct suicide, car, or other non-military bombing, not specified below",
    "1831": "Carry out suicide bombing",
    "1832": "Carry out car bombing",
    "1833": "Carry out roadside bombing",
    "184": "Use as human shield",
    "185": "Attempt to assassinate",
    "186": "Assassinate",
    "19": "Fight",
    "190": "Use conventional military force, not specified below",
    "191": "Impose blockade, restrict movement",
    "192": "Occupy territory",
    "193": "Fight with small arms and light weapons",
    "194": "Fight with artillery and tanks",
    "195": "Employ aerial weapons",
    "196": "Violate ceasefire",
    "20": "Use unconventional mass violence",
    "200": "Use unconventional mass violence, not specified below",
    "201": "Engage in mass expulsion",
    "202": "Engage in mass killings",
    "203": "Engage in ethnic cleansing",
    "204": "Use weapons of mass destruction, not specified below",
    "2041": "Use chemical, biological, or radiological weapons",
    "2042": "Detonate nuclear weapons",
}
CAMEO_CODES: frozenset[str] = frozenset(CAMEO_EVENT_CODES)
CAMEO_ROOTS: frozenset[str] = frozenset(code for code in CAMEO_CODES if len(code) == 2)


def cameo_root(code: str) -> str:
    """The two-digit root ("cue category") a CAMEO code belongs to: ``"036"`` -> ``"03"``."""
    return code[:2]


# --- ACLED (codebook, Table 2): event types and their sub-event types ------------------------

ACLED_SUB_EVENT_TYPES_OF_TYPE: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
ACLED_EVENT_TYPES: frozenset[str] = frozenset(ACLED_SUB_EVENT_TYPES_OF_TYPE)
ACLED_SUB_EVENT_TYPES: frozenset[str] = frozenset(
    sub for subs in ACLED_SUB_EVENT_TYPES_OF_TYPE.values() for sub in subs
)


# --- The table ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the crosswalk: for events of ``kind`` whose ``details`` all hold (a field's
    value, or for a list field one of its values) and that have a participant in each of
    ``roles``, these ``codes``, for the reason ``why``. The first row that fits wins, so the
    rows of a kind run from the most specific to the kind's default (no details, no roles)."""

    kind: str
    codes: Codes
    why: str
    details: tuple[tuple[str, str], ...] = ()
    roles: frozenset[str] = field(default_factory=frozenset)

    def fits(self, event, roles: set[str]) -> bool:
        if not self.roles <= roles:
            return False
        for name, value in self.details:
            held = getattr(event, name)
            if isinstance(held, list | tuple | set | frozenset):
                if value not in held:
                    return False
            elif held != value:
                return False
        return True


def _row(kind, plover, mode, cameo, acled="", acled_sub="", *, why, details=(), roles=()):
    return Row(
        kind=kind,
        codes=Codes(plover, mode, cameo, acled, acled_sub),
        why=why,
        details=tuple(details),
        roles=frozenset(roles),
    )


K, R = EventKind, ParticipantRole
SD = "Strategic developments"
MILITARY_SUBJECTS = (
    AgreementSubject.MILITARY_COOPERATION,
    AgreementSubject.SECURITY,
    AgreementSubject.TRAINING,
    AgreementSubject.ARMS,
    AgreementSubject.LOGISTICS,
    AgreementSubject.BASING,
)
ECONOMIC_SUBJECTS = (AgreementSubject.ECONOMIC, AgreementSubject.ENERGY)

CROSSWALK: tuple[Row, ...] = (
    # Visits. PLOVER codes the visitor as actor and the host as recipient (CONSULT, mode visit);
    # CAMEO writes one event per side, 042 for the visitor and 043 for the host. One record here
    # is one event, seen from the visitor's side when a visitor is named.
    _row(
        K.VISIT,
        "CONSULT",
        "visit",
        "042",
        roles=[R.VISITOR],
        why="The visitor makes the visit: CAMEO 042 (make a visit), PLOVER CONSULT, mode visit.",
    ),
    _row(
        K.VISIT,
        "CONSULT",
        "visit",
        "043",
        roles=[R.HOST],
        why="No visitor named, only the host: the visit seen from the host's side, CAMEO 043 (host a visit).",
    ),
    _row(
        K.VISIT,
        "CONSULT",
        "visit",
        "043",
        roles=[R.RECEIVED_BY],
        why="No visitor named, only the official who received the visit: the host's side, CAMEO 043.",
    ),
    _row(
        K.VISIT,
        "CONSULT",
        "visit",
        "042",
        why="A visit whose participants are not entered yet is still a visit made: CAMEO 042.",
    ),
    # Meetings.
    _row(
        K.MEETING,
        "CONSULT",
        "",
        "045",
        SD,
        "Agreement",
        roles=[R.MEDIATOR],
        why="A mediator takes part: CAMEO 045 (mediate). PLOVER keeps mediation in CONSULT with "
        "no mode of its own (CAMEO2PLOVER maps 045 to CONSULT). ACLED records talks between "
        "the parties to a conflict as Strategic developments, sub-event Agreement (its "
        "examples include peace talks).",
    ),
    _row(
        K.MEETING,
        "CONSULT",
        "",
        "040",
        why="Talks between the attendees: CAMEO 040 (consult). PLOVER's CONSULT modes need who "
        "visits whom, a third-party host, an IGO setting or the medium, which a meeting's roles "
        "do not say (a meeting during a visit belongs to the visit, coded 042). ACLED does not "
        "record meetings.",
    ),
    # Agreements: the latest stage first, then the form, then the default (signed or after).
    _row(
        K.AGREEMENT,
        "SANCTION",
        "discontinue",
        "160",
        details=[("agreement_stage", AgreementStage.SUSPENDED)],
        why="Suspending an agreement curtails the exchanges it set up: PLOVER SANCTION, mode "
        "discontinue; CAMEO 160 (reduce relations). Not an ACLED event.",
    ),
    _row(
        K.AGREEMENT,
        "SANCTION",
        "discontinue",
        "160",
        details=[("agreement_stage", AgreementStage.TERMINATED)],
        why="Terminating an agreement ends the exchanges it set up: coded as a suspension.",
    ),
    _row(
        K.AGREEMENT,
        "AGREE",
        "",
        "030",
        details=[("agreement_stage", AgreementStage.PROPOSED)],
        why="Only proposed: an offer to cooperate. PLOVER AGREE includes promises to sign; CAMEO "
        "030 (express intent to cooperate). Not yet an ACLED agreement.",
    ),
    _row(
        K.AGREEMENT,
        "CONSULT",
        "",
        "046",
        SD,
        "Agreement",
        details=[("agreement_stage", AgreementStage.NEGOTIATED)],
        why="Negotiated, not yet signed: CAMEO 046 (engage in negotiation), PLOVER CONSULT; ACLED "
        "counts talks as Strategic developments / Agreement.",
    ),
    *(
        _row(
            K.AGREEMENT,
            "AGREE",
            "",
            "0312",
            SD,
            "Agreement",
            details=[("agreement_type", AgreementType.DECLARATION), ("agreement_subjects", subject)],
            why="A joint declaration on a military subject states an intent to cooperate "
            "militarily without binding terms: PLOVER AGREE, CAMEO 0312.",
        )
        for subject in MILITARY_SUBJECTS
    ),
    *(
        _row(
            K.AGREEMENT,
            "AGREE",
            "",
            "0311",
            SD,
            "Agreement",
            details=[("agreement_type", AgreementType.DECLARATION), ("agreement_subjects", subject)],
            why="A joint declaration on an economic subject: intent to cooperate economically, "
            "PLOVER AGREE, CAMEO 0311.",
        )
        for subject in ECONOMIC_SUBJECTS
    ),
    _row(
        K.AGREEMENT,
        "AGREE",
        "",
        "030",
        SD,
        "Agreement",
        details=[("agreement_type", AgreementType.DECLARATION)],
        why="A joint declaration on another subject: intent to cooperate, PLOVER AGREE, CAMEO 030.",
    ),
    _row(
        K.AGREEMENT,
        "SUPPORT",
        "",
        "057",
        SD,
        "Agreement",
        why="Signed, ratified or in force (or no stage entered yet): PLOVER SUPPORT explicitly "
        "includes signing and ratifying agreements; CAMEO 057 (sign formal agreement), whatever "
        "the form or subject (057 has no sub-codes; PLOVER puts the subject in its context "
        "field). ACLED: Strategic developments / Agreement (any agreement between actors).",
    ),
    # Deployments.
    _row(
        K.DEPLOYMENT,
        "AID",
        "",
        "072",
        SD,
        "Change to group/activity",
        roles=[R.HOSTING],
        why='Personnel sent to a host: military assistance, which PLOVER AID names ("military '
        'and police assistance including arms and personnel"); CAMEO 072 (provide military '
        "aid). ACLED records movements of forces as Strategic developments / Change to "
        "group/activity.",
    ),
    _row(
        K.DEPLOYMENT,
        "AID",
        "",
        "072",
        SD,
        "Change to group/activity",
        roles=[R.RECIPIENT],
        why="Personnel sent to a named recipient (the force they serve): military aid, as above.",
    ),
    _row(
        K.DEPLOYMENT,
        "MOBILIZE",
        "troops",
        "154",
        SD,
        "Change to group/activity",
        why="Forces moved with no host or recipient named: a show of force, PLOVER MOBILIZE, mode "
        "troops; CAMEO 154 (mobilize or increase armed forces).",
    ),
    # Decisions.
    _row(
        K.DECISION,
        "REJECT",
        "",
        "120",
        details=[("decision_outcome", DecisionOutcome.REJECTED)],
        why="A body votes a proposal down (a ratification refused, an authorisation denied): "
        "PLOVER REJECT, CAMEO 120 (reject). Not an ACLED event.",
    ),
    _row(
        K.DECISION,
        "SANCTION",
        "discontinue",
        "163",
        details=[("decision_type", DecisionType.SANCTION)],
        why="A sanction: CAMEO 163 (impose embargo, boycott, or sanctions). The PLOVER 2.0 manual "
        "codes international sanctions as SANCTION, mode discontinue (CAMEO2PLOVER-2021 still "
        "maps 163 to COERCE; we follow the manual).",
    ),
    _row(
        K.DECISION,
        "SUPPORT",
        "",
        "057",
        details=[("decision_type", DecisionType.RATIFICATION)],
        why="A ratification: PLOVER SUPPORT includes ratifying an agreement; CAMEO 057 (sign "
        "formal agreement) is the code for ratification too. The agreement itself is the "
        'linked event (its stage "ratified").',
    ),
    _row(
        K.DECISION,
        "SANCTION",
        "",
        "160",
        roles=[R.TARGET],
        why="An act aimed against a target (a designation, a freeze) that is not entered as a "
        "sanction: a reduction of relations, PLOVER SANCTION, CAMEO 160.",
    ),
    _row(
        K.DECISION,
        "SUPPORT",
        "",
        "050",
        details=[("decision_type", DecisionType.APPOINTMENT)],
        why="An appointment or dismissal: neither scheme has an event for it (PLOVER would tag "
        "the executive context). Coded as the nearest non-conflictual act, SUPPORT / CAMEO "
        "050; filter decision_type=appointment to leave them out.",
    ),
    _row(
        K.DECISION,
        "AGREE",
        "",
        "030",
        why="A vote, authorisation, decree or resolution adopted: a formal commitment to a course "
        "(in the stories here, to deploy or to cooperate). PLOVER codes commitments to future "
        "cooperation as AGREE; CAMEO 030 (express intent to cooperate). What the act is about "
        "is its linked event, which the codes do not read.",
    ),
    # Operations.
    *(
        _row(
            K.OPERATION,
            "ASSAULT",
            "",
            "190",
            "Battles",
            "Armed clash",
            details=[("operation_type", OperationType.CAPTURE), ("operation_outcome", outcome)],
            why="An attempt to capture that did not change control: ACLED records it as an "
            "armed clash; CAMEO 190 (use conventional military force).",
        )
        for outcome in (OperationOutcome.DEFENDER_HELD, OperationOutcome.INCONCLUSIVE)
    ),
    _row(
        K.OPERATION,
        "ASSAULT",
        "",
        "192",
        "Battles",
        details=[("operation_type", OperationType.CAPTURE)],
        why="Capture of a town or base by force: CAMEO 192 (occupy territory), PLOVER ASSAULT "
        "(CAMEO2PLOVER maps 192 to COERCE, but a capture by armed interaction is an assault). "
        "ACLED Battles; its sub-event (Government regains / Non-state actor overtakes "
        "territory) depends on whether the attacker is the government, which roles do not say.",
    ),
    _row(
        K.OPERATION,
        "ASSAULT",
        "",
        "190",
        "Battles",
        "Armed clash",
        details=[("operation_type", OperationType.GROUND_ASSAULT)],
        why="Ground fighting: CAMEO 190 (use conventional military force), PLOVER ASSAULT "
        "(the weapons, its mode, are not recorded); ACLED Battles / Armed clash.",
    ),
    *(
        _row(
            K.OPERATION,
            "ASSAULT",
            "",
            "195",
            "Explosions/Remote violence",
            "Air/drone strike",
            details=[("operation_type", kind)],
            why="Air or drone attacks: CAMEO 195 (employ aerial weapons); ACLED Explosions/Remote "
            "violence / Air/drone strike. PLOVER ASSAULT tells manned (aerial) from unmanned "
            "(drone) modes; our type does not, so no mode.",
        )
        for kind in (OperationType.AIR_CAMPAIGN, OperationType.AIR_STRIKE)
    ),
    _row(
        K.OPERATION,
        "ASSAULT",
        "heavy-weapons",
        "194",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        details=[("operation_type", OperationType.SHELLING)],
        why="Shelling, artillery or missiles: CAMEO 194 (fight with artillery and tanks), PLOVER "
        "ASSAULT, mode heavy-weapons; ACLED Explosions/Remote violence / Shelling/artillery/"
        "missile attack.",
    ),
    _row(
        K.OPERATION,
        "COERCE",
        "restrict",
        "191",
        details=[("operation_type", OperationType.NAVAL)],
        why="A naval operation or blockade: CAMEO 191 (impose blockade, restrict movement), which "
        "CAMEO2PLOVER maps to COERCE, mode restrict. ACLED records no blockades.",
    ),
    _row(
        K.OPERATION,
        "ASSAULT",
        "",
        "191",
        "Battles",
        "Armed clash",
        details=[("operation_type", OperationType.SIEGE)],
        why="A siege cuts a place off (CAMEO 191) and is fought: PLOVER ASSAULT, ACLED Battles / "
        "Armed clash for its engagements.",
    ),
    _row(
        K.OPERATION,
        "ASSAULT",
        "",
        "190",
        "Battles",
        why="Another or unspecified operation: CAMEO 190 (use conventional military force), "
        "PLOVER ASSAULT, ACLED Battles without a sub-event type.",
    ),
    # Transfers.
    _row(
        K.TRANSFER,
        "AGREE",
        "",
        "0332",
        details=[("transfer_status", TransferStatus.ORDERED)],
        why="Ordered, not yet delivered: a commitment to supply. PLOVER codes future aid as "
        "AGREE; CAMEO 0332 (express intent to provide military aid).",
    ),
    _row(
        K.TRANSFER,
        "AID",
        "",
        "072",
        why="Arms or equipment supplied: PLOVER AID names arms among military assistance; CAMEO "
        "072 (provide military aid). SIPRI counts sales and gifts alike and so do we: a sale "
        "benefits both sides (COOPERATE) but the records do not say which it was, and the "
        "benefit to the recipient's forces is the point for alignment. ACLED does not record "
        "arms transfers.",
    ),
    # Statements.
    _row(
        K.STATEMENT,
        "SUPPORT",
        "",
        "051",
        details=[("statement_stance", StatementStance.SUPPORT)],
        why="Public support: PLOVER SUPPORT (express support for, commend), CAMEO 051 (praise or endorse).",
    ),
    _row(
        K.STATEMENT,
        "ACCUSE",
        "disapprove",
        "111",
        details=[("statement_stance", StatementStance.OPPOSITION)],
        why="Opposition or condemnation: PLOVER ACCUSE, mode disapprove (the 2.0 manual merged "
        "the older DISAPPROVE into ACCUSE); CAMEO 111 (criticize or denounce).",
    ),
    _row(
        K.STATEMENT,
        "REJECT",
        "",
        "016",
        details=[("statement_stance", StatementStance.DENIAL)],
        why="A denial: CAMEO 016 (deny responsibility). PLOVER dropped CAMEO's public statements "
        "(01); a denial rejects the claim made about the speaker, so REJECT.",
    ),
    _row(
        K.STATEMENT,
        "THREATEN",
        "",
        "130",
        details=[("statement_stance", StatementStance.WARNING)],
        why="A warning or threat: PLOVER THREATEN (its mode is what is threatened, not "
        "recorded), CAMEO 130 (threaten).",
    ),
    _row(
        K.STATEMENT,
        "",
        "",
        "010",
        why="No stance entered yet: CAMEO 010 (make statement). PLOVER has no event for a bare "
        "statement (it dropped CAMEO 01), so none until the stance is given.",
    ),
)


def codes_for(event, roles: Iterable[str]) -> Codes:
    """The codes of ``event`` (its kind and kind details) with participants in ``roles``: those of
    the first row of ``CROSSWALK`` that fits."""
    roles = set(roles)
    for row in CROSSWALK:
        if row.kind == event.kind and row.fits(event, roles):
            return row.codes
    return Codes()


def _cell(text):
    return text.replace("|", "\\|") or "–"


# The details that hold a list of choices (events.fields.ChoiceListField): a row names one of them.
LIST_DETAILS = frozenset({"agreement_subjects", "deployment_personnel"})


def _condition(row):
    parts = [f"{name} {'includes' if name in LIST_DETAILS else '='} {value}" for name, value in row.details]
    parts += [f"role {role}" for role in sorted(row.roles)]
    return ", ".join(parts) or "(default)"


def table_markdown() -> str:
    """The table as docs/crosswalk.md prints it (a test checks the doc holds exactly this)."""
    lines = [
        "| # | Kind | When | PLOVER | Mode | CAMEO | ACLED event type | ACLED sub-event type | Why |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for number, row in enumerate(CROSSWALK, start=1):
        codes = row.codes
        cameo = f"{codes.cameo_code} {CAMEO_EVENT_CODES[codes.cameo_code]}" if codes.cameo_code else ""
        cells = [
            str(number),
            row.kind,
            _condition(row),
            codes.plover_event_type,
            codes.plover_mode,
            cameo,
            codes.acled_event_type,
            codes.acled_sub_event_type,
            row.why,
        ]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
