"""Demo reader comments, for `manage.py seed_demo`.

Everything here was written for this project. The readers are fictional; their
email addresses are on the reserved example domains (example.com, example.net,
example.org) and their IP addresses in the ranges set aside for documentation,
so a demo site holds no real person's data.

The comments cover every status a moderator meets (approved, pending, spam and
trash), threads three levels deep, readers with websites, and replies from the
article's own contributor. Each comment is keyed by its article and its text:
one that exists is never touched, so running the seed again changes nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import Comment, DiscussionSettings
from .services import staff_display_name

APPROVED = Comment.Status.APPROVED
PENDING = Comment.Status.PENDING
SPAM = Comment.Status.SPAM
TRASH = Comment.Status.TRASH

HELD = "Every comment is held for moderation."

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36"
)
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Safari/605.1.15"
)
SAFARI_PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"
)
ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/129.0.0.0 Mobile Safari/537.36"
)
SCRIPT = "python-requests/2.32.3"


@dataclass(frozen=True)
class Reader:
    name: str
    email: str
    ip_address: str
    user_agent: str
    website: str = ""


READERS = {
    "maren": Reader(
        "Maren Holt",
        "maren.holt@example.com",
        "203.0.113.24",
        FIREFOX,
        "https://marenholt.example.com/",
    ),
    "tobias": Reader("Tobias Ekwueme", "tobias@example.net", "198.51.100.7", ANDROID),
    "priya": Reader("Priya Dastgir", "priya.d@example.org", "2001:db8:4c1::17", CHROME),
    "greg": Reader("Greg Thistlewood", "gthistle@example.org", "192.0.2.41", CHROME),
    "jonah": Reader(
        "Jonah Pettersen-Abe", "jonah.pa@example.com", "198.51.100.88", SAFARI_MAC
    ),
    "ewan": Reader("Ewan Castellano", "ewan.c@example.net", "203.0.113.150", FIREFOX),
    "hana": Reader(
        "Hana Lindqvist",
        "hana.lindqvist@example.org",
        "2001:db8:77:a0::5",
        SAFARI_PHONE,
        "https://hanalindqvist.example.org/",
    ),
    "oskar": Reader("Oskar Mbeki-Ward", "oskar@example.com", "192.0.2.200", CHROME),
    "rosalind": Reader("Rosalind Yeo", "r.yeo@example.net", "198.51.100.23", ANDROID),
    "delphine": Reader(
        "Delphine Achebe", "delphine@example.com", "203.0.113.9", SAFARI_MAC
    ),
    "lucia": Reader(
        "Lucía Ferrand",
        "lucia.ferrand@example.net",
        "192.0.2.77",
        FIREFOX,
        "https://example.net/~lucia/",
    ),
    "sam": Reader("Sam Okafor-Lind", "sam.ol@example.org", "2001:db8:9f::2a", CHROME),
    "amara": Reader("Amara Quist", "amara@example.com", "198.51.100.140", SAFARI_PHONE),
    "felix": Reader(
        "fixitfelix",
        "felix.repairs@example.org",
        "203.0.113.201",
        ANDROID,
        "https://fixitfelix.example.org/",
    ),
    "nadia": Reader("Nadia Wren", "nadia.wren@example.net", "192.0.2.16", FIREFOX),
    "kevin": Reader("kev", "kev1987@example.org", "203.0.113.66", ANDROID),
    # Spammers, as the spam folder shows them.
    "essays": Reader(
        "Best Essay Writers",
        "orders@example.com",
        "198.51.100.250",
        SCRIPT,
        "https://essays.example.com/",
    ),
    "crypto": Reader("Crypto Gains Daily", "gains@example.net", "192.0.2.254", SCRIPT),
    "keys": Reader(
        "Cheap Software Keys",
        "sales@example.org",
        "203.0.113.251",
        SCRIPT,
        "https://keys.example.org/",
    ),
    "phish": Reader(
        "Account Security Team",
        "security-team@example.com",
        "198.51.100.251",
        SCRIPT,
        "https://verify-account.example.com/",
    ),
}

# Written by the article's own contributor, as a logged-in editor would.
STAFF = "staff"


@dataclass(frozen=True)
class Remark:
    by: str  # a key of READERS, or STAFF
    hours: float  # after the article's publication
    body: str
    status: str = APPROVED
    reason: str = HELD
    replies: tuple["Remark", ...] = ()


def remark(by, hours, body, *replies, status=APPROVED, reason=HELD) -> Remark:
    return Remark(by, hours, body, status, reason, replies)


THREADS = {
    "the-quiet-economics-of-fixing-things": (
        remark(
            "maren",
            2,
            "“Nobody comes here on a good day” made me laugh, because it is true "
            "of my job too (I'm a plumber). Repair is steady precisely because "
            "things break on their own schedule, not the economy's.",
            remark(
                "tobias",
                5,
                "Same for bike mechanics. The busiest week of the year is the "
                "first sunny one in spring, when everyone discovers their tyres "
                "went flat over the winter.",
                remark(
                    "maren",
                    7.5,
                    "Ha, and the first cold snap for us. Boilers sulk the moment "
                    "anyone actually needs them.",
                ),
            ),
            remark(
                STAFF,
                9,
                "Farid said something similar about December: cold hands, more "
                "dropped phones, and a queue out of the door by the second week.",
            ),
        ),
        remark(
            "priya",
            11,
            "Gently, a counterpoint: some repairs cost more than a replacement, "
            "and paying the difference out of principle is a luxury. The parts "
            "section is the real answer. If batteries came out with two screws, "
            "the sums would change on their own.",
            remark(
                "greg",
                20,
                "Agreed on the parts. I tried to change the battery in a "
                "three-year-old tablet and gave up when the second guitar pick "
                "snapped in the glue.",
            ),
        ),
        remark(
            "essays",
            14,
            "Great article!!! Students who need help with economics essays, visit "
            "our website for 20% off every order. Fast delivery, no plagiarism, "
            "100% satisfaction guaranteed.",
            status=SPAM,
            reason="Spam word “essays” in the website.",
        ),
        remark(
            "nadia",
            30,
            "Does anyone know whether the tailor on Marlow Street is still open? "
            "The sign has said “back soon” for a fortnight.",
            status=PENDING,
        ),
    ),
    "what-a-language-model-knows": (
        remark(
            "ewan",
            3,
            "The part about tone finally gave me words for what bothers me. A "
            "person who is guessing usually sounds like it. These tools deliver a "
            "guess and a fact in exactly the same voice.",
            remark(
                "hana",
                6,
                "Which is why I now ask where a claim comes from and then check "
                "that the source exists. Surprisingly often it doesn't, or it says "
                "something else entirely.",
                remark(
                    "ewan",
                    8,
                    "A grim statistic but a very good habit. I'm stealing it.",
                ),
            ),
        ),
        remark(
            "oskar",
            26,
            "Teacher here. The students who get the most out of these tools are "
            "the ones who already know the subject well enough to spot a wrong "
            "answer. It amplifies knowledge; it doesn't replace it.",
        ),
        remark("kevin", 40, "first!!!", status=TRASH),
        remark(
            "jonah",
            50,
            "Two readable papers on exactly this, for anyone who wants more: "
            "https://example.org/papers/next-token-prediction and "
            "https://example.org/papers/calibration-in-plain-words",
            status=PENDING,
            reason="Contains 2 links.",
        ),
    ),
    "heat-is-a-design-problem": (
        remark(
            "rosalind",
            4,
            "I live on the top floor of one of those 1970s blocks on the Calder "
            "estate. Last August the bedroom didn't drop below 29 °C for nine "
            "nights running. The shutter pilot can't reach our building soon "
            "enough.",
            remark(
                "delphine",
                10,
                "We had shutters fitted in the spring round, and if anything the "
                "article undersells them. The flat is three or four degrees cooler "
                "in the afternoon and we can sleep with the window open.",
                remark(
                    "rosalind",
                    13,
                    "That is really encouraging, thank you. Did you have to apply, "
                    "or did the council get in touch with you?",
                ),
            ),
        ),
        remark(
            "lucia",
            22,
            "Shade where people wait: yes! The stop on Ferry Lane got a tree three "
            "years ago, and it is now the only stop on the route where people "
            "stand inside the shelter in July.",
        ),
        remark(
            "crypto",
            31,
            "Beat the heat with passive income!! Our members earn while they "
            "sleep. Limited places, join today.",
            status=SPAM,
            reason="Filled in the hidden honeypot field.",
        ),
    ),
    "replication-is-the-most-exciting-boring-word": (
        remark(
            "sam",
            5,
            "Second-year PhD student here, and my first project is a direct "
            "replication. Reading this on the bus made my week. “About half the "
            "size” is exactly what my supervisor told me to expect.",
            remark(
                STAFF,
                8,
                "Good luck with it, Sam. Write down every small decision you make "
                "along the way: it is the part nobody publishes and everybody "
                "needs.",
                remark(
                    "sam",
                    12,
                    "Already keeping a notebook called “things the methods section "
                    "didn't say”. It is getting long.",
                ),
            ),
        ),
        remark(
            "greg",
            30,
            "The cake metaphor is good, but sometimes the recipe is fine and the "
            "oven is different. Isn't a failed replication sometimes just a "
            "different oven?",
            remark(
                "priya",
                34,
                "I think that is the point of conceptual replication: if the effect "
                "only shows up in one oven, that is worth knowing as well.",
            ),
        ),
        remark(
            "amara",
            70,
            "Is there a list anywhere of replications that are planned, so that "
            "two labs don't end up repeating the same study without knowing?",
            status=PENDING,
        ),
    ),
    "the-last-mile-is-a-sidewalk": (
        remark(
            "tobias",
            3,
            "I ride for one of the grocery apps. For what it's worth, none of us "
            "want to stop in the bus lane. We get eight or nine minutes a drop, "
            "and the bookable bays on Tanner Street are the first change that "
            "has actually saved us time.",
            remark(
                "maren",
                9,
                "Thanks for this. It is easy to get cross at the van and forget "
                "that the person in it is working against a clock.",
            ),
        ),
        remark(
            "jonah",
            18,
            "Charging for the kerb sounds sensible until you ask who ends up "
            "paying. Still, “costs paid in blocked buses” is a fair point. I'd "
            "love a follow-up on how the consolidation hub is doing.",
            remark(
                STAFF,
                22,
                "The hub's first-year figures are due in the spring and I have "
                "asked for them. I'll write them up when they arrive, clipboard "
                "and all.",
            ),
        ),
        remark("oskar", 25, "Test comment, please ignore.", status=TRASH),
    ),
    "the-grid-is-a-conversation": (
        remark(
            "hana",
            6,
            "We moved to a time-of-use tariff last year. The washing machine now "
            "runs at 2 a.m. and the bill is about a tenth lower. The kettle, I'm "
            "glad to report, still boils on demand.",
            remark(
                "ewan",
                11,
                "Did you need to buy anything for that, or is the machine's own "
                "timer enough?",
                remark(
                    "hana",
                    14,
                    "Just the delay timer the machine already had. I'd never "
                    "pressed that button before.",
                ),
            ),
        ),
        remark(
            "delphine",
            48,
            "“Who controls the off switch” is the question I'd want answered "
            "before anything in my house takes instructions from the network.",
            status=PENDING,
        ),
    ),
    "in-praise-of-slow-software": (
        remark(
            "lucia",
            2,
            "“Its changelog is short, and mostly says fixed.” I'm putting that "
            "on a mug.",
            remark(
                "oskar",
                5,
                "I'd buy that mug, as long as it doesn't get a redesign every spring.",
            ),
        ),
        remark(
            "jonah",
            26,
            "I maintain an internal tool at work, and the hardest part of the job "
            "is convincing managers that “nothing changed this quarter” is a "
            "success story.",
            remark(
                STAFF,
                30,
                "Try reporting it as “zero hours of retraining”. Managers like a "
                "number, and that one is real.",
            ),
        ),
        remark(
            "keys",
            96,
            "Genuine licence keys for all office software, 90% off, instant "
            "delivery by email. Best prices online!",
            status=SPAM,
            reason="Spam word “licence keys” in the text.",
        ),
    ),
    "a-library-that-lends-drills": (
        remark(
            "amara",
            2,
            "Can confirm the wallpaper steamer is a legend. I've borrowed it twice "
            "and both times a volunteer gave me a ten-minute lesson I didn't know "
            "I needed.",
            remark(
                "felix",
                6,
                "If they still need someone who can fix a sander, I'm free on "
                "Saturdays. Who should I talk to?",
                remark(
                    "amara",
                    9,
                    "Ask for Bettina at the desk. She'll have signed you up before "
                    "you finish the sentence.",
                ),
            ),
        ),
        remark(
            "rosalind",
            28,
            "Is there anything like this in Eastmoor? Happy to help start one.",
            status=PENDING,
        ),
    ),
    "passphrases-password-managers-and-habits": (
        remark(
            "greg",
            4,
            "Finally got my parents onto a password manager after reading this. "
            "“Three habits and an hour” made it sound doable rather than like "
            "homework.",
            remark(
                "nadia",
                12,
                "How did you handle the main password? Mine are worried they'll "
                "forget it and lose everything at once.",
                remark(
                    "greg",
                    15,
                    "We wrote it on a card that lives with their passports. Not "
                    "perfect, but far better than the sticky notes it replaced.",
                ),
            ),
        ),
        remark(
            "phish",
            20,
            "Your account will be suspended. Verify your password within 24 hours "
            "to keep access to your comments.",
            status=SPAM,
            reason="Spam word “verify your password” in the text.",
        ),
    ),
    "soil-is-having-a-moment": (
        remark(
            "delphine",
            7,
            "My allotment neighbour has been saying “feed the soil, not the plant” "
            "for twenty years. Nice to see the science catching up with him.",
            remark(
                "sam",
                20,
                "To be fair, the science mostly agrees with him already. It's the "
                "“what exactly lives down there” part that is still wide open.",
            ),
        ),
        remark(
            "tobias",
            48,
            "Sorry, I posted this on the wrong article. Please delete it.",
            status=TRASH,
        ),
    ),
    "what-four-day-week-trials-measure": (
        remark(
            "rosalind",
            3,
            "What counts as the same amount of work is the right question. In my "
            "team the meetings shrank, not the work, and nobody misses the "
            "meetings.",
        ),
        remark(
            "oskar",
            5,
            "I'd like to read how this works for shift jobs, where the hours more "
            "or less are the work.",
            status=PENDING,
        ),
    ),
}


def demo_comment_count() -> int:
    """How many comments the demo holds, replies included."""

    def count(remarks) -> int:
        return sum(1 + count(item.replies) for item in remarks)

    return sum(count(remarks) for remarks in THREADS.values())


def seed_demo_comments(*, articles: Iterable) -> int:
    """Add the demo comments to those of `articles` they belong to.

    Articles are matched by slug; a demo article that is missing gets none.
    Returns how many comments were created. Also makes sure the discussion
    settings row exists, so the admin can open it.
    """
    by_slug = {
        article.slug: article
        for article in articles
        if article.slug in THREADS and article.published_at is not None
    }
    created = 0
    with transaction.atomic():
        # Not DiscussionSettings.load(): a cached row may be one that a rolled
        # back transaction never stored.
        DiscussionSettings.objects.get_or_create(pk=1)
        for slug, remarks in THREADS.items():
            article = by_slug.get(slug)
            if article is None:
                continue
            existing = {(c.parent_id, c.body): c for c in article.comments.all()}
            for item in remarks:
                created += _seed_remark(item, article, None, existing)
    return created


def _seed_remark(item: Remark, article, parent: Comment | None, existing) -> int:
    key = (parent.pk if parent else None, item.body)
    comment = existing.get(key)
    created = 0
    if comment is None:
        comment = _create(item, article, parent)
        created = 1
    for reply in item.replies:
        created += _seed_remark(reply, article, comment, existing)
    return created


def _create(item: Remark, article, parent: Comment | None) -> Comment:
    # Never in the future, even on an article whose time was edited by hand.
    latest = timezone.now() - timedelta(minutes=5)
    written = min(article.published_at + timedelta(hours=item.hours), latest)
    if parent is not None:
        written = max(written, parent.created_at)
    fields = {
        "article": article,
        "parent": parent,
        "depth": parent.depth + 1 if parent else 1,
        "body": item.body,
        "status": item.status,
    }
    if item.by == STAFF:
        # Staff replies are approved at once, as comment_submit does.
        writer = article.contributor.user
        fields |= {
            "name": staff_display_name(writer) if writer else article.contributor.name,
            "email": writer.email if writer else "",
            "user": writer,
            "website": "",
        }
    else:
        reader = READERS[item.by]
        fields |= {
            "name": reader.name,
            "email": reader.email,
            "website": reader.website,
            "ip_address": reader.ip_address,
            "user_agent": reader.user_agent,
            "reason": item.reason,
        }
    comment = Comment.objects.create(**fields)
    # created_at is set on insert (auto_now_add): backdate it afterwards.
    moderated_at = None
    if item.status != PENDING and item.by != STAFF:
        moderated_at = min(written + timedelta(minutes=40), latest)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=written, moderated_at=moderated_at
    )
    comment.created_at, comment.moderated_at = written, moderated_at
    return comment
