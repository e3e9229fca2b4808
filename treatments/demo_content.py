"""Demo content for the Solenne Med Spa treatment pages."""

TREATMENTS = [
    {
        "slug": "mesotherapy",
        "name": "Mesotherapy",
        "category": "Body",
        "short_description": (
            "A series of tiny injections placed just under the skin to soften small, stubborn "
            "pockets of fat or refresh tired-looking skin, planned after an in-person consultation."
        ),
        "body": (
            "<h2>What mesotherapy is</h2>"
            "<p>Mesotherapy is a series of very small injections placed into the middle layer of "
            "the skin or the fat just beneath it. The technique was developed in France in the "
            "1950s, and today the name covers several quite different approaches. At Solenne we "
            "use it in two ways: to help soften small, well-defined pockets of fat that have not "
            "shifted with exercise, and to refresh dull skin with a blend of hydrating "
            "ingredients.</p>"
            "<h2>How a session works</h2>"
            "<p>After cleansing the area and applying numbing cream if you would like it, your "
            "clinician uses a very fine needle to place tiny amounts of the chosen solution in a "
            "grid pattern. Most people describe a quick pinch with each injection. Afterward the "
            "area can feel tender, swollen or warm for a few days, and bruising is common, so we "
            "suggest keeping big events off the calendar for about a week after a body session.</p>"
            "<h2>An honest note on the evidence</h2>"
            "<p>The research behind mesotherapy is mixed. One fat-dissolving ingredient, "
            "deoxycholic acid, is FDA-approved for fat under the chin, and that approval rests on "
            "solid clinical trials. Many other mesotherapy blends have only small studies or "
            "practitioner experience behind them, and formulas vary from clinic to clinic. Before "
            "you decide anything, we will tell you exactly what we plan to inject, why, and what "
            "is and is not known about it.</p>"
            "<h3>Why we start with a consultation</h3>"
            "<p>The right product, dose and number of sessions depend on the area and on your "
            "goals, so we do not quote a single figure up front. At your consultation we look at "
            "the area, review your health history and give you a written plan. Sometimes the "
            "honest answer is that another option would suit you better, or that you do not need "
            "treatment at all.</p>"
            "<h2>What to expect from results</h2>"
            "<ul><li>Change is gradual and usually shows after two or three sessions.</li><li>Fat "
            "reduction is modest and suits small areas, not overall size.</li><li>Skin-focused "
            "sessions give a subtle freshness rather than a dramatic change.</li></ul>"
            "<p>For a longer look at ingredients, safety and realistic outcomes, read our guide, "
            '<a href="/guides/mesotherapy-explained/">Mesotherapy explained</a>.</p>'
        ),
        "price_kind": "consultation",
        "price_amount": None,
        "price_unit": "",
        "how_it_works": (
            "Very fine needles place small amounts of a chosen solution into the skin or the fat "
            "layer just beneath it, in a grid across the treatment area."
        ),
        "best_for": (
            "Small, well-defined fat pockets or dull skin in people comfortable with injections "
            "and a gradual result."
        ),
        "format": "series",
        "typical_sessions": "3–6 sessions",
        "spacing": "2–4 weeks apart",
        "session_length": "30–45 minutes",
        "downtime": "Tenderness, swelling and bruising for 3–7 days",
        "results_timeline": "Gradually, after 2–3 sessions",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have an active skin infection or rash in the area",
            "You take blood thinners or have a bleeding disorder",
            "You have diabetes that is not well controlled",
            "You have reacted badly to any ingredient in the planned solution",
            "You have an autoimmune condition that affects healing",
        ],
        "not_for": [
            "Not liposuction",
            "Not a weight-loss treatment",
            "Not a fix for loose skin",
        ],
        "faqs": [
            {
                "question": "Does mesotherapy hurt?",
                "answer": (
                    "Most people feel a series of quick pinches. Numbing cream takes the edge off, "
                    "and the tenderness afterward is usually more noticeable than the injections "
                    "themselves."
                ),
            },
            {
                "question": "Is mesotherapy FDA-approved?",
                "answer": (
                    "Only one fat-reducing injectable, deoxycholic acid, is FDA-approved, and only "
                    "for fat under the chin. Other mesotherapy blends are used off-label or are "
                    "not approved, which is why we explain every ingredient before treatment."
                ),
            },
            {
                "question": "Will the fat come back?",
                "answer": (
                    "Fat cells that are destroyed do not regrow, but the remaining cells can still "
                    "enlarge if you gain weight. Keeping a steady weight helps results last."
                ),
            },
            {
                "question": "Why is there no price listed?",
                "answer": (
                    "The product, dose and number of sessions vary from person to person, so we "
                    "give you a written quote after your consultation."
                ),
            },
        ],
        "guides": [
            "mesotherapy-explained",
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in sage and mist tones with a soft dotted texture",
        "hero_colors": [
            "#A3B18A",
            "#DDE3E6",
        ],
    },
    {
        "slug": "carboxy-therapy",
        "name": "Carboxy therapy",
        "category": "Body",
        "short_description": (
            "Small, controlled amounts of medical-grade carbon dioxide placed under the skin to "
            "help with the look of cellulite, stretch marks and under-eye shadows."
        ),
        "body": (
            "<h2>What carboxy therapy is</h2>"
            "<p>Carboxy therapy uses medical-grade carbon dioxide, the same gas your body makes "
            "and breathes out every minute. A very fine needle delivers a small, measured amount "
            "just under the skin. As the body clears the gas, blood flow to the area increases, "
            "and that response is thought to support circulation and collagen in the treated "
            "skin.</p>"
            "<h2>What a session feels like</h2>"
            "<p>The gas flows through a thin tube from a device that controls the rate and volume. "
            "As it spreads under the skin you may feel pressure, warmth or a brief crackling "
            "sensation, a little like pressing on bubble wrap. This fades within minutes as the "
            "gas is absorbed. Sessions are short, and most people go straight back to their day. "
            "Small bruises at the injection points are the most common side effect.</p>"
            "<h2>Where it is used</h2>"
            "<ul><li>Cellulite on the thighs and buttocks</li><li>Stretch marks, especially newer "
            "ones that are still pink or purple</li><li>Dark circles linked to thin skin or "
            "sluggish circulation under the eyes</li><li>Mild dullness and uneven skin "
            "texture</li></ul>"
            "<h2>What the evidence says</h2>"
            "<p>Carboxy therapy has been used in Europe and South America for decades, and a "
            "number of studies report improvements in skin texture, stretch marks and cellulite. "
            "Those studies are generally small, short and not always well controlled, so we "
            "present this as a reasonable, low-risk option rather than a proven one. Results tend "
            "to be subtle and build over a series, and we will not promise a specific outcome.</p>"
            "<h3>Why we start with a consultation</h3>"
            "<p>The number of sessions, the areas and the gas volume all depend on what you want "
            "to change, so we plan your course in person. We also check whether something else, "
            "such as our <em>anti-cellulite treatment</em> or a simple change in skin care, might "
            "serve you better. If you are weighing up several body treatments, our guide on <a "
            'href="/guides/choosing-a-body-contouring-treatment/">choosing a body contouring '
            "treatment</a> lays out the differences.</p>"
        ),
        "price_kind": "consultation",
        "price_amount": None,
        "price_unit": "",
        "how_it_works": (
            "A fine needle delivers measured amounts of medical-grade carbon dioxide under the "
            "skin, prompting a local rise in blood flow as the body clears the gas."
        ),
        "best_for": (
            "Mild cellulite, newer stretch marks or under-eye shadows in people who want a "
            "low-downtime option and accept subtle results."
        ),
        "format": "series",
        "typical_sessions": "6–10 sessions",
        "spacing": "Weekly",
        "session_length": "15–30 minutes",
        "downtime": "None; small bruises at injection points are possible",
        "results_timeline": "Gradually over 6–12 weeks",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have heart or lung disease, such as heart failure or COPD",
            "You have kidney disease",
            "You have an active infection or open wound in the area",
            "You have a history of blood clots or take blood thinners",
            "You have high blood pressure that is not well controlled",
        ],
        "not_for": [
            "Not a fat-removal treatment",
            "Not a weight-loss treatment",
            "Not a permanent cure for cellulite",
        ],
        "faqs": [
            {
                "question": "Is it safe to inject carbon dioxide?",
                "answer": (
                    "Medical-grade carbon dioxide is absorbed and breathed out within minutes, and "
                    "reported side effects are mostly minor bruising and brief discomfort. It is "
                    "not suitable for people with certain heart or lung conditions, which we "
                    "screen for at consultation."
                ),
            },
            {
                "question": "Does it hurt?",
                "answer": (
                    "Most people feel pressure and a crackling or stretching sensation as the gas "
                    "spreads. It passes quickly, and we can slow the flow if you are uncomfortable."
                ),
            },
            {
                "question": "How long do results last?",
                "answer": (
                    "Improvements in skin texture can last for months. Cellulite usually needs "
                    "occasional maintenance sessions because its underlying structure does not "
                    "change."
                ),
            },
            {
                "question": "Can it be combined with other treatments?",
                "answer": (
                    "Yes. It is sometimes paired with manual or mechanical massage, and we will "
                    "only suggest a combination if it makes sense for your goals."
                ),
            },
        ],
        "guides": [
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in mist and sand tones with faint rising bubbles",
        "hero_colors": [
            "#C9D3D8",
            "#E6D5B8",
        ],
    },
    {
        "slug": "body-contouring",
        "name": "Body contouring",
        "category": "Body",
        "short_description": (
            "A non-surgical session that pairs gentle radiofrequency warmth with vacuum-assisted "
            "massage to smooth and firm areas like the abdomen, thighs and arms."
        ),
        "body": (
            "<h2>What our body contouring session involves</h2>"
            "<p>Body contouring is a broad term, and clinics use it for very different things. At "
            "Solenne it means a hands-on, non-surgical session built around two tools: "
            "radiofrequency, which gently warms the deeper layers of the skin, and a handpiece "
            "that combines light suction with rolling massage. Together they aim to firm lax skin, "
            "smooth uneven texture and help an area look a little more defined.</p>"
            "<h2>How it works</h2>"
            "<p>Radiofrequency energy heats tissue to a comfortable, controlled temperature. "
            "Repeated over several weeks, that warmth encourages the skin to make new collagen, "
            "which can help it look tighter. The vacuum massage lifts and rolls the skin and the "
            "tissue underneath, boosting local circulation and helping fluid move. The heat tends "
            "to give slower, longer-lasting change, while the massage gives a smoother look that "
            "is more temporary.</p>"
            "<h2>What a session is like</h2>"
            "<p>You lie on a treatment bed in disposable garments while your practitioner works "
            "over one or two areas. Most people find it relaxing, much like a warm, firm massage. "
            "Your skin may look pink afterward, which fades within an hour or two, and there is no "
            "need to take time off.</p>"
            "<h2>Realistic expectations</h2>"
            "<ul><li>Changes are gradual and build over a course of sessions.</li><li>Results are "
            "usually modest: smoother, a little firmer, sometimes a small change in "
            "measurements.</li><li>It works best for people at a fairly stable "
            "weight.</li><li>Maintenance sessions help keep results, and so does staying "
            "active.</li></ul>"
            "<p>This is not a way to lose weight, and it will not remove large amounts of fat. If "
            "you are deciding between this and treatments that target fat cells directly, such as "
            "SculpSure, our guide on <a "
            'href="/guides/choosing-a-body-contouring-treatment/">choosing a body contouring '
            "treatment</a> compares the options side by side. We are also happy to talk it through "
            "with you in person.</p>"
        ),
        "price_kind": "from",
        "price_amount": "140.00",
        "price_unit": "per session",
        "how_it_works": (
            "Radiofrequency gently heats deeper skin layers to encourage collagen, while a "
            "suction-and-roller handpiece massages the tissue to boost circulation and smooth "
            "texture."
        ),
        "best_for": (
            "People at a stable weight who want slightly firmer, smoother skin on the abdomen, "
            "thighs, buttocks or arms without downtime."
        ),
        "format": "series",
        "typical_sessions": "6–10 sessions",
        "spacing": "Weekly",
        "session_length": "45–60 minutes",
        "downtime": "None; skin may look pink for an hour or two",
        "results_timeline": "Gradually over 6–10 weeks",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have a pacemaker or other implanted electronic device",
            "You have metal implants in the treatment area",
            "You have an active skin infection, open wound or rash in the area",
            "You have varicose veins or a history of blood clots in the area",
            "You have reduced sensation to heat in the area",
        ],
        "not_for": [
            "Not liposuction",
            "Not a weight-loss treatment",
            "Not a fix for significant loose skin after major weight loss",
        ],
        "faqs": [
            {
                "question": "How is this different from SculpSure?",
                "answer": (
                    "SculpSure uses a laser to destroy a portion of the fat cells in one area. Our "
                    "body contouring session focuses on skin firmness, texture and circulation, so "
                    "it suits people whose main concern is how the skin looks rather than a pocket "
                    "of fat."
                ),
            },
            {
                "question": "How soon will I notice a difference?",
                "answer": (
                    "Some people see smoother skin right after a session, but that early change is "
                    "mostly temporary. Firmer skin from new collagen usually shows after several "
                    "weeks."
                ),
            },
            {
                "question": "Do I need maintenance sessions?",
                "answer": (
                    "Most people benefit from a session every month or two after their course, "
                    "especially for texture and smoothness."
                ),
            },
        ],
        "guides": [
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in clay and sand tones with soft curved bands",
        "hero_colors": [
            "#C08A6E",
            "#E6D5B8",
        ],
    },
    {
        "slug": "anti-cellulite",
        "name": "Anti-cellulite treatment",
        "category": "Body",
        "short_description": (
            "A course of mechanical massage and radiofrequency that softens the dimpled look of "
            "cellulite on the thighs, hips and buttocks, with honest, maintenance-based results."
        ),
        "body": (
            "<h2>Understanding cellulite first</h2>"
            "<p>Cellulite is extremely common. Most women and some men have it, at every size and "
            "fitness level. It appears where bands of connective tissue tether the skin to deeper "
            "layers while fat presses upward between them, creating the familiar dimpled look. "
            "Hormones, genetics, skin thickness and circulation all play a part. It is not a sign "
            "of poor health, and you do not need to treat it.</p>"
            "<h2>What our treatment does</h2>"
            "<p>If you would like to soften its appearance, our anti-cellulite treatment combines "
            "two approaches in one session:</p>"
            "<ul><li><strong>Mechanical massage:</strong> a handpiece with motorized rollers and "
            "light suction lifts and kneads the tissue to improve circulation and fluid "
            "movement.</li><li><strong>Radiofrequency:</strong> controlled heat warms the deeper "
            "skin to encourage collagen and a firmer surface over time.</li></ul>"
            "<p>Sessions feel like a firm, warm massage. The skin may be pink afterward, and some "
            "people feel mildly tender the next day, similar to after a sports massage.</p>"
            "<h2>What results to expect</h2>"
            "<p>We want to be clear: no non-surgical treatment permanently removes cellulite. "
            "Studies of massage-based and radiofrequency treatments suggest they can make dimpling "
            "less visible, but results vary and fade without upkeep. Most clients see "
            "smoother-looking skin over a course of sessions, then return every few weeks to "
            "maintain it. Staying active and keeping a steady weight help too.</p>"
            "<h3>Who it suits</h3>"
            "<p>This treatment works best for mild to moderate cellulite. Deep, pronounced dimples "
            "are caused by tight fibrous bands that massage cannot release. For those, a "
            "dermatologist can discuss procedures that release the bands directly, and we will "
            "tell you at your consultation if that is the better route.</p>"
            "<p>Curious how this compares with other options? Our guide on <a "
            'href="/guides/choosing-a-body-contouring-treatment/">choosing a body contouring '
            "treatment</a> explains the differences, and our <a "
            'href="/guides/vacuum-therapy-butt-lift/">vacuum therapy guide</a> covers '
            "suction-based treatments in more detail.</p>"
        ),
        "price_kind": "from",
        "price_amount": "140.00",
        "price_unit": "per session",
        "how_it_works": (
            "Motorized rollers with light suction knead and lift the tissue to boost circulation, "
            "while radiofrequency heat encourages firmer skin over a course of sessions."
        ),
        "best_for": (
            "Mild to moderate cellulite on the thighs, hips or buttocks in people happy to keep up "
            "occasional maintenance sessions."
        ),
        "format": "series",
        "typical_sessions": "8–12 sessions",
        "spacing": "1–2 times per week",
        "session_length": "45 minutes",
        "downtime": "None; mild tenderness possible the next day",
        "results_timeline": "Gradually over 4–8 weeks; maintenance needed",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have varicose veins or a history of blood clots in the legs",
            "You have a pacemaker or other implanted electronic device",
            "You have metal implants in the treatment area",
            "You have an active skin infection, rash or open wound in the area",
            "You take blood thinners or bruise very easily",
        ],
        "not_for": [
            "Not a permanent cure for cellulite",
            "Not a weight-loss treatment",
            "Not a fix for deep, tethered dimples",
        ],
        "faqs": [
            {
                "question": "Will my cellulite go away for good?",
                "answer": (
                    "No non-surgical treatment can promise that. This treatment softens the look "
                    "of cellulite, and regular maintenance sessions help keep it that way."
                ),
            },
            {
                "question": "Does it work for men?",
                "answer": (
                    "Yes. Men get cellulite less often, but the treatment works the same way for "
                    "anyone."
                ),
            },
            {
                "question": "Can I exercise after a session?",
                "answer": (
                    "Yes. Light to moderate activity is fine the same day, and staying active "
                    "tends to support your results."
                ),
            },
            {
                "question": "How often are maintenance sessions?",
                "answer": (
                    "Most clients come back every three to six weeks once their course is "
                    "complete, and you can stop at any time."
                ),
            },
        ],
        "guides": [
            "choosing-a-body-contouring-treatment",
            "vacuum-therapy-butt-lift",
        ],
        "hero_alt": "Abstract gradient in sand and clay tones with a gentle rippled texture",
        "hero_colors": [
            "#D8C3A5",
            "#B5725A",
        ],
    },
    {
        "slug": "vacuum-therapy",
        "name": "Vacuum therapy",
        "category": "Body",
        "short_description": (
            "Suction cups or a vacuum handpiece lift and massage the tissue to boost circulation, "
            "ease puffiness and give a temporary lift, most often to the buttocks."
        ),
        "body": (
            "<h2>What vacuum therapy is</h2>"
            "<p>Vacuum therapy uses gentle, rhythmic suction to lift the skin and the tissue "
            "beneath it. Depending on the area, we use a set of cups or a handpiece that glides "
            "over the skin. The suction draws blood and fluid toward the surface and stretches the "
            "tissue, a bit like cupping with more control over pressure and timing.</p>"
            "<h2>The vacuum butt lift</h2>"
            "<p>Most people find us through this term. Larger cups placed over the buttocks pulse "
            "on and off, which can leave the area looking fuller and more lifted right after a "
            "session. It is worth being plain about why: much of that change comes from increased "
            "blood flow and mild swelling, which settle over the following days. A course of "
            "sessions can keep the look going for a while, and some clients feel their skin is "
            "smoother, but vacuum therapy does not build muscle or add volume the way strength "
            "training, fat transfer or implants can.</p>"
            "<h2>Other uses</h2>"
            "<ul><li>Easing the look of puffiness and fluid retention on the thighs and "
            "hips</li><li>Temporarily smoothing mild cellulite</li><li>Loosening tight, tired "
            "muscles in a relaxing, massage-like session</li></ul>"
            "<h2>What it feels like, and aftercare</h2>"
            "<p>The suction feels like a strong pulling or pinching sensation that most people get "
            "used to quickly, and we adjust the pressure throughout. Round marks or light bruising "
            "from the cups can appear and usually fade within a few days, so plan around events "
            "where the area will show. Drinking water and gentle movement afterward are sensible, "
            "although the popular claim that suction <em>flushes toxins</em> is not backed by "
            "evidence.</p>"
            "<h3>Evidence and expectations</h3>"
            "<p>Research on vacuum therapy for body shaping is limited, and most of it looks at "
            "short-term changes. We see it as a pleasant, low-risk treatment with temporary "
            "effects, and we plan it that way. For a fuller explanation, see our guide to the <a "
            'href="/guides/vacuum-therapy-butt-lift/">vacuum therapy butt lift</a>.</p>'
        ),
        "price_kind": "fixed",
        "price_amount": "110.00",
        "price_unit": "per 45-minute session",
        "how_it_works": (
            "Pulsed suction through cups or a gliding handpiece lifts and stretches the tissue, "
            "increasing blood flow and moving fluid for a short-term lift and a smoother look."
        ),
        "best_for": (
            "A temporary lift before an event, relief from puffiness or a massage-like session, "
            "for people who understand the effect fades."
        ),
        "format": "series",
        "typical_sessions": "6–12 sessions",
        "spacing": "1–2 times per week",
        "session_length": "45 minutes",
        "downtime": "None; cup marks or light bruising may last a few days",
        "results_timeline": "Right away, fading over days; a course extends it",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have varicose veins or a history of blood clots in the area",
            "You take blood thinners or bruise very easily",
            "You have broken, sunburned or very fragile skin in the area",
            "You have had surgery in the area within the last three months",
            "You have implants or injected fillers in the area",
        ],
        "not_for": [
            "Not a Brazilian butt lift or fat transfer",
            "Not a permanent lift",
            "Not a weight-loss treatment",
        ],
        "faqs": [
            {
                "question": "How long does the lift last?",
                "answer": (
                    "The fuller look right after a session usually settles within a few days. "
                    "Regular sessions keep it going, but it fades once you stop."
                ),
            },
            {
                "question": "Will I bruise?",
                "answer": (
                    "Some people get round marks or light bruising from the cups, especially early "
                    "on. We start gently and adjust the pressure to suit your skin."
                ),
            },
            {
                "question": "Can vacuum therapy replace exercise for a rounder shape?",
                "answer": (
                    "No. Strength training is the only non-surgical way to build the glute muscles "
                    "themselves, and it pairs well with vacuum therapy if you enjoy both."
                ),
            },
        ],
        "guides": [
            "vacuum-therapy-butt-lift",
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in mist and sage tones with soft circular forms",
        "hero_colors": [
            "#DDE3E6",
            "#8A9A7B",
        ],
    },
    {
        "slug": "sculpsure",
        "name": "SculpSure",
        "category": "Body",
        "short_description": (
            "An FDA-cleared laser that heats and destroys a portion of the fat cells in a treated "
            "area, with gradual results over about three months and no downtime."
        ),
        "body": (
            "<h2>What SculpSure is</h2>"
            "<p>SculpSure is a non-invasive device that uses laser energy to reduce stubborn fat "
            "in specific areas. It is FDA-cleared for the abdomen, flanks, back, inner and outer "
            "thighs and the area under the chin; for body areas, clearance covers people with a "
            "body mass index of 30 or less. It is designed for pockets of fat that stay put "
            "despite steady habits, not for overall weight loss.</p>"
            "<h2>How it works</h2>"
            "<p>Flat applicators are placed on the skin and held in a frame. They deliver a laser "
            "wavelength that passes through the skin and heats the fat layer beneath to a "
            "temperature that damages fat cells, while built-in cooling keeps the skin surface "
            "comfortable. Over the next few months your body gradually clears the damaged cells "
            "through its normal processes. Fat cells that are cleared do not come back, although "
            "the remaining cells can still grow if you gain weight.</p>"
            "<h2>What treatment feels like</h2>"
            "<p>Each treatment takes about 25 minutes per area. The laser cycles between cooling "
            "and deep warmth, and some people feel intense heat or tingling for short spells; we "
            "can adjust settings if needed. You can read, listen to something or simply rest. "
            "Afterward the area may feel tender, stiff or a little firm for a few weeks, and "
            "occasionally small lumps form that soften over time.</p>"
            "<h2>Realistic results</h2>"
            "<ul><li>Changes start to show at around six weeks and continue to about twelve "
            "weeks.</li><li>The reduction is noticeable but modest, often easiest to see in photos "
            "or in how clothes fit.</li><li>Some people choose a second session on the same area "
            "for a stronger result.</li><li>Not everyone responds the same way, and we cannot "
            "guarantee a specific amount.</li></ul>"
            "<h3>Is it right for you?</h3>"
            "<p>SculpSure works best for people close to their goal weight who can pinch an inch "
            "of fat in the area. It does not tighten loose skin; if that is your main concern, a "
            "radiofrequency treatment like TempSure may suit you better. Our guide comparing <a "
            'href="/guides/laser-lipo-vs-sculpsure-vs-tempsure/">laser lipo, SculpSure and '
            "TempSure</a> explains how the three differ.</p>"
        ),
        "price_kind": "from",
        "price_amount": "650.00",
        "price_unit": "per area",
        "how_it_works": (
            "A 1060 nm laser heats fat cells under the skin to a temperature that damages them "
            "while the surface is cooled; the body clears those cells over about 12 weeks."
        ),
        "best_for": (
            "Pinchable fat on the abdomen, flanks, back, thighs or under the chin in people near "
            "their goal weight who want a single-visit option."
        ),
        "format": "single",
        "typical_sessions": "1–2 sessions per area",
        "spacing": "",
        "session_length": "25 minutes per area",
        "downtime": "None; tenderness or firmness for 1–3 weeks",
        "results_timeline": "From 6 weeks; full results by about 12 weeks",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "Your BMI is over 30 and you are treating a body area",
            "You have a skin condition, infection or recent sunburn in the area",
            "You have a tattoo in the treatment area",
            "You have had recent surgery or have metal implants in the area",
            "You have reduced sensation to heat, such as from neuropathy",
        ],
        "not_for": [
            "Not liposuction",
            "Not a weight-loss treatment",
            "Not a skin-tightening treatment",
        ],
        "faqs": [
            {
                "question": "How much fat does SculpSure remove?",
                "answer": (
                    "Results vary from person to person. Most people see a modest, visible "
                    "reduction in the treated area rather than a dramatic change, and some choose "
                    "a second session for more."
                ),
            },
            {
                "question": "Is SculpSure painful?",
                "answer": (
                    "It cycles between cooling and deep heat, and the warm phases can feel intense "
                    "for short spells. Most people tolerate it well, and we adjust settings if you "
                    "need us to."
                ),
            },
            {
                "question": "Can I go back to work straight away?",
                "answer": (
                    "Yes. You may feel some tenderness or stiffness for a few weeks, but there is "
                    "no recovery time."
                ),
            },
            {
                "question": "Will the fat come back?",
                "answer": (
                    "Treated fat cells are gone for good. Remaining fat cells can still grow with "
                    "weight gain, so a stable weight helps you keep your results."
                ),
            },
        ],
        "guides": [
            "laser-lipo-vs-sculpsure-vs-tempsure",
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in clay and mist tones with a soft warm glow",
        "hero_colors": [
            "#B5725A",
            "#C9D3D8",
        ],
    },
    {
        "slug": "tempsure-body",
        "name": "TempSure Body",
        "category": "Face & skin",
        "short_description": (
            "Radiofrequency skin tightening that gently heats deeper layers to encourage new "
            "collagen, for mild laxity on the body and face with no downtime."
        ),
        "body": (
            "<h2>What TempSure is</h2>"
            "<p>TempSure is a radiofrequency device used to tighten and smooth skin. It does not "
            "remove fat. Instead, it warms the deeper layers of the skin to a carefully monitored "
            "temperature, which prompts the body to remodel existing collagen and build new "
            "collagen over the following weeks. We use it on the body, including the abdomen, "
            "upper arms and the skin above the knees, and on the face and neck for fine lines and "
            "early softening along the jawline.</p>"
            "<h2>What a session feels like</h2>"
            "<p>Your practitioner applies a conductive gel and moves a smooth handpiece in slow "
            "circles over the area. The device reads skin temperature as it goes, so we can hold "
            "it at a therapeutic level without overheating. Most people compare it to a hot stone "
            "massage that slowly builds in warmth. You can head back to work straight away with, "
            "at most, some pinkness for an hour or two.</p>"
            "<h2>What results to expect</h2>"
            "<p>Collagen builds slowly, so change is gradual. Many clients notice firmer, smoother "
            "skin a few weeks into their course, with further improvement over about three months. "
            "Results are subtle and natural-looking. They hold for a good while, but skin keeps "
            "ageing, so occasional maintenance sessions help. Evidence for radiofrequency "
            "tightening comes mostly from small clinical studies and manufacturer data, and "
            "results vary with age and skin quality.</p>"
            "<h3>Who it suits, and who it does not</h3>"
            "<ul><li><strong>A good fit:</strong> mild to moderate laxity, crepey skin on the arms "
            "or above the knees, skin that has softened after pregnancy, fine lines on the "
            "face.</li><li><strong>Not a good fit:</strong> significant loose skin after major "
            "weight loss, or a hanging fold of skin on the abdomen. Surgery is the reliable option "
            "there, and we will tell you so.</li></ul>"
            "<h2>How it fits with other treatments</h2>"
            "<p>TempSure pairs well with fat-reduction treatments such as SculpSure, since one "
            "reduces fat and the other firms the skin over it. We explain what each one does so "
            "you can decide whether you need one, both or neither. Our guide comparing <a "
            'href="/guides/laser-lipo-vs-sculpsure-vs-tempsure/">laser lipo, SculpSure and '
            "TempSure</a> sets out the differences in plain terms.</p>"
        ),
        "price_kind": "from",
        "price_amount": "275.00",
        "price_unit": "per session",
        "how_it_works": (
            "Radiofrequency energy warms the deeper skin layers to a monitored temperature, "
            "prompting collagen remodeling and new collagen for gradually firmer skin."
        ),
        "best_for": (
            "Mild to moderate laxity or crepey texture on the abdomen, arms, knees, face or neck "
            "in people who want no downtime."
        ),
        "format": "series",
        "typical_sessions": "3–4 sessions",
        "spacing": "3–4 weeks apart",
        "session_length": "30–60 minutes",
        "downtime": "None; skin may look pink for an hour or two",
        "results_timeline": "Gradually over about 3 months",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have a pacemaker or other implanted electronic device",
            "You have metal implants in the treatment area",
            "You have an active skin infection, rash or open wound in the area",
            "You have had dermal fillers in the area within the last few weeks",
            "You have reduced sensation to heat in the area",
        ],
        "not_for": [
            "Not a fat-reduction treatment",
            "Not a facelift or tummy tuck",
            "Not a fix for significant loose skin after major weight loss",
        ],
        "faqs": [
            {
                "question": "Is TempSure the same as SculpSure?",
                "answer": (
                    "No. They come from the same manufacturer, but SculpSure targets fat with a "
                    "laser while TempSure uses radiofrequency heat to firm the skin."
                ),
            },
            {
                "question": "Does it hurt?",
                "answer": (
                    "Most people find it comfortable, like a warm massage. Tell us if the heat "
                    "feels too strong and we will adjust it."
                ),
            },
            {
                "question": "Can I have it on my face?",
                "answer": (
                    "Yes. TempSure is used on the face and neck for fine lines and mild softening, "
                    "as well as on the body."
                ),
            },
            {
                "question": "How long do results last?",
                "answer": (
                    "Many people enjoy their results for months, and a maintenance session every "
                    "six to twelve months helps as skin continues to age."
                ),
            },
        ],
        "guides": [
            "laser-lipo-vs-sculpsure-vs-tempsure",
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in sand and sage tones with a warm soft haze",
        "hero_colors": [
            "#E6D5B8",
            "#A3B18A",
        ],
    },
    {
        "slug": "laser-lipo",
        "name": "Laser lipo",
        "category": "Body",
        "short_description": (
            "Low-level laser pads placed on the skin for a painless, no-downtime session aimed at "
            "modest inch loss, best paired with regular activity and steady habits."
        ),
        "body": (
            "<h2>What we mean by laser lipo</h2>"
            "<p>The name is confusing, so let us start there. Laser lipo at a med spa is not "
            "liposuction. Laser-assisted liposuction is a surgical operation performed by a "
            "surgeon. Our laser lipo is a non-invasive treatment that uses low-level laser light "
            "delivered through soft pads resting on the skin. There are no needles, no heat and no "
            "recovery time.</p>"
            "<h2>How it is thought to work</h2>"
            "<p>Low-level light at specific red wavelengths is thought to make fat cells "
            "temporarily more permeable, so they release some of their stored contents for the "
            "body to use or clear. Unlike SculpSure, it is not designed to destroy fat cells. That "
            "is why activity matters: the released fat is more likely to be used if you move in "
            "the hours after treatment, so we usually suggest a brisk walk or other light exercise "
            "afterward.</p>"
            "<h2>What a session is like</h2>"
            "<p>You lie comfortably while the pads rest on the area, usually the waist, hips or "
            "thighs, for about half an hour. Most people feel nothing at all beyond the pads on "
            "their skin, and you can go straight back to your day.</p>"
            "<h2>An honest look at results</h2>"
            "<p>Some low-level laser devices are FDA-cleared for temporary circumference "
            "reduction, and studies have reported small losses in measurements over a course of "
            "treatment. The changes are typically modest, vary a lot from person to person and can "
            "return if habits change. We measure before and after your course so you can see for "
            "yourself whether it is working. If you want a larger or longer-lasting reduction in "
            "one area, SculpSure may be the better fit, and we will say so.</p>"
            "<h3>Who it suits</h3>"
            "<ul><li>People already exercising and eating well who want a gentle extra "
            "nudge</li><li>Anyone who wants a completely painless, no-downtime "
            "option</li><li>Those preparing for an event who understand the effect may be "
            "temporary</li></ul>"
            "<p>For a side-by-side look, read our guide comparing <a "
            'href="/guides/laser-lipo-vs-sculpsure-vs-tempsure/">laser lipo, SculpSure and '
            "TempSure</a>.</p>"
        ),
        "price_kind": "fixed",
        "price_amount": "90.00",
        "price_unit": "per 30-minute session",
        "how_it_works": (
            "Low-level red laser light from pads on the skin is thought to help fat cells release "
            "some stored contents, which the body can use, especially with activity."
        ),
        "best_for": (
            "Active people at a stable weight who want a painless, no-downtime nudge toward modest "
            "inch loss at the waist, hips or thighs."
        ),
        "format": "series",
        "typical_sessions": "6–8 sessions",
        "spacing": "2–3 times per week",
        "session_length": "30 minutes",
        "downtime": "None",
        "results_timeline": "Over 2–4 weeks; may be temporary",
        "skip_if": [
            "You are pregnant or breastfeeding",
            "You have a pacemaker or other implanted electronic device",
            "You have active cancer or are in cancer treatment",
            "You take medication that makes you sensitive to light",
            "You have an active skin condition or open wound in the area",
        ],
        "not_for": [
            "Not liposuction or laser-assisted liposuction",
            "Not a weight-loss treatment",
            "Not a permanent fat-removal treatment",
        ],
        "faqs": [
            {
                "question": "Is laser lipo the same as liposuction?",
                "answer": (
                    "No. There is no surgery, anesthesia or incision. It is a non-invasive light "
                    "treatment with much more modest results."
                ),
            },
            {
                "question": "Does it hurt?",
                "answer": "No. Most people feel nothing except the pads resting on the skin.",
            },
            {
                "question": "Why do you suggest exercise afterward?",
                "answer": (
                    "The treatment is thought to help fat cells release some of their contents, "
                    "and activity gives your body a reason to use that energy rather than store it "
                    "again."
                ),
            },
            {
                "question": "How is it different from SculpSure?",
                "answer": (
                    "SculpSure heats and destroys a portion of the fat cells in one area. Laser "
                    "lipo does not destroy fat cells, so its results are gentler and may not last "
                    "without steady habits."
                ),
            },
        ],
        "guides": [
            "laser-lipo-vs-sculpsure-vs-tempsure",
            "choosing-a-body-contouring-treatment",
        ],
        "hero_alt": "Abstract gradient in clay and sage tones with soft red-tinted light",
        "hero_colors": [
            "#C08A6E",
            "#8A9A7B",
        ],
    },
    {
        "slug": "lymphatic-drainage",
        "name": "Manual lymphatic drainage",
        "category": "Lymphatic & recovery",
        "short_description": (
            "A gentle, rhythmic hands-on technique that encourages lymph fluid to move, often used "
            "to ease swelling after cosmetic surgery with your surgeon's approval."
        ),
        "body": (
            "<h2>What manual lymphatic drainage is</h2>"
            "<p>Your lymphatic system is a network of thin vessels that collects excess fluid from "
            "the tissues and returns it to the bloodstream. Unlike blood, lymph has no central "
            "pump; it relies on muscle movement, breathing and small contractions of the vessels "
            "themselves. Manual lymphatic drainage, often shortened to MLD, uses light, slow, "
            "rhythmic strokes that stretch the skin in set directions to encourage that fluid "
            "toward healthy lymph nodes.</p>"
            "<h2>How it feels</h2>"
            "<p>It is much lighter than a typical massage. Your therapist uses flat hands and "
            "gentle pressure, often starting at the neck and working toward the swollen area. Many "
            "people find it deeply calming. Sessions last about an hour, and you may need the "
            "bathroom soon afterward.</p>"
            "<h2>After cosmetic surgery</h2>"
            "<p>Many of our clients come to us after liposuction, a tummy tuck, a Brazilian butt "
            "lift or another body procedure. Swelling and firmness are a normal part of recovery, "
            "and many surgeons recommend lymphatic drainage to help people feel more comfortable. "
            "We only begin once your surgeon has cleared you, and we follow their instructions on "
            "timing and pressure. Our guide on <a "
            'href="/guides/lymphatic-drainage-after-surgery/">lymphatic drainage after '
            "surgery</a> covers what to expect week by week.</p>"
            "<h2>What the evidence shows</h2>"
            "<p>MLD is an established part of lymphedema care, usually alongside compression and "
            "exercise. For recovery after cosmetic surgery, support comes largely from clinical "
            "experience and a small number of studies, so we describe it as a comfort-focused "
            "treatment that may help swelling settle, not one proven to speed healing. It does not "
            "detox the body or melt fat.</p>"
            "<h3>Who we see</h3>"
            "<ul><li>People recovering from body contouring surgery, with their surgeon's "
            "clearance</li><li>People with mild, temporary swelling, such as after a long "
            "flight</li><li>Anyone who wants a gentle, restful treatment</li></ul>"
            "<p>If you have diagnosed lymphedema, we recommend care from a certified lymphedema "
            "therapist, who can also fit compression and teach you self-care. We are glad to help "
            "you find one in the Portland area.</p>"
        ),
        "price_kind": "fixed",
        "price_amount": "120.00",
        "price_unit": "per 60-minute session",
        "how_it_works": (
            "Light, slow, rhythmic strokes stretch the skin in set directions to encourage lymph "
            "fluid to move toward healthy lymph nodes."
        ),
        "best_for": (
            "Easing swelling and discomfort after cosmetic surgery once your surgeon approves, or "
            "anyone wanting a gentle, calming hands-on session."
        ),
        "format": "series",
        "typical_sessions": "3–10 sessions",
        "spacing": "1–3 times per week",
        "session_length": "60 minutes",
        "downtime": "None",
        "results_timeline": "Many feel lighter right away; swelling eases over weeks",
        "skip_if": [
            "You have a fever or an active infection, including cellulitis",
            "You have a known or suspected blood clot",
            "You have heart failure or kidney disease that is not well controlled",
            "You have active cancer without your oncologist's approval",
            "Your surgeon has not yet cleared you after surgery",
            "You have open wounds or drains in the area, unless your surgeon approves",
        ],
        "not_for": [
            "Not a deep-tissue massage",
            "Not a weight-loss or detox treatment",
            "Not a substitute for lymphedema therapy",
        ],
        "faqs": [
            {
                "question": "How soon after surgery can I start?",
                "answer": (
                    "That depends on your procedure and your surgeon. Some surgeons want sessions "
                    "within the first week and others prefer to wait, and we always follow their "
                    "timing."
                ),
            },
            {
                "question": "Why is the pressure so light?",
                "answer": (
                    "The small lymph vessels sit just under the skin and are easily compressed. "
                    "Heavy pressure can squeeze them shut, so gentle strokes work better."
                ),
            },
            {
                "question": "Can it help with puffiness if I have not had surgery?",
                "answer": (
                    "It may help with mild, temporary swelling, such as after travel. Swelling "
                    "that is new, one-sided or painful should be checked by a doctor first."
                ),
            },
            {
                "question": "Do I need to wear my compression garment?",
                "answer": (
                    "If your surgeon prescribed one, keep wearing it as directed. We will help you "
                    "take it off for the session and put it back on afterward."
                ),
            },
        ],
        "guides": [
            "lymphatic-drainage-after-surgery",
        ],
        "hero_alt": "Abstract gradient in mist and sage tones with slow flowing lines",
        "hero_colors": [
            "#C9D3D8",
            "#A3B18A",
        ],
    },
]
