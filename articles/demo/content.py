"""The demo site's text, as data: people, sections, tags and articles.

Everything here was written for this project. The people, places and
organisations are fictional, and every link points at a reserved example
domain (example.com, example.org), so nothing on a demo site sends readers
anywhere real.
"""

from dataclasses import dataclass
from textwrap import dedent


def _md(text: str) -> str:
    """Markdown written indented in this file, without the indentation."""
    return dedent(text).strip() + "\n"


@dataclass(frozen=True)
class Person:
    slug: str
    name: str
    byline_title: str
    bio: str
    website: str


@dataclass(frozen=True)
class Section:
    slug: str
    name: str
    description: str
    parent: str = ""


@dataclass(frozen=True)
class Label:
    slug: str
    name: str


@dataclass(frozen=True)
class Piece:
    slug: str
    title: str
    dek: str
    body: str
    contributor: str
    categories: tuple[str, ...]
    tags: tuple[str, ...]
    # (days, hours) before the first run; a negative age schedules the
    # article that far ahead. None for a draft.
    age: tuple[int, int] | None
    format: str = "standard"
    views: int = 0
    image: bool = True
    caption: str = ""
    source: tuple[str, str] | None = None

    @property
    def is_draft(self) -> bool:
        return self.age is None


# The editors' own byline, linked to the admin user when one is created.
DESK = Person(
    slug="newsroom-desk",
    name="Newsroom Desk",
    byline_title="Editor",
    bio=(
        "Notes from the editors: corrections, announcements and the occasional "
        "explanation of how this site is put together. Write to us any time; "
        "we read everything, eventually."
    ),
    website="https://newsroom.example.org/",
)

CONTRIBUTORS = (
    Person(
        slug="ines-calloway",
        name="Ines Calloway",
        byline_title="Senior Editor",
        bio=(
            "Ines edits the Cities and Opinion sections and has covered local "
            "government for longer than she likes to admit. She believes every "
            "budget document hides at least one good story. She lives in Linden "
            "Cross, within earshot of the night bus."
        ),
        website="https://ines-calloway.example.com/",
    ),
    Person(
        slug="ruth-okonkwo-hale",
        name="Ruth Okonkwo-Hale",
        byline_title="Science Correspondent",
        bio=(
            "Ruth trained as a soil ecologist before swapping the lab bench for a "
            "notebook. She writes about how research actually gets done: the dead "
            "ends, the replications and the spreadsheets. She distrusts any chart "
            "without error bars."
        ),
        website="https://example.org/people/ruth-okonkwo-hale",
    ),
    Person(
        slug="dev-marlowe",
        name="Dev Marlowe",
        byline_title="Technology Writer",
        bio=(
            "Dev spent a decade building web software before deciding that "
            "explaining it was more fun. He covers AI, privacy and the unglamorous "
            "infrastructure the internet runs on, and still maintains a small "
            "open-source library, badly."
        ),
        website="https://devmarlowe.example.com/",
    ),
    Person(
        slug="sunniva-brandt",
        name="Sunniva Brandt",
        byline_title="Climate Reporter",
        bio=(
            "Sunniva reports on energy, water and the practical business of "
            "adapting to a warmer world. She prefers stories about things that "
            "work to stories about things that might. Before joining us she wrote "
            "a newsletter about heat pumps, and she regrets nothing."
        ),
        website="https://sunniva.example.org/",
    ),
    Person(
        slug="callum-ferreira",
        name="Callum Ferreira",
        byline_title="Contributor",
        bio=(
            "Callum is a freelance writer covering work, small business and the "
            "economics of everyday life. He has run a bicycle shop, a market stall "
            "and, briefly, a podcast. He files from a shared studio above a bakery."
        ),
        website="https://callumferreira.example.com/",
    ),
    Person(
        slug="noor-vantongeren",
        name="Noor Vantongeren",
        byline_title="Culture Critic",
        bio=(
            "Noor writes about books, museums and the strange afterlives of "
            "ordinary objects. She has judged two poetry prizes and lost one pub "
            "quiz final, which she considers the greater achievement."
        ),
        website="https://example.com/noor",
    ),
)

CATEGORIES = (
    Section(
        "technology",
        "Technology",
        "Software, hardware and the people who have to live with both.",
    ),
    Section(
        "ai",
        "AI",
        "Machine learning systems: what they do well, what they get wrong, and "
        "who decides.",
        parent="technology",
    ),
    Section(
        "science",
        "Science",
        "Research explained by people who have read the methods section.",
    ),
    Section(
        "climate",
        "Climate",
        "Energy, water, heat and the practical work of adapting to a changing climate.",
    ),
    Section(
        "cities",
        "Cities",
        "Streets, buses, budgets and the public spaces where urban life happens.",
    ),
    Section(
        "culture",
        "Culture",
        "Books, museums, craft and the objects we keep for longer than we meant to.",
    ),
    Section(
        "business",
        "Business",
        "Work, money and the small enterprises that keep a neighbourhood running.",
    ),
    Section(
        "opinion",
        "Opinion",
        "Arguments from our contributors, made in good faith and open to reply.",
    ),
)

TAGS = (
    Label("energy", "Energy"),
    Label("housing", "Housing"),
    Label("transport", "Transport"),
    Label("water", "Water"),
    Label("research", "Research"),
    Label("data", "Data"),
    Label("privacy", "Privacy"),
    Label("open-source", "Open source"),
    Label("machine-learning", "Machine learning"),
    Label("work", "Work"),
    Label("repair", "Repair"),
    Label("books", "Books"),
    Label("design", "Design"),
    Label("education", "Education"),
    Label("public-space", "Public space"),
    Label("local-government", "Local government"),
    Label("journalism", "Journalism"),
    Label("small-business", "Small business"),
    Label("second-hand", "Second-hand"),
)

ARTICLES = (
    # Long features ---------------------------------------------------------
    Piece(
        slug="the-quiet-economics-of-fixing-things",
        title="The quiet economics of fixing things",
        dek=(
            "Repair rarely shows up in anyone's growth figures, but a street "
            "with a good cobbler, tailor and phone shop is richer than it looks."
        ),
        contributor="callum-ferreira",
        categories=("business", "culture"),
        tags=("repair", "work", "design", "small-business"),
        age=(3, 5),
        views=1840,
        caption="Repair work is small, local and almost invisible in the statistics.",
        body=_md(
            """
            On the corner of Tanner Street in Linden Cross there is a shop about
            the width of a parked van. It fixes phones, laptops, the occasional
            games console and, if you ask nicely, the hinge on a pair of reading
            glasses. Its owner, Farid Osei-Laurent, has been there eleven years.
            When I asked him how business was, he said: *"Steady. Nobody comes
            here on a good day."*

            That line has stayed with me, because it captures something the usual
            way of talking about the economy misses. Repair is a business built on
            bad days: the cracked screen, the dead battery, the zip that gave up
            on the way to a wedding. It is counter-cyclical, stubborn and mostly
            invisible. And it might be one of the better investments a
            neighbourhood can make.

            ## Why repair looks small

            Measured the usual way, a repair counts for less than a replacement.
            A new phone is a large sale; a new battery is a small one. Fix a coat
            instead of buying another and, as far as the sales figures can tell,
            you have made the economy slightly poorer.

            But the money does not vanish. Some of it stays in your pocket, and a
            good share of what you do spend goes to a person who lives nearby,
            pays rent nearby and buys lunch nearby. A replacement's price is
            mostly shipping, branding and a warehouse somewhere else. A repair's
            price is mostly *someone's afternoon*.

            ## What a repair shop actually sells

            Spend a morning behind the counter of a place like Farid's and you
            start to see that the product is not really the fix. It is a bundle
            of things that are hard to buy anywhere else:

            - **Diagnosis.** Half the customers do not know what is wrong. Being
              told "it's the charging port, not the phone" is worth money.
            - **Judgement.** A good repairer will tell you when something is not
              worth fixing, which is the fastest way to earn a customer for life.
            - **Time.** Most repairs are done the same day, often while you wait,
              which no delivery service can match.
            - **Trust.** You are handing a stranger your photos, your messages and
              your bank app. People come back to the shop that treated them well.

            None of that scales the way a factory does, and that is the point. It
            is skilled, local work that cannot easily be moved somewhere cheaper.

            ## The parts problem

            Every repairer I spoke to for this piece raised the same complaint,
            unprompted: parts. Glued-in batteries, screws in odd shapes, manuals
            that exist but are never shared. A skilled person can work around most
            of it, but each workaround adds minutes, and minutes are the only thing
            a repair shop really sells.

            > "I don't need anyone to make things last forever. I need to be able
            > to open them without breaking them." — Marguerite Adebayo-Stone,
            > who runs a sewing-machine repair service in Eastmoor

            Designers can help here without anyone passing a law. Standard screws,
            batteries held in with tabs rather than glue, and a parts list
            published alongside the product would do more for repair shops than
            any grant scheme. The non-profit Repair Ledger keeps a
            [plain-language guide to
            repairable design](https://example.org/repairable-design)
            that reads like a checklist any product team could adopt tomorrow.

            ## What a neighbourhood can do

            Councils and landlords have more influence than they think. Repair
            businesses need small, cheap units at street level, which are exactly
            the spaces that tend to be turned into something more lucrative. A
            high street that keeps a handful of them has kept a set of skills, a
            flow of people and a reason to walk rather than wait for a parcel.

            Farid's shop will not appear in any list of the district's success
            stories. But on the afternoon I visited, he replaced two screens, one
            battery and a charging port, talked a student out of buying a new
            laptop, and lent a stranger a charger for twenty minutes. That is a
            good day's economics, even if nobody is counting.
            """
        ),
    ),
    Piece(
        slug="what-a-language-model-knows",
        title="What a language model knows, and what it only repeats",
        dek=(
            "Chatbots sound confident about everything. Understanding how they "
            "produce an answer is the best guide to when to believe one."
        ),
        contributor="dev-marlowe",
        categories=("ai", "opinion"),
        tags=("machine-learning", "data", "education"),
        age=(9, 2),
        views=2960,
        caption="Patterns that look meaningful are not always facts.",
        body=_md(
            """
            A friend of mine, a careful and sceptical person, recently asked a
            chatbot for the opening hours of a museum. It gave her a precise,
            friendly answer. The museum was closed that day, and had been for
            months. She was not angry so much as puzzled: *how can something be so
            fluent and so wrong at the same time?*

            The answer is not that the system is broken. It is that it is doing
            exactly what it was built to do, which is something slightly different
            from what we assume.

            ## Prediction, not lookup

            At its core, a large language model is trained to continue text. It
            has been shown an enormous amount of writing and has learned, in a
            statistical sense, which words tend to follow which. Ask it a question
            and it produces the kind of answer that tends to follow that kind of
            question.

            Often, that is the right answer, because the right answer is what
            usually follows. Ask about something widely written about and
            consistently described, and the most likely continuation is also the
            accurate one. Ask about something rare, recent or local, and the most
            likely continuation is merely *plausible*: it has the shape of an
            answer without the substance.

            > A model that has never seen your museum's opening hours will still
            > know what opening hours look like.

            That is the whole trick, and the whole trap.

            ## Three questions worth asking

            None of this means the tools are useless. I use them daily, mostly
            for drafting, summarising and explaining code. But before trusting an
            answer, I find it helps to ask:

            1. **Is this the kind of fact that is written down often, and the same
               way?** General explanations usually fare better than specific
               numbers, names and dates.
            2. **Is the system looking anything up?** Some products connect a
               model to a search engine or a document collection and show their
               sources. Those sources are worth clicking.
            3. **Would a wrong answer cost me anything?** Brainstorming a party
               theme is low stakes. Dosage, law and money are not.

            ## Fluency is not evidence

            The hardest habit to unlearn is treating confidence as a signal. With
            people, a hesitant tone often accompanies uncertainty, and we have
            spent our whole lives calibrating to it. A language model's tone is
            mostly a matter of style. It can be tuned to hedge more or less, but
            the hedging is not reliably connected to how likely the answer is to
            be right.

            Researchers are working on better ways for systems to express
            uncertainty, and on checking generated claims against sources. The
            nonprofit group Plain Machines keeps a readable
            [explainer on how these
            checks work](https://example.org/plain-machines/grounding),
            and it is worth ten minutes of anyone's time.

            ## What this means for the rest of us

            The practical advice is dull, which is usually a sign it is right.
            Use these tools for what they are good at: first drafts, rephrasing,
            explanations you can verify, code you will test. Treat any specific
            fact as a lead, not a conclusion. And when a product shows you where
            an answer came from, read the source rather than the summary.

            My friend, for what it is worth, still uses the chatbot. She just
            phones the museum first.
            """
        ),
    ),
    Piece(
        slug="heat-is-a-design-problem",
        title="Heat is a design problem: notes from a city learning to cool down",
        dek=(
            "Port Averne cannot change the weather, but it can change what the sun "
            "lands on. The cheapest fixes turn out to be the oldest ones."
        ),
        contributor="sunniva-brandt",
        categories=("climate", "cities"),
        tags=("energy", "housing", "design", "public-space"),
        age=(16, 7),
        views=2210,
        caption="Shade, water and pale surfaces: the cheapest cooling a city has.",
        body=_md(
            """
            At three in the afternoon on a summer weekday, the bus shelter outside
            Calder Wharf station is the hottest place I have ever waited for
            anything. It is made of dark metal and clear plastic, it faces
            south-west, and there is not a tree within a hundred metres. The bus
            was late. I had time to think about design.

            Port Averne, like many cities built for a milder climate, is learning
            that heat is not just weather. It is an outcome of choices: what
            surfaces are painted, where trees are planted, which way buildings
            face and whether anyone can open a window at night.

            ## The city as a radiator

            Dense cities tend to be warmer than the countryside around them,
            especially after dark. Roads, roofs and walls soak up sunshine all day
            and give it back all night, so the hottest nights are often the ones
            that do the most harm: bodies never get the chance to recover.

            > "We spent decades designing streets to drain rain away as fast as
            > possible. Now we are designing them to hold on to shade." — Hester
            > Lindgren-Moss, who leads Port Averne's street design team

            ## What actually helps

            Lindgren-Moss's team keeps a short list pinned above her desk. None of
            it is new. Much of it is what builders in hot places have done for
            centuries:

            - **Trees, planted where people wait.** Bus stops, school gates, queues
              outside clinics. A tree in a park is pleasant; a tree over a bench
              where pensioners sit is infrastructure.
            - **Pale surfaces.** Light-coloured roofs and paving reflect more of
              the sun's energy instead of storing it.
            - **Water you can touch.** Fountains, misting posts and splash pads,
              kept running on the days that matter.
            - **Cool rooms, opened early.** Libraries and community halls that stay
              open late on hot days, with staff who know who might need checking on.

            ## The housing question

            The harder problem is indoors. Many flats in Port Averne were built to
            keep heat in, and they do, long after anyone wants them to. Top-floor
            homes with large unshaded windows can stay uncomfortable for days
            after the weather breaks.

            Retrofits help: external shutters, reflective blinds, better
            ventilation, and in some homes efficient heat pumps that can cool as
            well as heat. But each of these costs money, and the people most at
            risk are least likely to have it. The city's pilot scheme, which fits
            shutters to council flats on the top floors of older blocks, is small.
            Tenants who have them describe the difference in a single word:
            *sleep*.

            ## Designing for the worst week

            What struck me most, talking to planners, was a shift in how they
            think about time. Streets used to be designed for an average day. Now
            the question is what a place is like during the worst week of the
            year, and who is still outside in it: delivery riders, bus drivers,
            construction crews, people without a home to go to.

            Port Averne publishes a [map of its cool
            spaces](https://example.org/port-averne/cool-spaces)
            every summer, and this year, for the first time, it includes the
            hours each one is open. It is a modest thing. It is also exactly the
            kind of modest thing that works.

            As for the bus shelter at Calder Wharf: it is on the list. A
            replacement with a solid roof and a climbing plant on a frame is due
            next spring. I intend to wait for a bus under it.
            """
        ),
    ),
    Piece(
        slug="replication-is-the-most-exciting-boring-word",
        title="Replication is the most exciting boring word in science",
        dek=(
            "Doing an experiment again rarely makes headlines. It is also how a "
            "surprising result becomes something we can build on."
        ),
        contributor="ruth-okonkwo-hale",
        categories=("science",),
        tags=("research", "data"),
        age=(27, 3),
        views=1315,
        caption="Concentric arcs, each drawn slightly differently. Like results.",
        body=_md(
            """
            When I was a junior researcher, my supervisor handed me a paper and a
            box of soil samples and said: *"Do it again."* The paper described a
            lovely result about how a particular fungus helped seedlings survive
            drought. My job was to see whether the same thing happened in our
            greenhouse, with our seedlings and our soil.

            It took eight months. The effect was there, but it was about half the
            size the paper reported. That was my first lesson in replication, and
            the most useful thing I learned in three years at the bench.

            ## Why do it again?

            A single study is a single roll of the dice. Even when everything is
            done carefully, chance alone can make an effect look bigger or smaller
            than it really is, and small studies are especially prone to this.
            Add the quiet preferences of journals, which have historically been
            keener on surprising positive results than on careful null ones, and
            the published record can drift towards the exciting.

            Replication is the correction. It asks a simple question: if someone
            else follows the recipe, do they get the same cake?

            ## Three kinds of "again"

            Scientists use the word loosely, so it helps to separate a few ideas:

            - **Reproduction:** taking the original data and analysis and checking
              that you get the same numbers. It sounds trivial. Often it is not.
            - **Direct replication:** repeating the experiment as closely as
              possible with new participants, samples or measurements.
            - **Conceptual replication:** testing the same idea a different way,
              to see whether it holds beyond one particular setup.

            Each one answers a different question, and a field needs all three.

            ## The unglamorous part

            Replication has an image problem. It is hard to fund, hard to publish
            and easy to dismiss as unoriginal. Early-career researchers, who often
            do the actual work, can reasonably worry that a year spent repeating
            someone else's study will not help them get the next job.

            > "A replication that fails is not an accusation. It is information."
            > — Dr Oyelaran Vestergaard, a statistician who reviews replication
            > proposals for a research funder

            Some of this is changing. More journals now accept *registered
            reports*, in which a study's design is reviewed and accepted before
            the data exist, so the result cannot influence whether it is
            published. Shared data and code make reproduction far easier than it
            was. The volunteer-run Open Bench project keeps a
            [list of labs that welcome
            replication requests](https://example.org/open-bench/labs),
            which is a small, good sign.

            ## What readers can take from this

            For anyone reading science news, the practical lesson is patience. A
            striking single study is a reason to be curious, not a reason to
            change your diet, your parenting or your opinion of an entire field.
            The questions worth asking are: has anyone done this again? Was the
            study large? Were the methods decided in advance?

            My fungus effect, by the way, has since been tested by several other
            groups. It holds up, more or less, at about the size we found. That is
            less thrilling than the original paper. It is also much more useful,
            because now people can plant with it.
            """
        ),
    ),
    Piece(
        slug="the-last-mile-is-a-sidewalk",
        title="The last mile is a sidewalk",
        dek=(
            "Parcels, food and groceries now arrive at every door, every hour. "
            "The kerb was never designed for it, and everyone can tell."
        ),
        contributor="ines-calloway",
        categories=("cities", "business"),
        tags=("transport", "public-space", "local-government"),
        age=(41, 9),
        views=1620,
        caption="The kerb is the most contested strip of land in any city.",
        body=_md(
            """
            Stand on Marlow Street in Linden Cross for half an hour around lunch
            and count the vans. I did, on a Tuesday, with a clipboard and a
            growing sense of awe. Twenty-three deliveries in thirty minutes:
            parcels, groceries, restaurant orders, a mattress, two crates of
            something that clinked. Most vehicles stopped in the bus lane or on
            the pavement. Nobody was being careless. There was simply nowhere
            else to stop.

            This is the last mile, the industry's name for the final, most
            expensive leg of any delivery. For the companies involved it is a
            logistics puzzle. For the rest of us, it is a street.

            ## A kerb designed for another era

            Most kerbs in Port Averne were laid out for a simpler deal: parked
            cars along the edge, a loading bay here and there for shops, buses
            in their own lane. Deliveries to homes were occasional. Now they are
            constant, and they happen in short, frequent stops that the old
            layout does not accommodate.

            The result is a daily negotiation between people who all have a
            reasonable claim on the same few metres:

            - bus passengers who need the stop clear,
            - cyclists who need the lane clear,
            - shops that need their own deliveries,
            - residents who want to park,
            - riders and drivers paid per drop, who cannot afford to circle.

            ## What the experiments show

            The city has been trying things, in the way cities do: one street at
            a time. On Tanner Street, a stretch of parking became short-stay
            loading bays, bookable by the half hour through a simple app.
            Double-parking, by the council's own count, fell noticeably in the
            first months. On Quayside Road, a small consolidation hub lets
            couriers drop parcels at one point for the final few hundred metres to
            be done by cargo bike.

            > "The kerb is the most valuable land we own and we have been giving
            > it away by the metre." — Aurelio Fenwick-Dusa, a transport officer
            > at the council

            Neither fix is perfect. Bookable bays need enforcement, and
            enforcement needs staff. The hub works well for small parcels and not
            at all for mattresses. But both start from the right question: not
            *how do we stop deliveries*, but *where should they happen*.

            ## Pricing the pavement

            The most contentious idea is charging for kerb use, as cities already
            do for parking. A delivery company that stops a hundred times a day on
            a street would pay for the privilege, and the money would fund bays,
            enforcement and repairs to pavements cracked by wheels that were never
            meant to be on them.

            Critics, including several small businesses I spoke to, worry that
            the charges will simply be passed on to customers and couriers. They
            are probably right that some will be. The question is whether the
            current arrangement, in which the costs are paid in blocked buses and
            broken paving instead, is any fairer. The non-profit Street Ledger has
            published a [balanced briefing](https://example.org/street-ledger/kerbs)
            on the options, and it is a good place to start.

            ## A street, not a warehouse

            What I keep coming back to is that the kerb is not just a loading
            dock. It is where children wait to cross, where someone's grandmother
            gets out of a taxi, where a café puts two tables in the sun. Any plan
            that treats it purely as logistics space will lose something that is
            hard to put back.

            Marlow Street is due for a redesign next year. I will be back, with
            my clipboard, to count again.
            """
        ),
    ),
    Piece(
        slug="the-grid-is-a-conversation",
        title="The grid is a conversation, and your kettle is part of it",
        dek=(
            "An electricity network has to balance supply and demand every "
            "second. More and more, the balancing happens in our homes."
        ),
        contributor="sunniva-brandt",
        categories=("climate", "technology"),
        tags=("energy", "data"),
        age=(58, 4),
        views=1105,
        caption="Supply and demand, second by second, on a network nobody sees.",
        body=_md(
            """
            Electricity is strange stuff to sell. Unlike water or gas, it is hard
            to store in large amounts, so the amount being generated has to match
            the amount being used almost exactly, all the time. Get it badly
            wrong in either direction and equipment starts to trip.

            For most of the last century, the job of keeping that balance fell on
            power stations. Demand went up at teatime; operators turned
            generators up to match. The people using the power did not need to
            think about it at all.

            ## Why the old deal is changing

            Wind and solar power have changed the shape of the problem. Their
            output depends on the weather, so supply now rises and falls on its
            own schedule. At the same time, more of what we do runs on
            electricity: heating, cooking, and increasingly the car.

            That makes demand, for the first time in a long while, something
            worth steering. If a few million devices can shift their use by an
            hour or two, the grid needs fewer expensive backup plants sitting idle
            for the peaks.

            > "We used to say the customer is always right. Now we ask the
            > customer's fridge whether it minds waiting twenty minutes." —
            > Ambrose Kettleworth, an engineer at a regional network operator

            ## What flexibility looks like at home

            Most of it is invisible, and that is deliberate. Some examples that
            already exist in some homes:

            - **Time-of-use tariffs** that make electricity cheaper at times when
              it is plentiful, nudging washing machines and car chargers towards
              the night.
            - **Smart chargers** that fill an electric car by the morning, but
              choose *when* during the night to draw the power.
            - **Heat pumps and hot water tanks** that warm a home or a cylinder a
              little earlier, storing heat rather than electricity.
            - **Home batteries**, where people have them, that charge when power
              is cheap and discharge when it is not.

            None of these ask anyone to sit in the dark. They ask for a little
            slack in timing, in exchange for a lower bill.

            ## The catch

            There are fair worries. Tariffs that reward flexibility favour people
            who have flexible lives and the money for smart equipment. Devices
            that respond to signals from outside raise questions about security
            and about who controls the off switch. And a system that works
            through thousands of small decisions is harder to reason about than
            one that works through a few big ones.

            Consumer groups have argued that the basics should come first: clear
            prices, the right to opt out, and devices that keep working normally
            when the internet does not. That seems right to me. The explainer
            series at [Grid Notes](https://example.org/grid-notes/flexibility) is
            a patient introduction to the trade-offs.

            ## A conversation, not a command

            The phrase I heard most often while reporting this piece was
            *conversation*. The old grid gave orders; the new one negotiates. Your
            kettle still boils when you press the switch. But somewhere in the
            background, a great many other machines have politely agreed to wait
            their turn.
            """
        ),
    ),
    Piece(
        slug="in-praise-of-slow-software",
        title="In praise of slow software",
        dek=(
            "The best tools I use have barely changed in years. That is not "
            "stagnation; it is a feature we have forgotten how to ask for."
        ),
        contributor="dev-marlowe",
        categories=("technology", "opinion"),
        tags=("open-source", "design"),
        age=(96, 6),
        views=2480,
        caption="Some of the most reliable tools are the ones nobody talks about.",
        body=_md(
            """
            The text editor I write in is older than some of my colleagues. Its
            interface has not meaningfully changed in the years I have used it.
            It opens instantly, it has never lost a word, and it has never once
            asked me to *try the new experience*. I would like more software to
            be like this, and I think we should say so out loud.

            ## The treadmill

            Much of modern software lives on a treadmill. Apps update weekly.
            Buttons move. Features arrive, get renamed, and quietly disappear.
            Some of this is genuine improvement, and security fixes in particular
            are not optional. But a lot of it is motion for its own sake, driven
            by the need to show progress to someone.

            The costs fall on users, who must relearn tools they had mastered,
            and on everyone who builds on top of that software, who must keep
            adapting to changes they did not ask for.

            ## What slow software looks like

            By *slow* I do not mean sluggish. I mean software that changes at the
            pace its users can absorb. In practice it tends to share a few traits:

            - It does one job, and says clearly what that job is.
            - It keeps working when the network does not.
            - It stores your work in formats other programs can read.
            - Its changelog is short, and mostly says "fixed".
            - Its maintainers are willing to say *no* to features.

            That last point is the hardest. Every feature request comes from a
            real person with a real need, and refusing it feels unkind. But each
            addition makes the whole a little harder to understand, test and
            keep running.

            ## The maintainer's view

            I maintain a small open-source library used by, as far as I can tell,
            a few thousand projects. The most valuable thing I do for those users
            is not adding anything. It is keeping the existing behaviour exactly
            as it was, release after release, while the ground underneath it
            shifts.

            > Stability is a feature. It just doesn't demo well.

            A friend who maintains a much larger project puts it more bluntly:
            her users do not want surprises, they want Tuesday to be like Monday.
            The community site [Steady State](https://example.org/steady-state)
            collects essays by maintainers on exactly this theme, and it is
            quietly one of the wisest corners of the web.

            ## Asking for it

            If you buy software, for yourself or for an organisation, you can ask
            different questions. How long will this version be supported? Can I
            export my data in a standard format? How often does the interface
            change? Will the product work offline?

            If you build software, you can treat a change that breaks your users'
            habits as a cost, not a neutral act, and budget for it like one.

            None of this is an argument against new things. It is an argument for
            letting good things stay good. My text editor will, I suspect, outlast
            the laptop I am writing this on. That is the highest compliment I know
            how to pay a piece of software.
            """
        ),
    ),
    # Standard pieces of middling length ------------------------------------
    Piece(
        slug="a-library-that-lends-drills",
        title="A library that lends drills, not just books",
        dek=(
            "Linden Cross's tool library has 600 members and one rule: bring it "
            "back clean. It may be the most useful room in the neighbourhood."
        ),
        contributor="ines-calloway",
        categories=("cities", "culture"),
        tags=("repair", "public-space"),
        age=(5, 1),
        views=640,
        caption="Borrowed, used, returned: the whole economy of a tool library.",
        source=(
            "The Linden Cross Ledger",
            "https://ledger.example.org/stories/tool-library-linden-cross",
        ),
        body=_md(
            """
            Behind the public library on Ashdown Road, in what used to be a bike
            store, there are shelves of drills, sanders, ladders, tile cutters, a
            carpet cleaner, three sewing machines and a wallpaper steamer that has,
            by the volunteers' count, been borrowed more often than any book in
            the building next door.

            The Linden Cross Tool Library opened four years ago with donated
            equipment and a spreadsheet. Membership is pay-what-you-can. Items go
            out for a week. The only rule printed on the wall is *bring it back
            clean*, and the volunteers say it is mostly obeyed.

            "Nobody needs to own a drill," says Bettina Achterberg-Rowe, who
            coordinates the volunteers. "People need a hole in the wall, about
            twice a year." The library's members are mostly renters, she says,
            people without the space to store tools or the budget to buy ones
            they will use for an afternoon.

            What surprised the founders was how social it turned out to be. Every
            loan comes with advice, whether you want it or not. There are Saturday
            sessions on fixing bikes and hemming trousers. Several members have
            started lending their own expertise, which is harder to put on a
            shelf but just as useful.

            The library is looking for a larger space and, as ever, for people
            who can fix a sander. If that is you, they would like to hear from
            you.
            """
        ),
    ),
    Piece(
        slug="passphrases-password-managers-and-habits",
        title="Boring security: passphrases, password managers and good habits",
        dek=(
            "You do not need to understand cryptography to protect your accounts. "
            "You need three habits and about an hour."
        ),
        contributor="dev-marlowe",
        categories=("technology",),
        tags=("privacy", "education"),
        age=(12, 4),
        views=1980,
        caption="Security advice is at its best when it is dull.",
        body=_md(
            """
            Every few months a friend asks me how to "be safer online", usually
            after something has gone wrong for someone they know. My answer has
            barely changed in years, which I take as a sign that it is the right
            one. Good security for ordinary people is not clever. It is *boring*,
            and boring is achievable.

            **First, use a password manager.** The single biggest risk for most
            people is reusing the same password on many sites. When one of those
            sites is breached, every account that shares the password is exposed.
            A password manager creates a different strong password for each site
            and remembers them for you. You only need to remember one.

            **Second, make that one a passphrase.** Four or five unrelated words,
            chosen at random, are both easier to remember and harder to guess
            than a short string of symbols. Write it down on paper and keep the
            paper somewhere safe at home while you learn it. That is fine.

            **Third, turn on two-step sign-in** for the accounts that matter most:
            email first, because it can reset everything else, then banking and
            anything with your photos. An authenticator app or a hardware key is
            better than a text message, but a text message is far better than
            nothing.

            That is it. Set aside an hour, start with your email account, and work
            outwards. The community guide at
            [Plain Security](https://example.org/plain-security/start) walks
            through each step with screenshots, and it is the link I send friends.
            """
        ),
    ),
    Piece(
        slug="soil-is-having-a-moment",
        title="Soil is having a moment, and it deserves one",
        dek=(
            "The ground beneath our feet is alive, complicated and easy to "
            "damage. Scientists are only beginning to map what lives there."
        ),
        contributor="ruth-okonkwo-hale",
        categories=("science", "climate"),
        tags=("research", "water"),
        age=(21, 8),
        views=730,
        caption="Layers upon layers: soil is more structure than dirt.",
        body=_md(
            """
            I spent my doctoral years with my hands in soil, and I still find it
            hard to describe to people how much is going on in a single spadeful.
            Fungi threading between roots. Bacteria in their uncountable variety.
            Mites, springtails, worms, and the slow chemistry of dead leaves
            becoming something else. It is less a material than a *city*.

            For a long time, soil was studied mostly as a growing medium: how much
            nitrogen, how acid, how well-drained. Those questions still matter. But
            a growing number of researchers now study the soil as an ecosystem in
            its own right, and what they are finding is changing how farmers,
            gardeners and planners think about the ground.

            One idea that has moved from the lab to the field is that soil
            structure, the way particles clump and leave pores between them,
            matters as much as its chemistry. Well-structured soil holds water
            like a sponge during dry spells and lets it soak in during storms.
            Compacted soil does neither; rain runs off it, carrying the topsoil
            with it.

            The practical advice that follows is modest: disturb soil less, keep
            it covered with plants or mulch, add organic matter. None of it is
            new to good gardeners. What is new is the growing body of
            measurement behind it, and the interest from cities wondering whether
            healthier soil in parks and verges could help with flooding.

            It is a good time to be a soil scientist. It is about time.
            """
        ),
    ),
    Piece(
        slug="what-four-day-week-trials-measure",
        title="Four-day weeks: what the trials are really measuring",
        dek=(
            "Shorter-week experiments report happier staff. The harder question "
            "is what counts as the same amount of work."
        ),
        contributor="callum-ferreira",
        categories=("business",),
        tags=("work", "data", "small-business"),
        age=(33, 2),
        views=2750,
        caption="Counting output is easy. Counting the right output is not.",
        body=_md(
            """
            Whenever a company announces that it has tried a four-day week, the
            headlines follow a familiar shape: staff were happier, fewer people
            quit, and productivity held up. I have no reason to doubt the happier
            part. It is the *productivity held up* part that deserves a closer
            look, not because it is wrong, but because it is hard to measure.

            Consider a design studio in Port Averne that I followed through its
            own six-month trial. Its owner, Ottilie Brathwaite-Sand, measured
            three things: projects delivered on time, client satisfaction scores
            and billable hours. The first two stayed level. The third fell, which
            is what you would expect when people work fewer hours, but revenue
            did not, because the studio charged by project rather than by hour.

            Whether that counts as "the same productivity" depends on what you
            think the studio sells. For a business paid by the hour, the same
            trial might look very different. For a hospital ward or a bus depot,
            where the work is defined by time spent present, a four-day week
            means hiring more people, and the question becomes one of cost rather
            than output.

            The more useful lesson from the studio was what changed inside the
            week. Meetings got shorter, because they had to. Work that existed
            mainly to be seen being done quietly stopped. Several staff said the
            trial made them notice how much of a five-day week was spent on
            coordination rather than craft.

            That might be the real finding of trials like these: not that four
            is the magic number, but that most organisations have never looked
            hard at how their time is spent. Anyone can do that, at any length of
            week.
            """
        ),
    ),
    Piece(
        slug="how-to-read-a-chart-that-wants-something",
        title="How to read a chart that wants something from you",
        dek=(
            "Charts feel objective. Every one of them is a set of choices, and a "
            "few questions will reveal most of them."
        ),
        contributor="ruth-okonkwo-hale",
        categories=("science", "opinion"),
        tags=("data", "education"),
        age=(47, 5),
        views=1460,
        caption="Every chart is a set of decisions about what to show.",
        body=_md(
            """
            A chart is an argument wearing a lab coat. It arrives looking neutral,
            all clean lines and labelled axes, and we tend to give it the benefit
            of the doubt. But every chart is built from decisions: which data to
            include, which period to show, where to start the axis, what to
            compare with what. Most of those decisions are honest. Some are not.

            Here are the questions I ask, in roughly the order I ask them:

            1. **Where does the vertical axis start?** A bar chart that starts
               above zero can make a small difference look dramatic.
            2. **What period is shown, and why that one?** Trends can appear or
               vanish depending on the start and end dates.
            3. **Is it a count or a rate?** More accidents in a bigger town is not
               news. More accidents per person might be.
            4. **Where is the uncertainty?** Survey results and estimates have
               margins of error. A chart that hides them is claiming more
               precision than it has.
            5. **What is missing?** The most persuasive charts often leave out the
               comparison that would undercut them.

            None of this requires statistics training. It requires the habit of
            pausing for ten seconds before nodding along.

            I would add one more question, for charts shared on social media:
            *who made this, and can I find the original?* A chart without a source
            is a rumour with a colour scheme.
            """
        ),
    ),
    Piece(
        slug="the-museum-that-opened-its-storeroom",
        title="The small museum that put its storeroom on display",
        dek=(
            "Most museums show a fraction of what they own. One in Eastmoor "
            "decided visitors might like to see the rest."
        ),
        contributor="noor-vantongeren",
        categories=("culture",),
        tags=("design", "public-space"),
        age=(52, 3),
        views=520,
        caption="What a museum keeps says as much as what it shows.",
        source=(
            "Field Notes Quarterly",
            "https://fieldnotes.example.com/essays/open-storeroom",
        ),
        body=_md(
            """
            The Marlow Street Museum of Ordinary Things is not, by any measure, a
            grand institution. It occupies a former drapers' shop in Eastmoor and
            collects the objects of everyday life: biscuit tins, bus tickets,
            school reports, a great many keys. Like most museums, it used to show
            only a small part of its collection. The rest lived in boxes in a
            back room.

            Last spring, the curator, Wilhelmina Crane-Obuya, took the door off the
            back room. Literally: it now hangs on the wall of the entrance as an
            exhibit. Behind it, the storeroom shelves are lit and labelled, and
            visitors can walk between them, open drawers, and watch volunteers
            catalogue new donations at a table in the middle.

            It should not work. Storerooms are meant to be dull: rows of grey
            boxes, acid-free tissue, handwritten accession numbers. But that is
            exactly the appeal. Visitors linger over the boxes more than the
            displays. *"People want to see the decisions,"* Crane-Obuya told me.
            "What we keep, how we label it, what we argue about."

            There are practical limits. Fragile items stay behind glass, and the
            volunteers field many questions when they would rather be
            cataloguing. But the museum's visitor book, which I read cover to
            cover, is the warmest I have ever seen. The most common word in it is
            *grandmother*.
            """
        ),
    ),
    Piece(
        slug="teaching-with-ai-in-the-room",
        title="Teaching with AI in the room",
        dek=(
            "Banning chatbots from classrooms has proved hard. Some teachers are "
            "trying something else: making the tools part of the lesson."
        ),
        contributor="dev-marlowe",
        categories=("ai",),
        tags=("education", "machine-learning"),
        age=(64, 7),
        views=1190,
        caption="The question is no longer whether students use these tools.",
        body=_md(
            """
            Rosalind Ekwueme-Hart teaches history to fifteen-year-olds at a
            secondary school in Port Averne, and she has stopped pretending her
            students do not use chatbots. "They do," she says. "The question is
            whether they use them well or badly, and right now nobody is teaching
            them the difference."

            So she does. One of her lessons starts with a chatbot's answer to an
            essay question, projected on the board. The class's job is to mark
            it: find the claims that need a source, check them against the
            textbook and the school library's databases, and spot the places
            where the answer is smooth but says very little. The students, she
            reports, are merciless.

            The point is not to catch the machine out for sport. It is to make
            visible the skills that history has always been about: asking where a
            claim comes from, weighing evidence, noticing what is left out. A
            fluent paragraph with no sources turns out to be a surprisingly good
            teaching aid for all three.

            Not every teacher agrees with her approach, and there are real
            questions about fairness, about privacy, and about students who lean
            on the tools to avoid thinking at all. Ekwueme-Hart still sets
            handwritten work in class. But she thinks pretending the tools do not
            exist leaves students to work out their limits alone.

            "I'd rather they learn to argue with it here," she says, "than learn
            to believe it somewhere else."
            """
        ),
    ),
    Piece(
        slug="what-the-night-bus-knows",
        title="What the night bus knows about a city",
        dek=(
            "After midnight, the N14 carries cleaners, nurses, bakers and the "
            "occasional reveller. Its passengers are a portrait of who keeps a "
            "city running."
        ),
        contributor="ines-calloway",
        categories=("cities",),
        tags=("transport", "public-space", "work"),
        age=(77, 11),
        views=880,
        caption="The city after midnight belongs to the people who keep it going.",
        body=_md(
            """
            The N14 leaves Calder Wharf at 00:40 and reaches the hospital at
            Eastmoor about fifty minutes later, stopping at most of the places
            that matter in between. I rode it end to end, several nights running,
            for no better reason than that I live near it and had always
            wondered who was on it.

            The answer, mostly, is people going to work. Office cleaners heading
            into the centre. Nurses and porters on the night shift. A baker who
            starts at two and has ridden the same route for nine years. Security
            guards, warehouse staff, a man who services the escalators in the
            underground stations while they are closed. The revellers exist, and
            they are loud, but by the second night I could see they were a small
            minority.

            This matters because night buses are often treated as a luxury, the
            first thing to be trimmed when budgets are tight. Seen from the
            inside, the N14 is nothing of the kind. For many of its passengers
            there is no other way to get to work that they can afford, and their
            work is what the daytime city wakes up to: clean offices, fresh bread,
            staffed wards.

            The driver on my last night, Gideon Amankwah-Shore, has driven night
            routes for most of his career. He prefers them, he says: quieter
            roads, regular faces, fewer arguments about prams. *"Everyone on here
            has somewhere to be,"* he said. "That's the difference. In the day,
            people are going shopping. At night, they're holding the place up."

            Port Averne's transport committee reviews the night network next
            month. I would suggest its members take a ride first.
            """
        ),
    ),
    Piece(
        slug="freelancers-need-sick-days-too",
        title="Freelancers need sick days too",
        dek=(
            "Self-employment promises freedom. It rarely mentions what happens "
            "when you have flu in the week of a deadline."
        ),
        contributor="callum-ferreira",
        categories=("business", "opinion"),
        tags=("work", "small-business"),
        age=(88, 3),
        views=410,
        caption="No cover, no sick pay, no one to hand the work to.",
        source=(
            "The Freelance Almanac",
            "https://almanac.example.org/columns/freelance-sick-days",
        ),
        body=_md(
            """
            Last winter I spent five days in bed with a fever and two days
            pretending I did not have one. Those two days were the expensive
            ones: I missed a deadline, rushed a draft and lost a client who,
            reasonably, wanted someone more reliable. Nobody fired me. There was
            nobody to fire me. There was also nobody to cover for me.

            Most freelancers I know have a version of this story. Self-employment
            has real freedoms, but it strips away a set of protections that
            employees take for granted and rarely think about until they need
            them: sick pay, holiday pay, a colleague who can pick up the work.

            Some of the fix is personal. I now keep a buffer of savings labelled
            *ill*, and I build a few slack days into every project plan. Some of
            it is collective: a small group of us in the studio have agreed to
            cover each other's urgent deadlines when someone is sick, and we
            introduce each other to clients in advance so it is not a surprise.

            But some of it is structural, and deserves more attention than it
            gets. Freelancers are a large and growing part of many workforces,
            and most of the safety net was designed for people with a single
            employer. Ideas such as portable benefits, which follow a worker
            across clients, are worth a serious public debate.

            Until then: if you hire freelancers, build a little slack into the
            deadline. You will get better work, and you might save someone from
            working through a fever.
            """
        ),
    ),
    Piece(
        slug="notes-in-the-margins",
        title="The joy of a second-hand book with notes in the margins",
        dek=(
            "Someone else's pencil marks turn reading into a conversation with a "
            "stranger. I have started to seek them out."
        ),
        contributor="noor-vantongeren",
        categories=("culture",),
        tags=("books", "second-hand"),
        age=(110, 6),
        views=355,
        body=_md(
            """
            The copy of the novel I bought last month for the price of a coffee
            had belonged, according to the name inside the cover, to an *E.
            Farrow*, who read it at least twice: once in pencil and once, years
            later I think, in blue biro. The pencil underlines the romantic bits.
            The biro argues with them.

            I did not buy the book for E. Farrow's opinions, but they have become
            my favourite thing about it. Reading with a stranger's notes is like
            watching a film with a friend who whispers. Sometimes it is
            irritating. More often it makes you notice something you would have
            skimmed past, or disagree with a conviction you did not know you had.

            Booksellers I asked are divided on annotated copies. Some price them
            down; a few price them up, if the notes are interesting. One dealer in
            Linden Cross keeps a shelf labelled *Previously Loved, Loudly*, and
            says it is the first shelf regulars check.

            My own books will go to a shop one day, and I have started to think
            about the reader who finds my notes. I try to be kinder in the
            margins than I used to be. Mostly.
            """
        ),
    ),
    Piece(
        slug="the-case-for-right-sized-ai",
        title="Small models, real savings: the case for right-sized AI",
        dek=(
            "Not every task needs the biggest model available. Choosing a smaller "
            "one can be cheaper, faster and easier to keep private."
        ),
        contributor="dev-marlowe",
        categories=("ai", "business"),
        tags=("machine-learning", "energy", "privacy"),
        age=(124, 2),
        views=1730,
        caption="The right tool is often the smaller one.",
        body=_md(
            """
            When a team at a logistics firm in Port Averne asked me to look at
            their AI costs, the problem took about a minute to find. Every
            incoming email, including out-of-office replies, was being sent to a
            very large general-purpose model to be sorted into one of six
            folders. It worked. It was also like hiring a professor to sort the
            post.

            Large models are remarkable at open-ended tasks: drafting, reasoning
            through an unfamiliar problem, answering questions nobody
            anticipated. But a lot of real work is narrow and repetitive. Sorting,
            tagging, extracting a date from an invoice, spotting whether a
            message is a complaint. For jobs like these, a much smaller model,
            sometimes one trained for that single purpose, can do as well or
            nearly as well at a fraction of the cost.

            There are other benefits. Small models can often run on a company's
            own machines, which keeps sensitive data in-house. They respond
            faster. They use less energy per request, which adds up at scale.
            And because they do less, they are easier to test: you can measure
            how often a classifier puts an email in the wrong folder far more
            easily than you can evaluate an essay.

            The trade-off is effort. A small model needs examples, evaluation and
            occasional retraining, and someone has to own that work. The firm in
            question ended up with a two-step design: a small model handles the
            routine cases, and anything it is unsure about goes to the big one.
            Their bill fell sharply, and the sorting got slightly better.

            The lesson is not that big models are bad. It is that *the biggest
            model available* is not a strategy. Start with the task, and size the
            tool to fit.
            """
        ),
    ),
    Piece(
        slug="rain-gardens-and-slow-water",
        title="Rain gardens and the art of slowing water down",
        dek=(
            "For a century, cities tried to get rain into pipes as fast as "
            "possible. Now some are trying to keep it in the ground a little "
            "longer."
        ),
        contributor="sunniva-brandt",
        categories=("climate", "cities"),
        tags=("water", "design", "public-space"),
        age=(139, 5),
        views=690,
        caption="A planted dip in the pavement can do the work of a pipe.",
        body=_md(
            """
            Walk down Ferrier Road in Eastmoor after a downpour and you might
            notice something odd: the gutters are nearly dry. The water has gone
            somewhere else, into a series of shallow planted beds set into the
            pavement, where it pools for a few hours and then soaks away.

            These are rain gardens, and they are a small part of a big change in
            how cities think about water. The traditional approach was to move
            rain into drains and sewers as quickly as possible. It works, until
            a heavy storm sends more water than the pipes can carry, at which
            point streets flood and, in older systems, sewage can overflow into
            rivers.

            The alternative is often summarised as *slow the flow*: give water
            places to pause on its way. Rain gardens, green roofs, permeable
            paving, street trees with generous pits, even a park designed to
            flood harmlessly once in a while. Each holds back a little; together
            they take the sharpest edge off a storm.

            Ferrier Road's residents were sceptical at first. They worried about
            mosquitoes, lost parking and mud. Two years on, the street's
            residents' association looks after the planting itself, and the
            beds have become a point of pride. One resident told me, with great
            seriousness, that the irises are the best on the estate.

            The council plans to add similar beds to a dozen more streets. They
            will not prevent every flood. But they are cheaper than bigger pipes,
            they cool the street in summer, and they are considerably prettier.
            """
        ),
    ),
    Piece(
        slug="the-best-show-nobody-watches",
        title="Your town's budget meeting is the best show nobody watches",
        dek=(
            "Council budget sessions are long, technical and almost empty. They "
            "are also where a place decides what it values."
        ),
        contributor="ines-calloway",
        categories=("opinion", "cities"),
        tags=("local-government", "journalism"),
        age=(178, 4),
        views=305,
        caption="The public gallery is usually empty. It should not be.",
        body=_md(
            """
            I have sat through more council budget meetings than I can count, and
            I am here to make an unfashionable argument: you should go to one.
            Not because they are entertaining, although they occasionally are,
            but because almost every decision that shapes your street passes
            through that room, and hardly anyone is there to watch.

            Libraries, bins, potholes, bus subsidies, the hours the swimming pool
            is open, the number of people answering the phone when you report a
            broken streetlight: all of it is a line in a budget. The arguments
            over those lines are where priorities become real. A council can say
            anything it likes about its values in a press release. The budget is
            where it has to choose.

            The meetings are not designed to be welcoming, and that is a problem
            in itself. Papers are long, acronyms are everywhere, and public
            questions are often limited to a few minutes at the start. But most
            councils now stream their meetings and publish the papers in advance.
            Reading the summary and watching the first hour is enough to
            understand what is at stake.

            If you go, you will probably be one of very few members of the public
            there. Councillors notice. A full public gallery changes the tone of
            a debate in ways that are hard to measure and easy to feel. *Go once.*
            Take a friend. Bring a flask.
            """
        ),
    ),
    # Short forms: asides, quotes, links, a status, a chat, a gallery, an image
    Piece(
        slug="a-note-on-how-we-correct-things",
        title="A note on how we correct things",
        dek="When we get something wrong, we say so at the bottom of the article.",
        contributor="ines-calloway",
        categories=("opinion",),
        tags=("journalism", "research"),
        age=(7, 3),
        format="aside",
        views=210,
        image=False,
        body=_md(
            """
            A reader wrote in last week to ask why we never quietly fix mistakes.
            The short answer: because a quiet fix is a small lie. When we get a
            fact wrong, we correct it in the text and add a dated note at the end
            of the article saying what changed and why. Typos and broken links we
            simply fix. If you spot something, *tell us*; the address is at the
            bottom of every page, and an editor reads every message.
            """
        ),
    ),
    Piece(
        slug="overheard-at-the-repair-cafe",
        title="Overheard at the repair café",
        dek="A toaster, a lamp and a very old radio walk into a church hall.",
        contributor="callum-ferreira",
        categories=("culture",),
        tags=("repair", "second-hand"),
        age=(19, 6),
        format="aside",
        views=160,
        image=False,
        body=_md(
            """
            The monthly repair café in St Aldric's hall, Eastmoor, fixed
            fourteen things on Saturday, including a radio older than its
            owner, and failed to fix three, including a toaster that the
            volunteer declared "beyond the help of man". The best line of the
            day came from a retired electrician to a teenager watching him
            solder: *"It's not magic. It's just patience with a hot pencil."*
            """
        ),
    ),
    Piece(
        slug="on-maintenance",
        title="On maintenance",
        dek="A retired bridge inspector on what keeps a city standing.",
        contributor="ines-calloway",
        categories=("cities", "opinion"),
        tags=("public-space", "local-government"),
        age=(24, 2),
        format="quote",
        views=95,
        image=False,
        body=_md(
            """
            > Anyone can cut a ribbon. The city that lasts is the one that
            > remembers to oil the hinges, paint the railings and look under the
            > bridge every spring, long after the photographers have gone home.

            — Odile Brannock, who inspected Port Averne's bridges for thirty-one
            years, speaking at her retirement party
            """
        ),
    ),
    Piece(
        slug="on-uncertainty",
        title="On uncertainty",
        dek="A lab manager's advice to every new student.",
        contributor="ruth-okonkwo-hale",
        categories=("science",),
        tags=("research", "data"),
        age=(70, 1),
        format="quote",
        views=140,
        image=False,
        body=_md(
            """
            > Write down what you expect before you look. Then write down what you
            > found. The gap between the two is where you learn something, and it
            > is the first thing your memory will try to tidy away.

            — Imelda Szabo-Rennick, laboratory manager, in her welcome talk to new
            doctoral students
            """
        ),
    ),
    Piece(
        slug="a-handbook-for-community-wifi",
        title="Worth reading: a handbook for running community Wi-Fi",
        dek="A practical, free guide for neighbourhoods that want to share a network.",
        contributor="dev-marlowe",
        categories=("technology",),
        tags=("open-source", "public-space"),
        age=(31, 4),
        format="link",
        views=260,
        image=False,
        source=(
            "Commons Network Handbook",
            "https://handbook.example.org/community-wifi",
        ),
        body=_md(
            """
            If you have ever wondered what it would take for a block of flats or
            a village hall to run its own shared network, the
            [Commons Network Handbook](https://handbook.example.org/community-wifi)
            is the most sensible thing I have read on the subject. It is honest
            about the dull parts: who pays the bill, who answers the phone when
            it breaks, and how to write an acceptable-use policy people will
            actually read.
            """
        ),
    ),
    Piece(
        slug="a-field-guide-to-municipal-data",
        title="A field guide to your council's open data",
        dek=(
            "Where to find the spreadsheets that explain your street, and how to "
            "read them."
        ),
        contributor="ines-calloway",
        categories=("cities", "technology"),
        tags=("data", "local-government"),
        age=(101, 8),
        format="link",
        views=180,
        image=False,
        source=(
            "Open Ledger Project",
            "https://openledger.example.com/guides/council-data",
        ),
        body=_md(
            """
            Councils publish more data than most residents realise: spending over
            a set amount, planning applications, bin collection routes, street
            tree inventories. The volunteers at the Open Ledger Project have
            written a
            [friendly field guide](https://openledger.example.com/guides/council-data)
            to finding it and making sense of it, with a glossary that finally
            explained *capital versus revenue spending* to me in a way that
            stuck.
            """
        ),
    ),
    Piece(
        slug="climate-desk-on-the-road",
        title="Our climate desk is on the road this week",
        dek="Dispatches from three towns and their flood defences, starting Monday.",
        contributor="sunniva-brandt",
        categories=("climate",),
        tags=("water", "energy"),
        age=(2, 3),
        format="status",
        views=48,
        image=False,
        body=_md(
            """
            Packed: wellies, a notebook, a flask and far too many chargers. I am
            visiting three riverside towns this week to see how their flood
            defences held up over the winter. Questions you want me to ask? Send
            them in.
            """
        ),
    ),
    Piece(
        slug="a-headline-argument",
        title="Two editors, one headline, eleven minutes",
        dek="A lightly edited transcript of how a headline actually gets written.",
        contributor="ines-calloway",
        categories=("opinion",),
        tags=("journalism", "design"),
        age=(45, 6),
        format="chat",
        views=530,
        caption="Every headline is a negotiation between accuracy and attention.",
        body=_md(
            """
            **Ines:** The rain garden piece needs a headline. I have "Rain
            gardens and the art of slowing water down".

            **Dev:** That's lovely. Nobody will click it.

            **Ines:** People who care about drainage will click it.

            **Dev:** Both of them. What about "This street never floods. Here's
            why"?

            **Ines:** Because it does flood. Less. It floods less.

            **Dev:** "This street floods less" is not a headline, it's a shrug.

            **Ines:** It's accurate. If a reader gets to paragraph four and finds
            out we oversold it, we've lost them for the next story too.

            **Dev:** Fine. Keep yours, but put the promise in the dek: what the
            reader learns.

            **Ines:** "For a century, cities tried to get rain into pipes as fast
            as possible. Now some are trying to keep it in the ground." Better?

            **Dev:** Better. Still nobody will click it.

            **Ines:** It had more readers than your password piece for a day.

            **Dev:** For one day.
            """
        ),
    ),
    Piece(
        slug="how-we-draw-our-illustrations",
        title="From the design desk: how we draw our illustrations",
        dek=(
            "Every picture on this site is drawn by a small program, seeded by "
            "the article's address. Here is the whole set of ingredients."
        ),
        contributor="dev-marlowe",
        categories=("culture", "technology"),
        tags=("design", "open-source"),
        age=(84, 2),
        format="gallery",
        views=770,
        caption="One of the seven motifs: stripes, with a ringed disc on top.",
        body=_md(
            """
            Readers sometimes ask who makes the abstract pictures at the top of
            our articles. The honest answer is: nobody, exactly. Each one is
            drawn by a short program that takes the article's web address as a
            *seed*. The same address always produces the same picture, and no
            two articles are likely to get the same one.

            The program picks a colour palette, a gradient for the background,
            and one of seven motifs:

            1. **Orbs:** soft glowing blobs behind crisp circles and rings.
            2. **Waves:** layered bands rolling under a round sun.
            3. **Tiles:** a grid of quarter circles, half discs and squares.
            4. **Skyline:** rising bars, traced by a line of dots.
            5. **Network:** glowing nodes joined by thin lines.
            6. **Rings:** concentric broken arcs.
            7. **Stripes:** diagonal bands under a large ringed disc.

            The program also writes the image's description for screen readers
            from the same choices it used to draw, so the text always matches the
            picture. We like the results: they are cheap, they never show a
            stranger's face, and they never pretend to be a photograph of
            something that did not happen.
            """
        ),
    ),
    Piece(
        slug="the-week-in-one-picture",
        title="The week in one picture: harbour lights, abstracted",
        dek="Soft lights on a dark ground, and what we saw in them.",
        contributor="noor-vantongeren",
        categories=("culture",),
        tags=("design", "data"),
        age=(150, 5),
        format="image",
        views=430,
        caption="Glowing orbs on a near-black ground, drawn by our illustration desk.",
        body=_md(
            """
            This week's picture is not a photograph, but everyone in the office
            saw the same thing in it: the lights of Calder Wharf seen through a
            rainy window at night, blurred into soft circles. Our illustration
            program knows nothing about harbours. We supplied the harbour
            ourselves, which is, I suppose, what looking at pictures has always
            been.
            """
        ),
    ),
    # Drafts and a scheduled piece -----------------------------------------
    Piece(
        slug="the-afterlife-of-a-returned-parcel",
        title="The afterlife of a returned parcel",
        dek="Free returns are not free. Someone, somewhere, pays for the journey back.",
        contributor="callum-ferreira",
        categories=("business",),
        tags=("work", "transport", "second-hand"),
        age=None,
        image=False,
        body=_md(
            """
            A pair of trainers, bought on Monday and returned on Thursday, can
            travel further after the sale than before it. I followed one such
            parcel, with the retailer's permission, from a doorstep in Linden
            Cross to a returns warehouse on the edge of the city.

            [TK: confirm the distance with the courier, and whether the warehouse
            is happy to be named.]

            ## What happens to the trainers

            Inspection, repackaging, resale, outlet, or worse. [TK: quote from the
            warehouse manager; her notes are in the shared folder.]
            """
        ),
    ),
    Piece(
        slug="notes-toward-a-review-of-the-tram-line",
        title="Notes toward a review of the new tram line",
        dek="Three weeks of riding the Eastmoor extension, from the front seat.",
        contributor="ines-calloway",
        categories=("cities",),
        tags=("transport", "public-space"),
        age=None,
        caption="Placeholder picture until the photographer has been out.",
        body=_md(
            """
            First impressions: quiet, frequent, and the stops are too far apart
            for the people who most need them. The ramp at Ferrier Road is a joy;
            the one at the hospital is not finished.

            Still to do: ride it at rush hour, talk to the drivers, and find out
            why the timetable at Quayside says one thing and the screens say
            another.
            """
        ),
    ),
    Piece(
        slug="a-week-of-stories-about-water",
        title="Coming up: a week of stories about water",
        dek=(
            "Floods, droughts, leaks and the people who fix them: our climate desk "
            "spends next week following the water."
        ),
        contributor="sunniva-brandt",
        categories=("climate", "cities"),
        tags=("water", "public-space"),
        age=(-3, 0),
        caption="Where the water goes is a design decision, every time.",
        body=_md(
            """
            Next week, our climate desk is devoting every story to water: too much
            of it, too little of it, and the pipes, gardens and people that move
            it around a city.

            We will visit the riverside towns rebuilding their defences, ride
            along with a leak-detection crew who listen to pipes at night, and
            ask why a city that floods in winter can still run short in summer.

            If you have a water story, a flooded cellar, a heroic plumber, a
            garden that drinks the rain, *write to us*. The best ones will make
            it into Friday's reader edition.
            """
        ),
    ),
)
