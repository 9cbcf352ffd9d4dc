from django.db import models


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    STATE = "state", "State"
    ORGANIZATION = "organization", "Organization"


class OrganizationCategory(models.TextChoices):
    ARMED_FORCE = "armed_force", "Armed force"
    GOVERNMENT_BODY = "government_body", "Government body"
    PARTY = "party", "Political party"
    COMPANY = "company", "Company"
    PRIVATE_MILITARY_COMPANY = "pmc", "Private military company"
    ARMED_GROUP = "armed_group", "Militia or armed group"
    INTERNATIONAL_ORGANIZATION = "international_organization", "Intergovernmental organization"
    NGO = "ngo", "NGO or monitor"
    MEDIA = "media", "Media outlet"
    OTHER = "other", "Other"


# Organizations whose statements count as official for corroboration.
OFFICIAL_CATEGORIES = (OrganizationCategory.ARMED_FORCE, OrganizationCategory.GOVERNMENT_BODY)


class Language(models.TextChoices):
    ARABIC = "ar", "Arabic"
    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Russian"
    FRENCH = "fr", "French"
    ITALIAN = "it", "Italian"
    TURKISH = "tr", "Turkish"
    BELARUSIAN = "be", "Belarusian"
    UKRAINIAN = "uk", "Ukrainian"
    PERSIAN = "fa", "Persian"
    HEBREW = "he", "Hebrew"
    GERMAN = "de", "German"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    OTHER = "und", "Other or unknown"


class NameKind(models.TextChoices):
    OFFICIAL = "official", "Official"
    ALIAS = "alias", "Alias"
    TRANSLITERATION = "transliteration", "Transliteration"
