"""The Arabic meaning of every column of the snapshot's CSVs, for ``codebook.csv``.

The English meanings are composed at run time (a field's name and help text, or
``reports.codebook.DERIVED``), so the catalog has none of them: they are kept here, in Modern
Standard Arabic, one per column, in the catalog's words (a party for an actor, an original source
for an origin). Keys are those of ``DERIVED``: a column's header in any file, or ``(file, header)``
where one header means something else in that file. ``codebook_rows`` refuses a column with no
Arabic meaning, as it refuses one with no English meaning; change both when a column's meaning
changes. Codes, column names and other datasets' names stay in Latin letters.
"""

from reports.codebook import CLAIMED_EXAMPLES

NAMES = "كل أسماء السجل، كلٌّ بصيغة اللغة: الاسم (مثل ar: خليفة حفتر; en: Khalifa Haftar)."
RELIABILITY = "على مقياس Admiralty: A الأفضل، وF تعني أنه لا يمكن تقدير موثوقيته."
CLAIMED = (
    "القيم المختلفة التي تذكرها ادعاءات السجل {field}، كلٌّ بصيغة القيمة [عدد المصادر الأصلية المستقلة "
    "التي تذكرها]، مثل {example}؛ فارغ إن لم يذكر أي ادعاء قيمة."
)
# "for its start" …: the preposition and the field, as the sentence above needs them.
CLAIMED_FIELDS = {
    "start": "لتاريخ بدئه",
    "end": "لتاريخ انتهائه",
    "place": "لمكانه",
    "deployment_size": "لحجم الانتشار",
    "deployment_kind": "لنوع الانتشار",
    "agreement_stage": "لمرحلة الاتفاق",
}

MEANINGS_AR = {
    # Every file.
    "id": "معرّف السجل: ثابت ولا يُعاد استخدامه أبدًا (ويحيل معرّف السجل المدموج إلى السجل الذي دُمج فيه).",
    "kind": "النوع.",
    "names": NAMES,
    "description": "الوصف.",
    "published_at": "وقت النشر.",
    "updated_at": "وقت آخر تحديث.",
    # actors.csv
    ("actors.csv", "slug"): "المعرّف المختصر (slug). معرّف ثابت مقروء يُستخدم في عناوين URL.",
    ("actors.csv", "name"): "الاسم الإنجليزي المعتمد.",
    "category": "الفئة. للمنظمات فقط.",
    ("actors.csv", "country"): "البلد. الدولة (وفق ISO 3166) التي ينتمي إليها الطرف.",
    ("actors.csv", "parent_id"): "الجهة الأم (معرّف الطرف). المنظمة التي تُعدّ هذه المنظمة جزءًا منها.",
    ("actors.csv", "parent"): "اسم المنظمة المنشورة التي تُعدّ هذه المنظمة جزءًا منها.",
    "wikidata_id": "معرّف Wikidata.",
    # places.csv
    ("places.csv", "slug"): "المعرّف المختصر (slug).",
    ("places.csv", "name"): "الاسم الإنجليزي.",
    ("places.csv", "country"): "البلد.",
    ("places.csv", "latitude"): "خط العرض.",
    ("places.csv", "longitude"): "خط الطول.",
    "coordinate_precision": "دقة الإحداثيات.",
    # sources.csv
    ("sources.csv", "title"): "العنوان. بلغته الأصلية.",
    "publisher": "الناشر. يُترك فارغًا إن كان مجهولًا، ولا يُخمَّن أبدًا.",
    "author": "المؤلف.",
    "url": "عنوان URL.",
    "archive_url": "عنوان URL للنسخة المؤرشفة.",
    "language": "اللغة.",
    "published_on": "تاريخ النشر.",
    "accessed_on": "تاريخ الاطلاع.",
    ("sources.csv", "reliability"): f"الموثوقية. درجة المصدر {RELIABILITY}",
    "content_sha256": (
        "بصمة SHA-256 للنص. تُحسب من نص المصدر (من بايتاته بترميز UTF-8)، فتُثبت أي نص رُوجعت "
        "الاقتباسات بمقابله. ويحتفظ المصدر الذي لا نص له بالبصمة التي أُعطيت له قبل أن تُحفظ "
        "النصوص."
    ),
    "derived_from_id": (
        "مشتق من (معرّف المصدر). المصدر الذي ينقله هذا المصدر أو يترجمه أو يعيد نشره: فتأتي "
        "ادعاءاته حينئذٍ من المصدر الأصلي لذلك المصدر ولا تضيف مصدرًا أصليًا مستقلًا."
    ),
    "derivation": "طريقة الاشتقاق. كيف اشتُق من ذلك المصدر؛ وهي مطلوبة متى كان مشتقًا.",
    "origin_id": (
        "معرّف المصدر الأول في سلسلة النقل والترجمة وإعادة النشر التي ينتمي إليها هذا المصدر "
        "(ومعرّفه هو إن لم تكن له سلسلة)."
    ),
    "licensed_for_republication": (
        "مرخّص بإعادة النشر. لا تنشر واجهة البرمجة (API) النص إلا إذا أُشِّر على هذا الخيار: يجوز الاستشهاد "
        "بالاقتباسات، أما المقال كاملًا فلا يجوز في الغالب."
    ),
    # events.csv
    ("events.csv", "title"): "العنوان بالإنجليزية.",
    ("events.csv", "title_ar"): "العنوان بالعربية.",
    "start": "متى بدأ (أو أبكر موعد ممكن لبدئه)، بأقصى دقة معروفة.",
    "start_precision": "دقة تاريخ البدء.",
    "end": "متى انتهى، بأقصى دقة معروفة؛ فارغ إن كان مجهولًا أو مستمرًا.",
    "end_precision": "دقة تاريخ الانتهاء.",
    "date_uncertain": (
        "التاريخ الدقيق مجهول. يُؤشَّر عليه حين يكون السجل قد وقع في وقت ما بين البدء والانتهاء، لا "
        "ممتدًا من البدء إلى الانتهاء."
    ),
    "covered_from": "أول يوم قد تشمله مدة السجل (تاريخ البدء بدقته).",
    "covered_to": "آخر يوم قد تشمله مدة السجل؛ فارغ إن كان مستمرًا.",
    "date_note": "كيف حُدِّد التاريخ. مثلًا: «الجمعة» في مقال صادر يوم الأحد 11 مايو 2025 يعني 9 مايو 2025.",
    "place_id": "المكان (معرّف المكان).",
    ("events.csv", "place"): "اسم مكان الحدث (places.csv).",
    "place_country": "بلد مكان الحدث.",
    ("events.csv", "latitude"): "خط عرض المكان (WGS 84)، بدقة إحداثياته.",
    ("events.csv", "longitude"): "خط طول المكان (WGS 84)، بدقة إحداثياته.",
    ("events.csv", "parent_id"): "الحدث الأم (معرّف الحدث). الزيارة التي جرى هذا الاجتماع خلالها.",
    ("events.csv", "parent"): "عنوان الزيارة المنشورة التي جرى هذا الاجتماع خلالها.",
    "participants": "كل المشاركين، بصيغة الاسم (الدور).",
    "participant_ids": "معرّفات المشاركين (actors.csv)، بترتيب participants.",
    "visit_occasion": "مناسبة الزيارة.",
    "visit_on_invitation": "بدعوة.",
    "agreement_type": "شكل الاتفاق.",
    "agreement_subjects": "المواضيع. ما يتناوله الاتفاق.",
    "agreement_stage": "آخر مرحلة.",
    "stages": "مراحل الاتفاق المؤرخة بالترتيب، بصيغة المرحلة التاريخ (مثل signed 2024-11).",
    "agreement_scope": "نطاق الاتفاق. مثلًا: اللوجستيات والتدريب والأسلحة.",
    "provisions": "بنود الاتفاق، بصيغة الالتزام (الطرف الذي يتعهد به، أو كل الأطراف).",
    "deployment_personnel": "أصناف الأفراد. من يُرسَل؛ يُؤشَّر على كل صنف ورد في التقارير.",
    "deployment_size_min": "أصغر حجم ورد في التقارير.",
    "deployment_size_max": "أكبر حجم ورد في التقارير.",
    "ongoing": (
        "مستمر. يُؤشَّر عليه حين يستمر بلا نهاية معروفة (انتشار منذ يناير 2020): فتعامله عوامل التصفية "
        "حينئذٍ على أنه مستمر حتى اليوم. ويُترك تاريخ الانتهاء فارغًا."
    ),
    "decision_type": "نوع القرار.",
    "decision_outcome": "نتيجة القرار.",
    "votes_for": "الأصوات المؤيدة.",
    "votes_against": "الأصوات المعارضة.",
    "votes_abstaining": "الأصوات الممتنعة.",
    "operation_type": "نوع العملية.",
    "operation_outcome": "نتيجة العملية.",
    "transfer_item_category": "فئة الصنف.",
    "transfer_item": "الصنف. ما يُورَّد، كما ورد في التقارير: منظومة الدفاع الجوي Pantsir-S1.",
    "transfer_status": "حالة النقل.",
    "transfer_quantity_min": "أصغر كمية وردت في التقارير.",
    "transfer_quantity_max": "أكبر كمية وردت في التقارير.",
    "statement_stance": "موقف البيان.",
    "plover_event_type": "نوع حدث PLOVER الذي يقابله الحدث (docs/crosswalk.md)؛ فارغ حيث لا يناسبه أي نوع.",
    "plover_mode": "نمط ذلك النوع من أحداث PLOVER، حيث يعرّف PLOVER نمطًا له.",
    "cameo_code": "رمز حدث CAMEO (رمز جذري أو رمز أدق منه) الذي يقابله الحدث.",
    "acled_event_type": "نوع حدث ACLED الذي يقابله الحدث؛ فارغ حيث لا يناسبه أي نوع.",
    "acled_sub_event_type": "النوع الفرعي لحدث ACLED الذي يقابله الحدث.",
    "related_events": (
        "الأحداث المنشورة التي يؤدي إليها هذا الحدث (→ [المعرّف] العنوان) أو التي نشأ عنها "
        "(← [المعرّف] العنوان)."
    ),
    # The evidence of an event or a tie.
    "claims": "عدد الادعاءات المنشورة التي تؤيد السجل أو تنفيه.",
    "independent_sources": "عدد المصادر الأصلية المختلفة (المتحدث أو أول ناشر أو المصدر) لادعاءاته المؤيدة.",
    "origins": "المصادر الأصلية المختلفة لادعاءاته المؤيدة (actor: …، publisher: …، source: [المعرّف] العنوان).",
    "official_confirmation": (
        "صدر ادعاء مؤيد عن دولة أو هيئة حكومية أو قوة مسلحة، أو عن شخص كان يشغل منصبًا في إحداها حينها."
    ),
    "denials": "عدد الادعاءات التي تنفي السجل.",
    "disputed": "متنازع عليه. ينفيه ادعاءٌ ما، أو تنسب إليه مصادر أصلية مستقلة قيمًا متعارضة.",
    "dispute_reasons": "سبب النزاع على السجل: نفيٌ، أو قيم متعارضة من مصادر أصلية مستقلة.",
    "best_reliability": "أفضل درجة على مقياس Admiralty (A الأفضل … F) بين مصادر ادعاءاته.",
    "best_credibility": "أفضل درجة مصداقية (1 الأفضل … 6) بين ادعاءاته.",
    "sources": "مصدر كل ادعاء، بصيغة [المعرّف] الناشر: العنوان (الدرجة).",
    "quotes": "اقتباس كل ادعاء، بصيغة «الاقتباس» (الموقف، المصداقية، المتحدث).",
    **{
        f"claimed_{field}": CLAIMED.format(field=CLAIMED_FIELDS[field], example=example)
        for field, example in CLAIMED_EXAMPLES.items()
    },
    # ties.csv
    "subject_id": "طرف العلاقة الأول (معرّف الطرف).",
    ("ties.csv", "subject"): "اسم طرف العلاقة الأول.",
    "object_id": "طرف العلاقة الثاني (معرّف الطرف).",
    ("ties.csv", "object"): "اسم طرف العلاقة الثاني.",
    ("ties.csv", "title"): "اللقب أو المنصب. مثلًا: «وزير الدفاع»، «قائد القوات البرية».",
    ("ties.csv", "title_ar"): "اللقب أو المنصب بالعربية.",
    # claims.csv
    "record_type": "ما إذا كان الادعاء يتعلق بحدث (events.csv) أو بعلاقة (ties.csv).",
    "record_id": "معرّف الحدث أو العلاقة التي يتعلق بها الادعاء.",
    "record": "عنوان الحدث أو العلاقة التي يتعلق بها الادعاء.",
    "source_id": "المصدر (معرّف المصدر).",
    "source_title": "عنوان مصدر الادعاء، بلغته الأصلية.",
    "source_publisher": "ناشر مصدر الادعاء؛ فارغ إن كان مجهولًا.",
    "source_url": "عنوان مصدر الادعاء (URL).",
    "source_published_on": "تاريخ نشر مصدر الادعاء.",
    ("claims.csv", "reliability"): f"درجة مصدر الادعاء {RELIABILITY}",
    "quote": "الاقتباس. كما ورد في المصدر حرفيًا، بلغته الأصلية.",
    "quote_language": "لغة الاقتباس.",
    "translation": "الترجمة.",
    "translation_language": "لغة الترجمة.",
    "locator": (
        "الموضع في المصدر. أين يقع الاقتباس: الفقرة أو الصفحة أو التوقيت. يُملأ من الفقرة حين يكون للمصدر نص."
    ),
    "paragraph": "الفقرة. فقرة نص المصدر، مرقّمة من 1.",
    "needs_recheck": "يحتاج إلى إعادة تحقق. تغيّر نص المصدر ولم يعد الاقتباس موجودًا فيه.",
    "credibility": "المصداقية. درجة هذه المعلومة على مقياس Admiralty: 1 الأفضل، و6 تعني أنه لا يمكن الحكم على صحتها.",
    "stance": "الموقف.",
    "speaker_id": "المتحدث (معرّف الطرف). من قاله، إن لم يكن المصدر نفسه (مثل وزارة يقتبس عنها المقال).",
    ("claims.csv", "speaker"): "اسم الطرف الذي قاله، إن لم يكن المصدر نفسه.",
    "attribution": (
        "الإسناد. كيف ينسبه المصدر، مثلًا «منشور على Facebook مساء السبت» أو «تقارير غربية غير مسمّاة»."
    ),
    "states": "القيم التي يذكرها الادعاء نفسه (مثل deployment size: 1000–3000).",
}


def meaning_ar(file, header):
    """The Arabic meaning of ``header`` in ``file``; ``LookupError`` when none is written."""
    meaning = MEANINGS_AR.get((file, header)) or MEANINGS_AR.get(header)
    if not meaning:
        raise LookupError(f"{file}: column {header!r} has no Arabic meaning in reports/codebook_ar.py.")
    return meaning
