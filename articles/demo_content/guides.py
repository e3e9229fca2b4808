"""Demo guide metadata for Solenne Med Spa; bodies live in the sibling .html files."""

GUIDES = [
    {
        "slug": "mesotherapy-explained",
        "title": "Mesotherapy Explained: What It Can and Can't Do",
        "summary": (
            "A plain-spoken look at mesotherapy: how the micro-injections work, what they are "
            "used for, where the evidence is thin, and who should skip it."
        ),
        "seo_title": "Mesotherapy Explained: Uses, Limits and What to Expect",
        "seo_description": (
            "What mesotherapy is, what it isn't, how it compares with carboxy therapy and body "
            "contouring, what a session involves, and who should skip it."
        ),
        "topics": ["Body contouring", "Skin"],
        "treatments": ["mesotherapy"],
        "related_guides": [
            "choosing-a-body-contouring-treatment",
            "laser-lipo-vs-sculpsure-vs-tempsure",
        ],
        "comparison_treatments": ["mesotherapy", "carboxy-therapy", "body-contouring"],
        "hero_alt": "Soft abstract illustration of overlapping sage and sand curves",
        "hero_caption": "",
        "hero_colors": ["#9CAF97", "#E4D5BE"],
        "medically_reviewed": True,
        "body_file": "mesotherapy-explained.html",
    },
    {
        "slug": "vacuum-therapy-butt-lift",
        "title": "Vacuum Therapy Butt Lifts: An Honest Look at What Suction Does",
        "summary": (
            "What vacuum therapy can and can't do for the buttocks, why most of the lift is "
            "temporary, what a session is like, and how it compares with strength training."
        ),
        "seo_title": "Vacuum Therapy Butt Lift: Honest Facts",
        "seo_description": (
            "An honest guide to vacuum-therapy butt lifting: what suction does, temporary vs "
            "lasting effects, session format, who should skip it, and exercise."
        ),
        "topics": ["Body contouring", "Lymphatic health"],
        "treatments": ["vacuum-therapy", "lymphatic-drainage"],
        "related_guides": [
            "choosing-a-body-contouring-treatment",
            "lymphatic-drainage-after-surgery",
        ],
        "comparison_treatments": [],
        "hero_alt": "Soft abstract illustration of rounded clay and sand shapes",
        "hero_caption": "",
        "hero_colors": ["#C98E72", "#EADBC6"],
        "medically_reviewed": False,
        "body_file": "vacuum-therapy-butt-lift.html",
    },
    {
        "slug": "choosing-a-body-contouring-treatment",
        "title": "How to Choose a Non-Surgical Body Contouring Treatment",
        "summary": (
            "Match your goal, whether stubborn fat, loose skin, cellulite or fluid retention, to "
            "the right kind of treatment, with questions to ask and hype to watch for."
        ),
        "seo_title": "Choosing a Body Contouring Treatment",
        "seo_description": (
            "How to pick a non-surgical body treatment by goal: fat pockets, skin laxity, "
            "cellulite or fluid retention. Plus consultation questions and red flags."
        ),
        "topics": ["Choosing a treatment", "Body contouring"],
        "treatments": [
            "body-contouring",
            "sculpsure",
            "laser-lipo",
            "tempsure-body",
            "anti-cellulite",
            "lymphatic-drainage",
        ],
        "related_guides": [
            "laser-lipo-vs-sculpsure-vs-tempsure",
            "mesotherapy-explained",
            "vacuum-therapy-butt-lift",
        ],
        "comparison_treatments": [],
        "hero_alt": "Soft abstract illustration of sage, sand and mist bands meeting",
        "hero_caption": "",
        "hero_colors": ["#B7C4B1", "#D9CBB5"],
        "medically_reviewed": False,
        "body_file": "choosing-a-body-contouring-treatment.html",
    },
    {
        "slug": "laser-lipo-vs-sculpsure-vs-tempsure",
        "title": "Laser Lipo vs SculpSure vs TempSure Body: How They Differ",
        "summary": (
            "Two lasers and one radiofrequency device, compared on how they work, who they suit, "
            "sessions, comfort, downtime and when any results tend to appear."
        ),
        "seo_title": "Laser Lipo vs SculpSure vs TempSure Body",
        "seo_description": (
            "Compare laser lipo, SculpSure and TempSure Body: mechanism, best uses, number of "
            "sessions, comfort, downtime, timing of results and who should skip them."
        ),
        "topics": ["Choosing a treatment", "Body contouring", "Skin"],
        "treatments": ["laser-lipo", "sculpsure", "tempsure-body"],
        "related_guides": [
            "choosing-a-body-contouring-treatment",
            "mesotherapy-explained",
        ],
        "comparison_treatments": ["laser-lipo", "sculpsure", "tempsure-body"],
        "hero_alt": "Soft abstract illustration of three mist and sage light beams",
        "hero_caption": "",
        "hero_colors": ["#A9BBC0", "#A3B49D"],
        "medically_reviewed": True,
        "body_file": "laser-lipo-vs-sculpsure-vs-tempsure.html",
    },
    {
        "slug": "lymphatic-drainage-after-surgery",
        "title": "Lymphatic Drainage After Cosmetic Surgery: When and What to Expect",
        "summary": (
            "How manual lymphatic drainage can support recovery after liposuction and other "
            "procedures, why your surgeon's clearance comes first, and what it can't do."
        ),
        "seo_title": "Lymphatic Drainage After Surgery: A Guide",
        "seo_description": (
            "Manual lymphatic drainage after liposuction and other cosmetic surgery: when to "
            "start, what sessions feel like, how many you may need, and its limits."
        ),
        "topics": ["Lymphatic health"],
        "treatments": ["lymphatic-drainage"],
        "related_guides": [
            "vacuum-therapy-butt-lift",
            "choosing-a-body-contouring-treatment",
        ],
        "comparison_treatments": [],
        "hero_alt": "Soft abstract illustration of flowing mist and sage lines",
        "hero_caption": "",
        "hero_colors": ["#C4D0CF", "#9FB3A2"],
        "medically_reviewed": False,
        "body_file": "lymphatic-drainage-after-surgery.html",
    },
]
