"""Word lists behind the style measures (lower case, straight apostrophes)."""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FIRST_PERSON = _words("i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've we'd we'll")

# "'s" is a contraction only after these words (elsewhere it is usually a possessive).
S_CONTRACTION_BASES = _words("it that there here what who where how he she let")
CONTRACTION_ENDINGS = ("n't", "'re", "'ve", "'ll", "'d", "'m")

BE_FORMS = _words("am is are was were be been being")
# Words between a form of "be" and its participle that do not break a passive ("was recently promoted").
PASSIVE_FILLERS = _words("not also just already recently then often always never indeed successfully")
IRREGULAR_PARTICIPLES = _words(
    """
    awoken begun bitten blown born broken brought built bought caught chosen done drawn driven eaten
    fallen felt fought found forgotten forgiven frozen given gone grown held hidden hit hung hurt kept
    known laid led left lent lost made meant met paid put read rewritten run said seen sent set shown
    shut sold spent spoken spun stolen struck sung taken taught thought thrown told understood upheld
    won worn written
    """
)
# Participles that, after "be", are nearly always adjectives ("I am excited", "we are based in").
ADJECTIVAL_PARTICIPLES = _words(
    """
    accomplished animated based committed concerned convinced dedicated delighted detailed determined
    devoted disappointed driven engaged excited experienced fascinated focused honored honoured inspired
    interested involved located motivated organized organised passionate pleased prepared qualified
    seasoned skilled talented thrilled tired used
    """
)

# Past-tense verbs that open resume bullets and describe accomplishments.
ACTION_VERBS = _words(
    """
    accelerated achieved acquired adapted administered advised analyzed analysed architected arranged
    assembled assessed audited authored automated balanced boosted budgeted built calculated championed
    coached collaborated compiled completed conceived conducted configured consolidated constructed
    consulted controlled converted coordinated corrected created cultivated cut debugged decreased
    defined delegated delivered deployed designed developed devised diagnosed directed discovered doubled
    drafted drove earned edited eliminated enabled engineered enhanced established evaluated executed
    expanded expedited facilitated forecasted formulated founded generated grew guided halved handled
    headed hired identified implemented improved increased initiated innovated inspected installed
    instituted integrated introduced invented investigated launched led lowered maintained managed
    maximized mentored migrated minimized modernized monitored motivated negotiated operated optimized
    optimised orchestrated organized organised overhauled oversaw owned partnered performed pioneered
    planned prepared presented prevented prioritized processed produced programmed promoted proposed
    prototyped published raised ran rebuilt recruited redesigned reduced refactored reorganized
    replaced represented researched resolved restructured revamped reviewed revised saved scaled
    scheduled secured shipped simplified solved spearheaded standardized streamlined strengthened
    structured supervised supported surpassed tested trained transformed translated tripled unified
    upgraded validated won wrote
    """
)

ENTHUSIASM_WORDS = _words(
    """
    excited exciting thrilled thrilling passionate passion love loved delighted eager amazing incredible
    fantastic awesome wonderful enthusiastic enthusiasm thrive inspiring inspired energized fascinating
    fascinated keen
    """
)
INFORMAL_WORDS = _words(
    """
    gonna wanna gotta kinda sorta yeah yep nope ok okay hey cool awesome stuff lots guys super totally
    basically literally btw lol tbh folks anyways stoked
    """
)
FORMAL_WORDS = _words(
    """
    furthermore moreover therefore consequently accordingly nevertheless nonetheless hence thus whereas
    hereby regarding additionally subsequently respectfully sincerely esteemed commence endeavor
    endeavour ascertain pursuant notwithstanding
    """
)
SUBORDINATORS = _words(
    "although because since while whereas which who whom whose unless whenever wherever though until"
)

# Function words: a key phrase neither starts nor ends with one.
STOPWORDS = _words(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers herself him himself his how i if in into is it its itself just let me
    more most my myself no nor not now of off on once only or other our ours ourselves out over own same
    she should so some such than that the their theirs them themselves then there these they this those
    through to too under until up very was we were what when where which while who whom why will with
    would you your yours yourself yourselves i'm i've i'd i'll it's that's there's we're we've you're
    you've can't don't won't isn't aren't wasn't didn't
    """
)

ABBREVIATIONS = _words(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e inc ltd co corp dept approx no fig jan feb mar apr jun jul "
    "aug sep sept oct nov dec u.s u.k a.m p.m"
)

FORMAL_GREETINGS = (
    "dear",
    "to whom it may concern",
    "greetings",
    "good morning",
    "good afternoon",
    "good evening",
)
CASUAL_GREETINGS = ("hello", "hi", "hey")
FORMAL_CLOSINGS = (
    "sincerely",
    "yours sincerely",
    "sincerely yours",
    "yours faithfully",
    "yours truly",
    "respectfully",
    "respectfully yours",
    "regards",
    "kind regards",
    "best regards",
    "warm regards",
    "warmest regards",
    "with gratitude",
    "with appreciation",
)
CASUAL_CLOSINGS = (
    "best",
    "best wishes",
    "all the best",
    "thanks",
    "thank you",
    "many thanks",
    "thanks again",
    "cheers",
    "warmly",
    "talk soon",
)
