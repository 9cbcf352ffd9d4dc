"""The seed article (haftar-moscow-2025-05-11.ar.txt, beside this file) as records, in plain data.

This file is meant to be read and reviewed like an editor's worksheet. Every record that is
published carries at least one claim whose ``quote`` is copied verbatim from the article
(tests/events/test_demo_data.py checks each one against the file).

Conventions
-----------
Paragraphs ("paragraph N" in a claim's locator) are the article's blocks separated by blank
lines, numbered from 1 as ``events.anchoring`` numbers every source's text: the headline is
paragraph 1, the standfirst with the dateline ("الأحد 2025/05/11") and the subheading
("شراكة في طور التوسع") paragraph 2, so the body runs from "موسكو - التقى ..." (paragraph 3)
to "ولا يعتبر هذا اللقاء الأول ..." (paragraph 25). Claims carry no locator here: the article
is the source's text, and each claim's paragraph and locator are computed from where its
quote stands in it.

Relative dates are resolved against the article's date, Sunday 11 May 2025: Wednesday → 7 May,
Thursday → 8 May, Friday → 9 May, Saturday → 10 May.

Credibility of each claim (Admiralty scale, 1 best, 6 cannot be judged), graded the same way
throughout:
  2 "probably true": an official party's statement about its own activity, relayed by the
    article (the LNA General Command's posts, the Kremlin's statement), or the article's own
    account of something those statements bear out; and titles and family ties the article
    states as settled background.
  3 "possibly true": the article's own account of a specific event that nothing else in the
    article bears out, with no source named (the parade, Saddam Haftar's US visit, the 2023
    meeting, the agreement), or unnamed reports that the article's official quotes partly
    bear out (the "Western reports" on the topics of the talks).
  4 "doubtful": what only unnamed "reports" say (كشفت تقارير) and no one confirms: the
    Belarusian trainers and the equipment shipments.
No claim gets 1 ("confirmed"): every claim here comes through one article whose publisher is
unknown. When an editor adds the LNA's post or the Kremlin's statement as a source of its own,
its claims can confirm these and the grades can be raised.

Actors, places and events are referred to by slug (actors, places) or by ``key`` (events);
the keys only join records inside this file. In the database the natural keys are: actor and
place slug; source (title, published_on); event (kind, title); tie (subject, kind, object);
claim (record, source, quote).
"""

import datetime

CORPUS_FILE = "haftar-moscow-2025-05-11.ar.txt"

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

SOURCES = [
    {
        "key": "article",
        "kind": "news_article",
        "title": "حفتر يلتقي بوتين في موسكو وتعميق التحالف الاستراتيجي يتصدر المباحثات",
        # The file does not name its publisher, author or URL: they stay empty, never guessed.
        "publisher": "",
        "author": "",
        "url": "",
        "language": "ar",
        # The dateline: "الأحد 2025/05/11".
        "published_on": datetime.date(2025, 5, 11),
        "corpus_file": CORPUS_FILE,
        # The article is kept to check the quotes against; it is not ours to republish.
        "licensed_for_republication": False,
        # SHA-256 of the corpus file's bytes. The loader recomputes it from the file when the
        # file is present and keeps this value otherwise.
        "content_sha256": "45ab79ed59767e434d8f8cf15a9ae388bf97074ef919f74f0e3dbc1e9f95908e",
        "reliability": "F",
        "notes": (
            "Reliability F (cannot be judged): the file does not name the publisher, author or "
            "URL, so there is no track record to grade. Grade it when the publisher is known.\n"
            "Paragraphs are counted as blocks separated by blank lines: the headline is "
            "paragraph 1, the standfirst with the dateline and subheading paragraph 2, and the "
            'body runs from paragraph 3 ("موسكو - التقى") to paragraph 25.\n'
            "The article relays statements by the LNA General Command (Facebook posts of Friday "
            "and Saturday evening) and by the Kremlin press office (statement of Sunday); those "
            "claims name them as speakers. When the original post or statement is found, add it "
            "as a source of its own whose claims confirm these."
        ),
    },
]

# ---------------------------------------------------------------------------------------------
# Actors. Names: (name, language, kind). Arabic names are spelled as in the article.
# Wikidata ids are filled in only where certain; the rest are left for an editor to check.
# ---------------------------------------------------------------------------------------------

ACTORS = [
    # States first: they are parents of government bodies.
    {
        "slug": "russian-federation",
        "kind": "state",
        "name": "Russian Federation",
        "country": "RU",
        "wikidata_id": "Q159",
        "description": "The Russian state; the article's host of Khalifa Haftar's visit.",
        "names": [
            ("Russia", "en", "alias"),
            ("روسيا", "ar", "official"),
            ("Российская Федерация", "ru", "official"),
            ("Россия", "ru", "alias"),
        ],
    },
    {
        "slug": "belarus",
        "kind": "state",
        "name": "Belarus",
        "country": "BY",
        "wikidata_id": "Q184",
        "description": "The Belarusian state.",
        "names": [
            ("Republic of Belarus", "en", "alias"),
            ("بيلاروسيا", "ar", "official"),
            ("Беларусь", "ru", "official"),
            ("Беларусь", "be", "official"),
        ],
    },
    {
        "slug": "united-states",
        "kind": "state",
        "name": "United States",
        "country": "US",
        "wikidata_id": "Q30",
        "description": "The United States of America.",
        "names": [
            ("United States of America", "en", "alias"),
            ("USA", "en", "alias"),
            ("الولايات المتحدة", "ar", "official"),
            ("Соединённые Штаты Америки", "ru", "official"),
            ("США", "ru", "alias"),
        ],
    },
    # The Libyan National Army and its General Command are ONE actor here. The article uses the
    # two names for the same body: Haftar is "القائد العام للجيش الوطني الليبي" (paragraph 3), and
    # the statements of "القيادة العامة للقوات المسلحة الليبية" speak for that army (paragraphs 5,
    # 9, 13, 16). Nothing in the article tells a headquarters apart from the force, so a second
    # actor would split one speaker's statements and one army's timeline across two records.
    # The General Command's name is kept as an alias; an editor can split it out (parent = LNA)
    # if a source ever distinguishes the two.
    {
        "slug": "libyan-national-army",
        "kind": "organization",
        "category": "armed_force",
        "name": "Libyan National Army",
        "country": "LY",
        "description": (
            "The armed force commanded by Khalifa Haftar in eastern Libya. The article also "
            "calls it by its command's name, the General Command of the Libyan Armed Forces "
            "(القيادة العامة للقوات المسلحة الليبية), whose Facebook page it quotes."
        ),
        "names": [
            ("LNA", "en", "alias"),
            ("General Command of the Libyan Armed Forces", "en", "alias"),
            ("الجيش الوطني الليبي", "ar", "official"),
            ("القيادة العامة للقوات المسلحة الليبية", "ar", "alias"),
            ("Ливийская национальная армия", "ru", "official"),
        ],
    },
    {
        "slug": "russian-ministry-of-defence",
        "kind": "organization",
        "category": "government_body",
        "name": "Russian Ministry of Defence",
        "country": "RU",
        "parent": "russian-federation",
        "description": "Russia's ministry of defence.",
        "names": [
            ("Ministry of Defence of the Russian Federation", "en", "alias"),
            ("وزارة الدفاع الروسية", "ar", "official"),
            ("Министерство обороны Российской Федерации", "ru", "official"),
            ("Минобороны России", "ru", "alias"),
        ],
    },
    {
        "slug": "security-council-of-russia",
        "kind": "organization",
        "category": "government_body",
        "name": "Security Council of Russia",
        "country": "RU",
        "parent": "russian-federation",
        "description": "The Security Council of the Russian Federation; Sergei Shoigu is its secretary.",
        "names": [
            ("Security Council of the Russian Federation", "en", "alias"),
            ("مجلس الأمن الروسي", "ar", "official"),
            ("Совет безопасности Российской Федерации", "ru", "official"),
        ],
    },
    {
        "slug": "kremlin-press-office",
        "kind": "organization",
        "category": "government_body",
        "name": "Kremlin press office",
        "country": "RU",
        "parent": "russian-federation",
        "description": (
            "The Russian presidency's press office, which the article calls "
            '"المكتب الإعلامي بالرئاسة الروسية" and "الكرملين".'
        ),
        "names": [
            ("المكتب الإعلامي بالرئاسة الروسية", "ar", "official"),
            # The article uses "the Kremlin" for the press office ("ونشر الكرملين 3 صور").
            ("الكرملين", "ar", "alias"),
            ("Пресс-служба Кремля", "ru", "alias"),
        ],
    },
    {
        "slug": "us-state-department",
        "kind": "organization",
        "category": "government_body",
        "name": "US State Department",
        "country": "US",
        "parent": "united-states",
        "description": 'The United States Department of State (the article: "وزارة الخارجية").',
        "names": [
            ("United States Department of State", "en", "alias"),
            ("وزارة الخارجية الأمريكية", "ar", "official"),
            ("Государственный департамент США", "ru", "official"),
        ],
    },
    # People.
    {
        "slug": "khalifa-haftar",
        "kind": "person",
        "name": "Khalifa Haftar",
        "country": "LY",
        "description": "Field marshal (المشير), General Commander of the Libyan National Army.",
        "names": [
            ("Khalifa Hifter", "en", "transliteration"),
            ("خليفة حفتر", "ar", "official"),
            ("Халифа Хафтар", "ru", "official"),
        ],
    },
    {
        "slug": "khaled-haftar",
        "kind": "person",
        "name": "Khaled Haftar",
        "country": "LY",
        "description": 'Major general (اللواء), son of Khalifa Haftar (the article: "نجل المشير").',
        "names": [
            ("Khalid Haftar", "en", "transliteration"),
            ("خالد حفتر", "ar", "official"),
        ],
    },
    {
        "slug": "saddam-haftar",
        "kind": "person",
        "name": "Saddam Haftar",
        "country": "LY",
        "description": "General (الجنرال), commander of the ground forces of the Libyan National Army.",
        "names": [
            ("صدام حفتر", "ar", "official"),
        ],
    },
    {
        "slug": "vladimir-putin",
        "kind": "person",
        "name": "Vladimir Putin",
        "country": "RU",
        "wikidata_id": "Q7747",
        "description": "President of Russia.",
        "names": [
            ("فلاديمير بوتين", "ar", "official"),
            ("Владимир Путин", "ru", "official"),
        ],
    },
    {
        "slug": "andrei-belousov",
        "kind": "person",
        "name": "Andrei Belousov",
        "country": "RU",
        "description": "Russia's Minister of Defence.",
        "names": [
            ("Andrey Belousov", "en", "transliteration"),
            ("أندريه بيلوسوف", "ar", "official"),
            ("Андрей Белоусов", "ru", "official"),
        ],
    },
    {
        "slug": "sergei-shoigu",
        "kind": "person",
        "name": "Sergei Shoigu",
        "country": "RU",
        "description": "Secretary of the Security Council of Russia.",
        "names": [
            ("Sergey Shoygu", "en", "transliteration"),
            ("سيرغي شويغو", "ar", "official"),
            ("Сергей Шойгу", "ru", "official"),
        ],
    },
    {
        "slug": "yunus-bek-yevkurov",
        "kind": "person",
        "name": "Yunus-Bek Yevkurov",
        "country": "RU",
        "description": "Colonel general (الفريق أول), Russia's deputy minister of defence.",
        "names": [
            ("Yunus-bek Evkurov", "en", "transliteration"),
            ("يونس بك يفكيروف", "ar", "official"),
            ("Юнус-Бек Евкуров", "ru", "official"),
        ],
    },
]

# ---------------------------------------------------------------------------------------------
# Places. Coordinates are approximate centres; the precision says how far to trust them.
# ---------------------------------------------------------------------------------------------

PLACES = [
    {
        "slug": "moscow",
        "name": "Moscow",
        "kind": "city",
        "country": "RU",
        "latitude": "55.75583",
        "longitude": "37.61730",
        "coordinate_precision": "local",
        "names": [("موسكو", "ar", "official"), ("Москва", "ru", "official")],
    },
    {
        "slug": "moscow-kremlin",
        "name": "Kremlin",
        "kind": "site",
        "country": "RU",
        "latitude": "55.75200",
        "longitude": "37.61750",
        "coordinate_precision": "local",
        "names": [
            ("Moscow Kremlin", "en", "alias"),
            ("الكرملين", "ar", "official"),
            ("Московский Кремль", "ru", "official"),
            ("Кремль", "ru", "alias"),
        ],
    },
    {
        "slug": "red-square",
        "name": "Red Square",
        "kind": "site",
        "country": "RU",
        "latitude": "55.75393",
        "longitude": "37.62079",
        "coordinate_precision": "local",
        "names": [("الساحة الحمراء", "ar", "official"), ("Красная площадь", "ru", "official")],
    },
    {
        "slug": "tamanhint-air-base",
        "name": "Tamanhint Air Base",
        "kind": "base",
        "country": "LY",
        # Approximate (two decimals); the base lies north-east of Sabha in southern Libya.
        "latitude": "27.24000",
        "longitude": "14.65000",
        "coordinate_precision": "local",
        "names": [
            # The usual Arabic spelling.
            ("قاعدة تمنهنت", "ar", "official"),
            # The article's spelling (paragraph 19: "قاعدة تمنتات الجوية"). Kept so that a search
            # for the article's word finds the base.
            ("قاعدة تمنتات", "ar", "alias"),
        ],
    },
    # The article names Washington only as a stand-in for the US government ("دعم واشنطن",
    # paragraph 20); no event is placed there, since the article does not say where in the
    # United States Saddam Haftar met State Department officials.
    {
        "slug": "washington",
        "name": "Washington",
        "kind": "city",
        "country": "US",
        "latitude": "38.90720",
        "longitude": "-77.03690",
        "coordinate_precision": "local",
        "names": [("واشنطن", "ar", "official"), ("Вашингтон", "ru", "official")],
    },
    # Country-wide places, for events the article places no more precisely than a country.
    {
        "slug": "united-states",
        "name": "United States",
        "kind": "country",
        "country": "US",
        "names": [("الولايات المتحدة", "ar", "official"), ("США", "ru", "alias")],
    },
    {
        "slug": "libya",
        "name": "Libya",
        "kind": "country",
        "country": "LY",
        "names": [("ليبيا", "ar", "official"), ("Ливия", "ru", "official")],
    },
]

# ---------------------------------------------------------------------------------------------
# Events. Participants: (actor slug, role, note). Every claim quotes the article verbatim.
# ---------------------------------------------------------------------------------------------

LNA_POST_SATURDAY = "official Facebook page of the General Command, post on Saturday evening (10 May 2025)"

EVENTS = [
    {
        "key": "haftar-moscow-visit",
        "kind": "visit",
        "title": "Khalifa Haftar's official visit to Moscow",
        "title_ar": "زيارة المشير خليفة حفتر الرسمية إلى موسكو",
        "description": (
            "Khalifa Haftar visits Moscow at Russia's official invitation, on the eve of the "
            "celebrations of the 80th anniversary of Victory Day, and is received by deputy "
            "defence minister Yunus-Bek Yevkurov. During the visit he meets Vladimir Putin, "
            "Andrei Belousov and Sergei Shoigu and attends the Red Square parade."
        ),
        "start_date": datetime.date(2025, 5, 7),
        "start_precision": "day",
        "end_date": datetime.date(2025, 5, 10),
        "end_precision": "day",
        "date_note": (
            'Start: "مساء الأربعاء" (Wednesday evening, paragraph 3) and "الأربعاء" '
            "(paragraph 16) in an article dated Sunday 11 May 2025 → Wednesday 7 May 2025, the "
            "day of arrival. Paragraph 6 says, after the LNA's post, that the official visit "
            "began on Thursday (8 May); the arrival date is kept as the start. "
            "End: the article does not say when he left. The end is Saturday 10 May 2025, the "
            "last day on which the article places him in Moscow (the meeting with Belousov); "
            "an editor's choice, to revise when the departure is reported."
        ),
        "place": "moscow",
        "visit_on_invitation": True,
        "visit_occasion": "80th anniversary of Victory Day over Nazism (الذكرى الثمانين لعيد النصر على النازية)",
        "participants": [
            ("khalifa-haftar", "visitor", ""),
            ("russian-federation", "host", 'invited him: "بناء على دعوة رسمية من الجانب الروسي"'),
            ("yunus-bek-yevkurov", "received_by", "received him on arrival, with an official ceremony"),
        ],
        "claims": [
            {
                "quote": (
                    "التقى القائد العام للجيش الوطني الليبي المشير خليفة حفتر، الرئيس الروسي "
                    "فلاديمير بوتين بالعاصمة موسكو التي وصلها مساء الأربعاء في زيارة رسمية"
                ),
                "translation": (
                    "The General Commander of the Libyan National Army, Field Marshal Khalifa "
                    "Haftar, met Russian President Vladimir Putin in the capital Moscow, which he "
                    "reached on Wednesday evening on an official visit"
                ),
                # 2: the article's own account, borne out by the LNA's posts and the Kremlin.
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
            {
                "quote": (
                    "ووصل حفتر وصل روسيا الأربعاء بناء على دعوة رسمية من الجانب الروسي، عشية "
                    "احتفالات بالذكرى الثمانين لعيد النصر على النازية، التي نظمها موسكو، وكان في "
                    "استقباله نائب وزير الدفاع الروسي، الفريق أول يونس بك يفكيروف، وسط مراسم "
                    "استقبال رسمية، وفق القيادة العامة للقوات المسلحة الليبية"
                ),
                "translation": (
                    "Haftar arrived in Russia on Wednesday at the official invitation of the "
                    "Russian side, on the eve of the celebrations of the 80th anniversary of "
                    "Victory Day over Nazism organized by Moscow, and was received by Russian "
                    "Deputy Defence Minister Colonel General Yunus-Bek Yevkurov with an official "
                    "welcome ceremony, according to the General Command of the Libyan Armed Forces"
                ),
                # 2: the LNA's statement about its own commander's visit.
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": "the General Command of the Libyan Armed Forces (channel not stated)",
            },
            {
                "quote": "ضمن زيارته الرسمية التي بدأها الخميس إلى روسيا",
                "translation": "as part of his official visit to Russia, which he began on Thursday",
                # 2: the LNA's post about its own commander; it dates the start differently
                # from paragraphs 3 and 16 (see the date note).
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": LNA_POST_SATURDAY,
            },
            {
                "quote": (
                    "تقارير غربية تشير إلى أن المباحثات تناولت قضايا محورية مثل التعاون العسكري، "
                    "وبرامج التدريب المشتركة، وإدارة الوجود الروسي في أفريقيا، وخطط إعادة الإعمار "
                    "في مناطق سيطرة الجيش الوطني الليبي"
                ),
                "translation": (
                    "Western reports indicate that the talks covered central issues such as "
                    "military cooperation, joint training programmes, the management of the "
                    "Russian presence in Africa and reconstruction plans in the areas the Libyan "
                    "National Army controls"
                ),
                # 3: unnamed reports; the LNA's own post (paragraph 9) bears out only the
                # military cooperation part.
                "credibility": 3,
                "stance": "asserts",
                "attribution": "unnamed Western reports",
            },
        ],
    },
    {
        "key": "haftar-shoigu-meeting",
        "kind": "meeting",
        "title": "Khalifa Haftar meets Sergei Shoigu",
        "title_ar": "لقاء المشير خليفة حفتر وسكرتير مجلس الأمن الروسي سيرغي شويغو",
        "description": (
            "Khalifa Haftar meets the secretary of Russia's Security Council. According to the "
            "LNA, they discussed the latest international and regional developments."
        ),
        "parent": "haftar-moscow-visit",
        "start_date": datetime.date(2025, 5, 9),
        "start_precision": "day",
        "date_note": (
            '"الجمعة" (Friday, paragraph 12) in an article dated Sunday 11 May 2025 → Friday '
            "9 May 2025. The LNA's post about it is also dated Friday (paragraph 13)."
        ),
        # Paragraph 3: he met Shoigu during the visit to the capital, Moscow.
        "place": "moscow",
        "participants": [
            ("khalifa-haftar", "attendee", ""),
            ("sergei-shoigu", "attendee", ""),
        ],
        "claims": [
            {
                "quote": "وكان حفتر التقى سكرتير مجلس الأمن الروسي سيرغي شويغو، الجمعة",
                "translation": "Haftar had met the secretary of the Russian Security Council, Sergei Shoigu, on Friday",
                # 2: the article's own account, borne out by the LNA's post of the same day.
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
            {
                "quote": (
                    'وأوضحت "القيادة العامة للقوات المسلحة الليبية" في منشور الجمعة، أنه جرى '
                    "خلال اللقاء مناقشة آخر المستجدات على الساحتين الدولية والإقليمية"
                ),
                "translation": (
                    'The "General Command of the Libyan Armed Forces" said in a post on Friday '
                    "that the latest developments on the international and regional scenes were "
                    "discussed during the meeting"
                ),
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": "post on Friday (9 May 2025); the paragraph does not name the platform",
            },
        ],
    },
    {
        # Attending a parade is not a meeting in the everyday sense, but among the event kinds
        # (visit, meeting, agreement, deployment) "meeting" is the only one that fits an actor
        # being present at a gathering; the role "attendee" says what he did. A visit cannot
        # sit inside another visit.
        "key": "haftar-victory-day-parade",
        "kind": "meeting",
        "title": "Khalifa Haftar attends the Victory Day parade on Red Square",
        "title_ar": "حضور المشير خليفة حفتر العرض العسكري في الساحة الحمراء",
        "description": (
            "Khalifa Haftar attends the military parade held on Red Square for Victory Day over "
            "Nazism, after his meeting with Sergei Shoigu."
        ),
        "parent": "haftar-moscow-visit",
        "start_date": datetime.date(2025, 5, 9),
        "start_precision": "day",
        "date_note": 'The article gives the date itself: "الموافق 9 مايو" (paragraph 12) → 9 May 2025.',
        "place": "red-square",
        "participants": [
            ("khalifa-haftar", "attendee", ""),
            ("russian-federation", "host", "Moscow organized the celebrations (paragraph 16)"),
        ],
        "claims": [
            {
                "quote": (
                    "ومن ثم حضر العرض العسكري الذي أقيم في الساحة الحمراء بمناسبة يوم النصر على "
                    "النازية الموافق 9 مايو"
                ),
                "translation": (
                    "and then attended the military parade held on Red Square for Victory Day "
                    "over Nazism, on 9 May"
                ),
                # 3: the article's own account; no statement it quotes mentions the parade.
                "credibility": 3,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "key": "haftar-belousov-meeting",
        "kind": "meeting",
        "title": "Khalifa Haftar meets Andrei Belousov",
        "title_ar": "لقاء المشير خليفة حفتر ووزير الدفاع الروسي أندريه بيلوسوف",
        "description": (
            "Khalifa Haftar meets Russia's Minister of Defence. According to the LNA, they "
            "discussed regional developments and ways to strengthen military cooperation."
        ),
        "parent": "haftar-moscow-visit",
        "start_date": datetime.date(2025, 5, 10),
        "start_precision": "day",
        "date_note": (
            '"السبت" (Saturday, paragraph 8) in an article dated Sunday 11 May 2025 → '
            "Saturday 10 May 2025. The LNA posted about it on Saturday evening (paragraph 9)."
        ),
        "place": "moscow",
        "participants": [
            ("khalifa-haftar", "attendee", ""),
            ("andrei-belousov", "attendee", ""),
        ],
        "claims": [
            {
                "quote": "كما التقى حفتر السبت وزير الدفاع الروسي أندريه بيلوسوف في العاصمة الروسية موسكو",
                "translation": (
                    "Haftar also met Russian Defence Minister Andrei Belousov on Saturday in the "
                    "Russian capital, Moscow"
                ),
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
            {
                "quote": (
                    "وتباحث الجانبان حول آخر التطورات الإقليمية، إلى جانب مناقشة سبل تعزيز التعاون "
                    "العسكري وتنسيق الجهود في عدد من الملفات ذات الاهتمام المشترك، وفق منشور للصفحة "
                    'الرسمية "للقيادة العامة للقوات المسلحة الليبية" عبر منصة فيسبوك، مساء السبت'
                ),
                "translation": (
                    "The two sides discussed the latest regional developments, as well as ways to "
                    "strengthen military cooperation and coordinate efforts on a number of issues "
                    "of common interest, according to a post on the official Facebook page of the "
                    '"General Command of the Libyan Armed Forces" on Saturday evening'
                ),
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": LNA_POST_SATURDAY,
            },
        ],
    },
    {
        # Paragraphs 10-11: what Belousov said of Haftar, as the LNA's post relays it. A public
        # statement of support by one actor about another: a statement, not a claim of the meeting.
        "key": "belousov-praises-haftar",
        "kind": "statement",
        "title": "Andrei Belousov praises Khalifa Haftar's role in regional stability",
        "title_ar": "وزير الدفاع الروسي أندريه بيلوسوف يعرب عن تقديره لدور المشير خليفة حفتر",
        "description": (
            "Russia's Minister of Defence expresses his appreciation of Khalifa Haftar's role and "
            "his continued support for the region's stability, and his country's wish to develop "
            "the strategic partnership between the two countries, according to the LNA's post on "
            "their meeting."
        ),
        "parent": "haftar-moscow-visit",
        "start_date": datetime.date(2025, 5, 10),
        "start_precision": "day",
        "date_note": (
            "Said at the meeting of Saturday 10 May 2025 (paragraph 8), as the LNA's post of "
            'Saturday evening relays it ("وفق المنشور", paragraph 10).'
        ),
        "place": "moscow",
        "statement_stance": "support",
        "participants": [
            ("andrei-belousov", "speaker", ""),
            ("khalifa-haftar", "subject", "his role and support for regional stability"),
        ],
        "claims": [
            {
                "quote": (
                    'وأعرب الوزير بيلوسوف عن "تقديره لدور حفتر، ودعمه المستمر لاستقرار المنطقة '
                    'وتعزيز الأمن الإقليمي"، وفق المنشور'
                ),
                "translation": (
                    "Minister Belousov expressed \"his appreciation of Haftar's role, and his "
                    "continued support for the stability of the region and the strengthening of "
                    'regional security", according to the post'
                ),
                # 2: the LNA's post about its own commander's meeting, as for the meeting itself.
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": LNA_POST_SATURDAY,
            },
            {
                "quote": 'وأكد حرص بلاده على "تطوير الشراكة الاستراتيجية بين البلدين بما يخدم مصالحهما المشتركة"',
                "translation": (
                    "and affirmed his country's keenness \"to develop the strategic partnership "
                    'between the two countries in a way that serves their common interests"'
                ),
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": LNA_POST_SATURDAY,
            },
        ],
    },
    {
        "key": "haftar-putin-meeting-2025",
        "kind": "meeting",
        "title": "Khalifa Haftar meets Vladimir Putin at the Kremlin",
        "title_ar": "لقاء المشير خليفة حفتر والرئيس الروسي فلاديمير بوتين في الكرملين",
        "description": (
            "Khalifa Haftar meets Russia's president at the Kremlin. The LNA reported the meeting; "
            "the Kremlin confirmed it without giving details of what was discussed, and published "
            "three photographs."
        ),
        "parent": "haftar-moscow-visit",
        # The day is not known: a range, not a guess.
        "start_date": datetime.date(2025, 5, 7),
        "start_precision": "day",
        "end_date": datetime.date(2025, 5, 10),
        "end_precision": "day",
        "date_uncertain": True,
        "date_note": (
            "The day is not reported. Haftar arrived on Wednesday evening, 7 May 2025 "
            "(paragraph 3); the LNA posted on Saturday evening, 10 May, that the meeting had "
            "taken place (paragraph 5); the Kremlin confirmed it on Sunday 11 May without details "
            "(paragraph 7). So it happened on one day between 7 and 10 May 2025."
        ),
        "place": "moscow-kremlin",
        "participants": [
            ("khalifa-haftar", "attendee", ""),
            ("vladimir-putin", "attendee", ""),
        ],
        "claims": [
            {
                "quote": (
                    'وأفادت الصفحة الرسمية "للقيادة العامة للقوات المسلحة الليبية" عبر منصة فيسبوك '
                    "في منشور مساء السبت، بأن حفتر التقى الرئيس الروسي، في مقر الكرملين بالعاصمة موسكو"
                ),
                "translation": (
                    'The official page of the "General Command of the Libyan Armed Forces" on '
                    "Facebook said in a post on Saturday evening that Haftar had met the Russian "
                    "president at the Kremlin in the capital, Moscow"
                ),
                "credibility": 2,
                "stance": "asserts",
                "speaker": "libyan-national-army",
                "attribution": LNA_POST_SATURDAY,
            },
            {
                "quote": (
                    'أفاد المكتب الإعلامي بالرئاسة الروسية "الكرملين"، في بيان الأحد، بلقاء بوتين '
                    "وحفتر دون ذكر معلومات حول مضمون اللقاء"
                ),
                "translation": (
                    'the press office of the Russian presidency, "the Kremlin", reported in a '
                    "statement on Sunday the meeting between Putin and Haftar, without giving "
                    "information on what was discussed"
                ),
                # 2, not 1: we hold the statement only as the article relays it.
                "credibility": 2,
                "stance": "confirms",
                "speaker": "kremlin-press-office",
                "attribution": "statement on Sunday (11 May 2025), with three photographs",
            },
        ],
    },
    {
        "key": "haftar-putin-meeting-2023",
        "kind": "meeting",
        "title": "Khalifa Haftar meets Vladimir Putin (September 2023)",
        "title_ar": "لقاء المشير خليفة حفتر والرئيس الروسي فلاديمير بوتين (سبتمبر 2023)",
        "description": "An earlier meeting between Khalifa Haftar and Vladimir Putin; the article gives no place.",
        "start_date": datetime.date(2023, 9, 1),
        "start_precision": "month",
        "date_note": '"في سبتمبر 2023" (paragraph 25): the month is known, the day is not.',
        "participants": [
            ("khalifa-haftar", "attendee", ""),
            ("vladimir-putin", "attendee", ""),
        ],
        "claims": [
            {
                "quote": (
                    "ولا يعتبر هذا اللقاء الأول لحفتر الذي تربطه علاقات وثيقة بموسكو، إذ سبق أن "
                    "التقى الرئيس بوتين في سبتمبر 2023"
                ),
                "translation": (
                    "This is not the first meeting for Haftar, who has close ties with Moscow: he "
                    "met President Putin before, in September 2023"
                ),
                "credibility": 3,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "key": "saddam-haftar-us-visit",
        "kind": "visit",
        "title": "Saddam Haftar's official visit to the United States",
        "title_ar": "زيارة صدام حفتر الرسمية إلى الولايات المتحدة",
        "description": (
            "Saddam Haftar, commander of the LNA's ground forces, makes an official visit to the "
            "United States and meets senior State Department officials; Washington's support for "
            "unifying Libya's military institutions is affirmed. The article does not say where "
            "in the United States the meetings took place."
        ),
        "start_date": datetime.date(2025, 1, 1),
        "start_precision": "year",
        "end_date": datetime.date(2025, 5, 7),
        "end_precision": "day",
        "date_uncertain": True,
        "date_note": (
            'Known only as "فقبل توجهه إلى موسكو" (before Khalifa Haftar left for Moscow, '
            "paragraph 20). Latest possible day: 7 May 2025, when Khalifa Haftar arrived in Moscow. "
            "Earliest: not given; recorded as 2025 on the editor's reading that the article "
            'presents the two trips as parallel, recent moves ("التحركات المتوازية", '
            "paragraph 21). Revise when a dated source is found."
        ),
        "place": "united-states",
        "visit_on_invitation": None,
        "participants": [
            ("saddam-haftar", "visitor", ""),
            ("united-states", "host", ""),
            ("us-state-department", "attendee", 'senior officials ("كبار مسؤولي وزارة الخارجية")'),
        ],
        "claims": [
            {
                "quote": (
                    "فقبل توجهه إلى موسكو، قام الجنرال صدام حفتر، قائد القوات البرية للجيش الوطني "
                    "الليبي، بزيارة رسمية إلى الولايات المتحدة، حيث التقى كبار مسؤولي وزارة الخارجية"
                ),
                "translation": (
                    "Before he left for Moscow, General Saddam Haftar, commander of the ground "
                    "forces of the Libyan National Army, made an official visit to the United "
                    "States, where he met senior State Department officials"
                ),
                "credibility": 3,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "key": "khaled-haftar-yevkurov-agreement",
        "kind": "agreement",
        "title": "Strategic agreement between Khaled Haftar and Yunus-Bek Yevkurov",
        "title_ar": "اتفاقية استراتيجية بين خالد حفتر ونائب وزير الدفاع الروسي يونس بك يفكيروف",
        "description": (
            "Khaled Haftar signs a strategic agreement with Russia's deputy defence minister, "
            "aimed at strengthening the military capabilities of eastern Libya's forces through "
            "logistical support, training and arms. Sourced to reports, not to an official text: "
            "no statement quoted in the article mentions it."
        ),
        "start_date": datetime.date(2025, 1, 1),
        "start_precision": "year",
        "end_date": datetime.date(2025, 5, 11),
        "end_precision": "day",
        "date_uncertain": True,
        "date_note": (
            "The article gives no date for the signing (paragraph 18). Latest possible day: "
            "11 May 2025, the article's date. Earliest: not given; recorded as 2025 on the "
            "editor's reading that the article presents it as part of the current phase of "
            "cooperation. Revise when a dated source is found."
        ),
        # The article names no form (treaty, memorandum…): "اتفاقية استراتيجية" only.
        "agreement_subjects": ["military_cooperation", "training", "arms", "logistics"],
        "agreement_scope": "logistics, training and arms",
        # "وقّع" (signed): the one stage the article reports, dated as the record is (2025,
        # the year; see the date note). No one is named as having ratified it.
        "stages": [
            {
                "stage": "signed",
                "date": datetime.date(2025, 1, 1),
                "date_precision": "year",
                "note": "The article gives no date for the signing; 2025 as the agreement's start.",
            },
        ],
        # "تهدف إلى تعزيز القدرات العسكرية لقوات الشرق الليبي عبر الدعم اللوجستي والتدريب
        # والتسليح": the Russian side strengthens eastern Libya's forces. The article names no
        # obligation of the Libyan side, so none is recorded for it.
        "provisions": [
            {
                "obligation": "training",
                "party": "yunus-bek-yevkurov",
                "note": 'the Russian side, for eastern Libya\'s forces ("التدريب")',
            },
            {
                "obligation": "arms_supply",
                "party": "yunus-bek-yevkurov",
                "note": 'the Russian side, for eastern Libya\'s forces ("التسليح")',
            },
            {
                "obligation": "other",
                "party": "yunus-bek-yevkurov",
                "note": 'logistical support for eastern Libya\'s forces ("الدعم اللوجستي")',
            },
        ],
        "participants": [
            ("khaled-haftar", "signatory", ""),
            ("yunus-bek-yevkurov", "signatory", ""),
        ],
        "claims": [
            {
                "quote": (
                    "حيث وقّع اللواء خالد حفتر، نجل المشير، اتفاقية استراتيجية مع نائب وزير الدفاع "
                    "الروسي يونس بك يفكيروف، تهدف إلى تعزيز القدرات العسكرية لقوات الشرق الليبي عبر "
                    "الدعم اللوجستي والتدريب والتسليح"
                ),
                "translation": (
                    "as Major General Khaled Haftar, the Field Marshal's son, signed a strategic "
                    "agreement with Russian Deputy Defence Minister Yunus-Bek Yevkurov, aimed at "
                    "strengthening the military capabilities of eastern Libya's forces through "
                    "logistical support, training and arms"
                ),
                # 3: stated without a source, between "Western reports" (paragraph 17) and
                # "reports revealed" (paragraph 19); neither side's quoted statements mention it.
                "credibility": 3,
                "stance": "asserts",
                "attribution": (
                    'reports: the sentence names no source; it stands between "Western reports" '
                    '(paragraph 17) and "reports revealed" (paragraph 19)'
                ),
            },
        ],
    },
    {
        "key": "belarusian-trainers-tamanhint",
        "kind": "deployment",
        "title": "Belarusian trainers at Tamanhint Air Base",
        "title_ar": "نشر مدربين بيلاروسيين في قاعدة تمنتات الجوية",
        "description": (
            "Unnamed reports say Belarusian trainers were deployed at an air base the article "
            "spells قاعدة تمنتات, taken to be Tamanhint Air Base in southern Libya (usually "
            "قاعدة تمنهنت). The article gives no number and does not say who sent them: Belarus "
            "is recorded as deploying because the trainers are Belarusian and the article speaks "
            "of a Moscow–Benghazi–Minsk axis; the LNA as hosting because the base lies in the "
            "area the article ties to it. Low credibility: reports only, unconfirmed."
        ),
        "start_date": datetime.date(2025, 1, 1),
        "start_precision": "year",
        "end_date": datetime.date(2025, 5, 11),
        "end_precision": "day",
        "date_uncertain": True,
        "date_note": (
            "The article gives no date (paragraph 19); only that reports had revealed it by "
            "11 May 2025, the article's date. Earliest: not given; recorded as 2025 on the "
            "editor's reading that the reports are recent. Revise when a dated source is found."
        ),
        "place": "tamanhint-air-base",
        "deployment_personnel": ["trainers"],
        "participants": [
            ("belarus", "deploying", 'the article says only "مدربين بيلاروسيين" (Belarusian trainers)'),
            ("libyan-national-army", "hosting", ""),
        ],
        "claims": [
            {
                "quote": "كما كشفت تقارير عن نشر مدربين بيلاروسيين في قاعدة تمنتات الجوية",
                "translation": "Reports also revealed the deployment of Belarusian trainers at Tamanhint air base",
                # 4: unnamed reports, no number, no date, no confirmation by anyone.
                "credibility": 4,
                "stance": "asserts",
                "attribution": 'unnamed reports ("كشفت تقارير")',
            },
        ],
    },
    {
        "key": "equipment-shipments-lna",
        "kind": "transfer",
        "title": "Equipment shipments to the Libyan National Army",
        "title_ar": "نقل شحنات معدات إلى قوات الجيش الوطني الليبي",
        "description": (
            "Unnamed reports say shipments of equipment were transferred to the forces of the "
            "Libyan National Army. The article names neither the sender nor the equipment; the "
            "place is Libya, where the receiving forces are. Low credibility: reports only, "
            "unconfirmed."
        ),
        "start_date": datetime.date(2025, 1, 1),
        "start_precision": "year",
        "end_date": datetime.date(2025, 5, 11),
        "end_precision": "day",
        "date_uncertain": True,
        "date_note": (
            "The article gives no date (paragraph 19); only that reports had revealed it by "
            "11 May 2025, the article's date. Earliest: not given; recorded as 2025 on the "
            "editor's reading that the reports are recent. Revise when a dated source is found."
        ),
        "place": "libya",
        "transfer_item_category": "equipment",
        "transfer_status": "delivered",
        "participants": [
            ("libyan-national-army", "recipient", "receives the shipments; the article names no sender"),
        ],
        "claims": [
            {
                "quote": "ونقل شحنات معدات إلى قوات الجيش الوطني الليبي",
                "translation": "and the transfer of equipment shipments to the forces of the Libyan National Army",
                # 4: the same unnamed reports as the trainers ("كشفت تقارير عن ... ونقل ...").
                "credibility": 4,
                "stance": "asserts",
                "attribution": 'unnamed reports ("كشفت تقارير")',
            },
        ],
    },
]

# Links between events, only where the article itself relates them: (from, kind, to).
EVENT_LINKS = [
    # Paragraphs 17-18 set the agreement in the story of the visit ("وتأتي زيارة حفتر ... وتجاوز
    # التعاون ..."), but do not say the visit led to it: "related to", not "led to".
    ("haftar-moscow-visit", "related_to", "khaled-haftar-yevkurov-agreement"),
    # Paragraph 10 relays Belousov's words from the LNA's post on the meeting ("وفق المنشور").
    ("haftar-belousov-meeting", "related_to", "belousov-praises-haftar"),
    # Paragraph 21 calls the two trips "parallel moves" (التحركات المتوازية).
    ("saddam-haftar-us-visit", "related_to", "haftar-moscow-visit"),
]

# ---------------------------------------------------------------------------------------------
# Ties. The article gives no start or end for any of them: the periods are left open, and the
# date note says the article shows the tie as of its own date.
# ---------------------------------------------------------------------------------------------

AS_OF_ARTICLE = (
    "The article gives no start or end date; it shows this tie as current on 11 May 2025, the "
    "article's date. Period left open."
)

TIES = [
    {
        "subject": "khalifa-haftar",
        "kind": "commands",
        "object": "libyan-national-army",
        "title": "General Commander",
        "title_ar": "القائد العام",
        "date_note": AS_OF_ARTICLE,
        "claims": [
            {
                "quote": "القائد العام للجيش الوطني الليبي المشير خليفة حفتر",
                "translation": "the General Commander of the Libyan National Army, Field Marshal Khalifa Haftar",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "subject": "saddam-haftar",
        "kind": "commands",
        "object": "libyan-national-army",
        "title": "commander of the ground forces",
        "title_ar": "قائد القوات البرية",
        "date_note": AS_OF_ARTICLE,
        "claims": [
            {
                "quote": "الجنرال صدام حفتر، قائد القوات البرية للجيش الوطني الليبي",
                "translation": "General Saddam Haftar, commander of the ground forces of the Libyan National Army",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "subject": "khaled-haftar",
        "kind": "child_of",
        "object": "khalifa-haftar",
        "title": "son",
        "title_ar": "نجل",
        "date_note": "",
        "claims": [
            {
                "quote": "اللواء خالد حفتر، نجل المشير",
                "translation": "Major General Khaled Haftar, the Field Marshal's son",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    # DESIGN.md lists Saddam Haftar as a son of Khalifa Haftar too, but THIS ARTICLE DOES NOT SAY
    # SO: it calls Khaled "نجل المشير" and Saddam only "قائد القوات البرية". Sharing a surname is
    # not evidence. The tie is therefore kept as a draft with no claim, waiting for a source; it
    # cannot be published (and never reaches the API) until an editor cites one.
    {
        "subject": "saddam-haftar",
        "kind": "child_of",
        "object": "khalifa-haftar",
        "title": "son",
        "title_ar": "نجل",
        "status": "draft",
        "date_note": "",
        "claims": [],
    },
    {
        "subject": "andrei-belousov",
        "kind": "holds_office_in",
        "object": "russian-ministry-of-defence",
        "title": "Minister of Defence",
        "title_ar": "وزير الدفاع",
        "date_note": AS_OF_ARTICLE,
        "claims": [
            {
                "quote": "وزير الدفاع الروسي أندريه بيلوسوف",
                "translation": "Russian Defence Minister Andrei Belousov",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "subject": "sergei-shoigu",
        "kind": "holds_office_in",
        "object": "security-council-of-russia",
        "title": "Secretary",
        "title_ar": "سكرتير مجلس الأمن",
        "date_note": AS_OF_ARTICLE,
        "claims": [
            {
                "quote": "سكرتير مجلس الأمن الروسي سيرغي شويغو",
                "translation": "the secretary of the Russian Security Council, Sergei Shoigu",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
    {
        "subject": "yunus-bek-yevkurov",
        "kind": "holds_office_in",
        "object": "russian-ministry-of-defence",
        "title": "Deputy Minister of Defence",
        "title_ar": "نائب وزير الدفاع",
        "date_note": AS_OF_ARTICLE,
        "claims": [
            {
                "quote": "نائب وزير الدفاع الروسي، الفريق أول يونس بك يفكيروف",
                "translation": "Russian Deputy Defence Minister, Colonel General Yunus-Bek Yevkurov",
                "credibility": 2,
                "stance": "asserts",
                "attribution": "the article's own reporting",
            },
        ],
    },
]
