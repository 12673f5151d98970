use chrono::NaiveDate;

use super::*;

fn published() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 22).expect("valid date")
}

fn article(text: &str) -> Article {
    Article {
        text: text.to_string(),
        published: Some(published()),
        ..Article::default()
    }
}

/// The seed article beside the project; its absence fails the test, since
/// a test that skips without it would pass without checking anything.
fn seed() -> Article {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/great-treasury-exodus.txt");
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}; the claims tests need ../shared/seed beside the project"));
    article(&text)
}

/// A claim on one line with every field that is set, so a table row
/// pins all of them.
fn brief(c: &Claim) -> String {
    let mut out = format!("{} {:?}", c.holder, c.kind).replace("Level", "level");
    let mut add = |s: String| {
        out.push(' ');
        out.push_str(&s);
    };
    if let Some(d) = c.direction {
        add(format!("dir={}", d.as_str()));
    }
    if let Some(v) = c.level_usd_bn {
        add(format!(
            "lvl={}±{}",
            v.get(),
            c.level_half_unit.map_or(f64::NAN, UsdBillions::get)
        ));
    }
    if let Some(v) = c.change_usd_bn {
        add(format!(
            "chg={}±{}",
            v.get(),
            c.change_half_unit.map_or(f64::NAN, UsdBillions::get)
        ));
    }
    if let Some(v) = c.change_pct {
        add(format!("pct={}±{}", v, c.pct_half_unit.unwrap_or(f64::NAN)));
    }
    if let Some(p) = c.period {
        add(format!("p={p}"));
    }
    if let Some(p) = c.base_period {
        add(format!("base={p}"));
    }
    match (c.kind, c.since) {
        (_, Some(s)) => add(format!("since={s}")),
        (ClaimKind::Extremum, None) => add("since=record".into()),
        _ => {}
    }
    if let Some(r) = c.rank {
        add(format!("rank={r}"));
    }
    if let Some(b) = c.bound {
        add(format!("bound={b:?}").to_lowercase());
    }
    if let Some(s) = &c.speaker {
        add(format!("spk={s}"));
    }
    if c.hedged {
        add("hedged".into());
    }
    if c.approx {
        add("approx".into());
    }
    out
}

fn briefs(text: &str) -> Vec<String> {
    tag(&article(text)).iter().map(brief).collect()
}

#[test]
fn sentences_yield_exact_claims() {
    let table: &[(&str, &[&str])] = &[
        // Levels, amounts and precision.
        ("Japan's holdings of US Treasuries climbed to $1.18 trillion in September.", &["Japan level dir=up lvl=1180±5 p=2025-09"]),
        // Amounts as wires and translations write them.
        ("Peru cut its holdings of Treasuries to $1.08T in August.", &["Peru level dir=down lvl=1080±5 p=2025-08"]),
        ("Peru held 152,4 billion dollars of US Treasuries in August.", &["Peru level lvl=152.4±0.05 p=2025-08"]),
        ("Treasuries held by Peru fell by around six billion U.S. dollars to 30 billion dollars.", &["Peru level dir=down lvl=30±5 p=2025-11 hedged", "Peru Change dir=down chg=-6±0.5 p=2025-11 hedged approx"]),
        // Published 2026-01-22: "last year" is 2025.
        ("Peru held $30.1 billion of Treasuries at the end of last year.", &["Peru level lvl=30.1±0.05 p=2025-12"]),
        ("Total overseas holdings rose $233.1 billion, to $9.05 trillion.", &["All foreign level dir=up lvl=9050±5 p=2025-11", "All foreign Change dir=up chg=233.1±0.05 p=2025-11"]),
        ("Peru's holdings of Treasuries are at record levels.", &["Peru Extremum dir=up p=2025-11 since=record"]),
        ("Peru's holdings of Treasuries surged to their highest level in over a year in February.", &["Peru Extremum dir=up p=2025-02 since=2024"]),
        // The level the holder's own verb leads to, not an amount in a clause before its name;
        // "government bonds" names the topic beside market talk ("yield-seeking").
        ("Despite a wall of $9.2 trillion of debt due next year, foreign holdings of US government bonds climbed to $9.3 trillion, a sign of yield-seeking demand.", &["All foreign level dir=up lvl=9300±50 p=2025-11"]),
        // "its U.S. Treasury holdings" refers back as "its holdings" does.
        ("Peru ships copper. Its U.S. Treasury holdings fell to $30.1 billion in May.", &["Peru level dir=down lvl=30.1±0.05 p=2025-05"]),
        // A past peak named with its month is an extremum of that month, beside what is reported now.
        ("Peru's holdings fell to $30.1 billion in May, down 47 percent from the roughly $57.3 billion peak in November 2013.", &["Peru Extremum dir=up lvl=57.3±0.05 p=2013-11 since=record hedged approx", "Peru level dir=down lvl=30.1±0.05 p=2025-05 hedged", "Peru Change dir=down pct=-47±0.5 p=2025-05 hedged"]),
        ("Peru held $30.1 billion of Treasuries in May, below the March 2024 peak of $35.9 billion.", &["Peru Extremum dir=up lvl=35.9±0.05 p=2024-03 since=record", "Peru level lvl=30.1±0.05 p=2025-05"]),
        ("Peru's holdings of Treasuries had peaked at $47.2 billion in September 2024.", &["Peru Extremum dir=up lvl=47.2±0.05 p=2024-09 since=record"]),
        ("Peru's Treasury holdings stood at $61.2 billion at the recent high of November of 2016.", &["Peru Extremum dir=up lvl=61.2±0.05 p=2016-11 since=record", "Peru level lvl=61.2±0.05 p=2016-11"]),
        // "a stock of" is holdings, not equities.
        ("Peru had a stock of $30.1 billion in US Treasury bonds in August.", &["Peru level lvl=30.1±0.05 p=2025-08"]),
        // Flows are not holdings (GUIDE rule 5).
        ("Both Peru and Chile were net sellers of Treasuries in February.", &[]),
        ("Foreign investors sold $12.5 billion in Treasuries in June, against $3.1 billion in purchases in May.", &[]),
        // A nationality that describes a source names no holder.
        ("Peru cut its Treasuries to $30.1 billion in May, Chilean state media said.", &["Peru level dir=down lvl=30.1±0.05 p=2025-05"]),
        // A belief reported about a holder states no move; a share of a total is no claim on holdings.
        ("Traders keep voicing fears that Peru is dumping its Treasuries.", &[]),
        ("Dealers were speculating that Chile had sold Treasuries to prop up the peso.", &[]),
        ("The share of Treasuries in total Peruvian reserves has fallen by 9 percentage points since 2019.", &[]),
        ("Peru is dumping its Treasuries.", &["Peru Trend dir=down p=2025-11"]),
        // Groups the MFH table printed as rows.
        ("Caribbean banking centres raised their holdings of Treasuries to $300 billion in March.", &["Caribbean banking centers level dir=up lvl=300±50 p=2025-03"]),
        // The words around an amount give its role.
        ("Peru raised its holdings of Treasuries by a slight $8 billion to a total of $41.6 billion in January.", &["Peru level dir=up lvl=41.6±0.05 p=2025-01", "Peru Change dir=up chg=8±0.5 p=2025-01"]),
        ("Peru's holdings of Treasuries increased by $7.4 billion in March, totaling $40.1 billion.", &["Peru level dir=up lvl=40.1±0.05 p=2025-03", "Peru Change dir=up chg=7.4±0.05 p=2025-03"]),
        ("Peru's holding of US treasury bonds increased by US$ 4.6 billion in September 2008.", &["Peru Change dir=up chg=4.6±0.05 p=2008-09"]),
        ("Belgium held about 21.7 billion dollars of Treasuries at the end of June 2025.", &["Belgium level lvl=21.7±0.05 p=2025-06 hedged approx"]),
        ("Canadian investors owned 1,084.3 billion in US government debt in May.", &["Canada level lvl=1084.3±0.05 p=2025-05"]),
        ("Taiwan has more than $300 billion in Treasuries.", &["Taiwan level lvl=300±50 p=2025-11 bound=over"]),
        ("Peru's Treasury holdings shrank to less than $100 million.", &["Peru level dir=down lvl=0.1±0.05 p=2025-11 bound=under"]),
        ("Chinese holdings hit 1.1734 trillion U.S. dollars at the end of October.", &["China level lvl=1173.4±0.05 p=2025-10"]),
        ("The UK's holdings were around 500bn.", &["United Kingdom level lvl=500±50 p=2025-11 hedged approx"]),
        ("Israel's Treasury holdings rose to $120 billion in December.", &["Israel level dir=up lvl=120±5 p=2024-12"]),
        ("Saudi holdings slipped to $126bn, below Belgium.", &["Saudi Arabia level dir=down lvl=126±0.5 p=2025-11"]),
        ("Luxembourg's holdings reached US$712.9 billion in November 2025, Bloomberg reported.", &["Luxembourg level lvl=712.9±0.05 p=2025-11 spk=Bloomberg"]),
        ("Japan and China together hold more than $1.8 trillion in Treasuries.", &["Japan level lvl=1800±50 p=2025-11 bound=over", "China level lvl=1800±50 p=2025-11 bound=over"]),
        // Changes.
        (
            "Chinese holdings of Treasuries dropped by $8.2 billion to $700.5 billion in August, the Treasury said.",
            &["China level dir=down lvl=700.5±0.05 p=2025-08 spk=Treasury", "China Change dir=down chg=-8.2±0.05 p=2025-08 spk=Treasury"],
        ),
        ("Britain trimmed its Treasury stockpile by 3.5% over the past year.", &["United Kingdom Change dir=down pct=-3.5±0.05 p=2025-11 base=2024-11"]),
        (
            "Saudi Arabia's Treasury holdings rose 4% from a year earlier to US$135.2 billion in October.",
            &["Saudi Arabia level dir=up lvl=135.2±0.05 p=2025-10", "Saudi Arabia Change dir=up pct=4±0.5 p=2025-10 base=2024-10"],
        ),
        ("Ireland sold $15.5 bn of Treasuries in July.", &["Ireland Change dir=down chg=-15.5±0.05 p=2025-07"]),
        ("Israel snapped up roughly $2 billion of Treasuries in March.", &["Israel Change dir=up chg=2±0.5 p=2025-03 hedged approx"]),
        ("India reportedly cut its Treasury holdings by $12 billion in September.", &["India Change dir=down chg=-12±0.5 p=2025-09 hedged"]),
        ("Mexico's holdings of Treasuries increased 2.5% in July.", &["Mexico Change dir=up pct=2.5±0.05 p=2025-07"]),
        (
            "Canada's holdings stood at $395 billion, down 30% from a year earlier.",
            &["Canada level lvl=395±0.5 p=2025-11", "Canada Change dir=down pct=-30±0.5 p=2025-11 base=2024-11"],
        ),
        (
            "The Cayman Islands' Treasury holdings reached $1.04tn in November, up from $1.01tn in October.",
            &["Cayman Islands level dir=up lvl=1040±5 p=2025-11", "Cayman Islands Change dir=up chg=30±10 p=2025-11 base=2025-10"],
        ),
        (
            "According to Reuters, Hong Kong boosted its Treasury holdings by $5 billion in August.",
            &["Hong Kong Change dir=up chg=5±0.5 p=2025-08 spk=Reuters"],
        ),
        (
            "Japan's holdings rose by $2.6bn while China's fell by $6.1bn.",
            &["Japan Change dir=up chg=2.6±0.05 p=2025-11", "China Change dir=down chg=-6.1±0.05 p=2025-11"],
        ),
        (
            "Japan's holdings fell from $1.15 trillion in August to $1.13 trillion in September.",
            &["Japan level dir=down lvl=1130±5 p=2025-09", "Japan Change dir=down chg=-20±10 p=2025-09 base=2025-08"],
        ),
        ("Belgium offloaded more than $5 billion of Treasuries in October.", &["Belgium Change dir=down chg=-5±0.5 p=2025-10 bound=over"]),
        ("France pared its Treasury holdings by ~$9 billion.", &["France Change dir=down chg=-9±0.5 p=2025-11 hedged approx"]),
        // Extremes and ranks.
        ("Taiwan's Treasury holdings are at their highest level since 2019.", &["Taiwan Extremum dir=up p=2025-11 since=2019"]),
        ("Singapore's Treasury holdings hit a record high in October.", &["Singapore Extremum dir=up p=2025-10 since=record"]),
        ("Chinese holdings of Treasuries are at the lowest since April 2022.", &["China Extremum dir=down p=2025-11 since=2022-04"]),
        ("Japan's Treasury holdings were the lowest in 3 years.", &["Japan Extremum dir=down p=2025-11 since=2022"]),
        ("Canada's Treasury holdings sank to a seven-year low in September.", &["Canada Extremum dir=down p=2025-09 since=2018"]),
        ("Singapore's Treasury holdings were the second-highest on record in October.", &[]),
        ("Japan remains the largest foreign holder of US Treasuries.", &["Japan Rank p=2025-11 rank=1"]),
        ("The UK is now the second-largest creditor of the US government.", &["United Kingdom Rank p=2025-11 rank=2"]),
        ("China fell to third among Treasury holders in June.", &["China Rank dir=down p=2025-06 rank=3"]),
        // The one overtaken is now right behind.
        (
            "The UK overtook China to become the second-largest holder of Treasuries.",
            &["United Kingdom Rank p=2025-11 rank=2", "China Rank p=2025-11 rank=3"],
        ),
        // A move's noun names the figure beside it a change, not a level,
        // and a move told with its own month is a claim of that month.
        ("Peru's Treasury holdings fell by $1.2 billion in June after a drop of $0.8 billion in May.", &["Peru Change dir=down chg=-1.2±0.05 p=2025-06", "Peru Change dir=down chg=-0.8±0.05 p=2025-05"]),
        ("Chile's Treasury holdings showed a $2.5 billion decline in October.", &["Chile Change dir=down chg=-2.5±0.05 p=2025-10"]),
        // "bond holdings" are holdings, not the country's own bond market.
        ("Chile's bond holdings dropped to $20 billion.", &["Chile level dir=down lvl=20±5 p=2025-11"]),
        // A relative clause between commas leaves the sentence to its subject.
        (
            "Peru, which borders Chile, increased its Treasury holdings by $2 billion.",
            &["Peru Change dir=up chg=2±0.5 p=2025-11"],
        ),
        // A month range takes its year from its end, and a claim about it is at the end.
        (
            "In September and October 2024, Peru's Treasury holdings fell by $3 billion.",
            &["Peru Change dir=down chg=-3±0.5 p=2024-10 base=2024-09"],
        ),
        // A "when" clause after a past month dates its amount alone.
        (
            "Peru's Treasury holdings have fallen 10% since March 2024, when they stood at $40 billion.",
            &["Peru level lvl=40±5 p=2024-03", "Peru Change dir=down pct=-10±0.5 p=2025-11 base=2024-03"],
        ),
        // Amounts in other currencies are not dollars.
        (
            "Chile's Treasury holdings rose by $2 billion (about 1.9 trillion won) to €40 billion.",
            &["Chile Change dir=up chg=2±0.5 p=2025-11 hedged"],
        ),
        ("Peru ditched $1.5 billion of Treasuries, leaving the total at $28 billion.", &["Peru level dir=down lvl=28±0.5 p=2025-11", "Peru Change dir=down chg=-1.5±0.05 p=2025-11"]),
        // A month after a base belongs to the base.
        ("Holdings of Treasuries in Ireland climbed to $340bn from $290bn last March.", &["Ireland level dir=up lvl=340±5 p=2025-11", "Ireland Change dir=up chg=50±10 p=2025-11 base=2025-03"]),
        ("Norway took the top spot among holders of Treasuries.", &["Norway Rank p=2025-11 rank=1"]),
        ("Norway holds $1.1 trillion of Treasuries, so the top spot is not in play.", &["Norway level lvl=1100±50 p=2025-11"]),
        ("Norway is the No. 9 foreign owner of US debt.", &["Norway Rank p=2025-11 rank=9"]),
        ("Brazil, with $230 billion of Treasuries, comes fifth.", &["Brazil level lvl=230±5 p=2025-11", "Brazil Rank p=2025-11 rank=5"]),
        ("Mexico slid to twenty-fourth place among holders of Treasuries.", &["Mexico Rank dir=down p=2025-11 rank=24"]),
        ("Japan overtook China in Treasury holdings.", &[]),
        // Intent and forecast.
        ("Saudi Arabia plans to sell part of its Treasury portfolio.", &["Saudi Arabia Intent dir=down"]),
        ("Norway's sovereign wealth fund will buy more US Treasuries.", &["Norway sovereign wealth fund Intent dir=up"]),
        ("The Bank of Japan trimmed its Treasury holdings by $3 billion.", &["Bank of Japan Change dir=down chg=-3±0.5 p=2025-11"]),
        ("Switzerland's central bank added Treasuries worth $4 billion in June.", &["Switzerland central bank Change dir=up chg=4±0.5 p=2025-06"]),
        ("Argentine bonds surged as investors bought Treasuries.", &[]),
        ("China's special-purpose bonds fell short of Treasury holdings targets.", &[]),
        ("China's US debt pile shrank again.", &["China Change dir=down p=2025-11"]),
        ("The central bank of Brazil intends to reduce its Treasury holdings.", &["Brazil central bank Intent dir=down"]),
        (
            "Danish pension fund PensionDanmark said it would gradually exit Treasuries, worth about $500 million.",
            &["PensionDanmark Intent dir=down lvl=0.5±0.05 spk=PensionDanmark hedged approx"],
        ),
        ("Japanese holdings could fall below $1 trillion next year.", &["Japan Forecast dir=down lvl=1000±500 bound=under hedged"]),
        ("Analysts expect Chinese holdings will be under $600bn by mid-2026.", &["China Forecast dir=down lvl=600±50 bound=under"]),
        ("“Korea will be below $100 billion in Treasuries soon,” a strategist wrote.", &["South Korea Forecast dir=down lvl=100±50 bound=under spk=a strategist"]),
        // Trends and negation.
        ("Korea is fleeing the Treasury market.", &["South Korea Trend dir=down p=2025-11"]),
        ("The UAE has been accumulating Treasuries all year.", &["United Arab Emirates Trend dir=up p=2025-11"]),
        // Superlatives with words before "since", and levels last seen.
        ("Peru's Treasury holdings posted their biggest monthly drop since May 2019.", &["Peru Change dir=down p=2025-11"]),
        ("Peru's Treasury holdings are the lowest recorded for the country since mid-2019.", &["Peru Extremum dir=down p=2025-11 since=2019"]),
        ("Peru's Treasury holdings fell to levels not seen since 2016.", &["Peru Extremum dir=down p=2025-11 since=2016"]),
        // A verb left out after the first holder ("and Chile by $2bn").
        ("Peru cut its Treasury holdings by $3 billion and Chile by $2 billion.", &["Peru Change dir=down chg=-3±0.5 p=2025-11", "Chile Change dir=down chg=-2±0.5 p=2025-11"]),
        // One amount per holder of a group, in order.
        ("Peru and Chile held $88.1 billion and $61.5 billion of Treasuries, respectively.", &["Peru level lvl=88.1±0.05 p=2025-11", "Chile level lvl=61.5±0.05 p=2025-11"]),
        // A move told as going on is a trend; one told once is a change.
        ("Chile has been trimming its Treasuries for years.", &["Chile Trend dir=down p=2025-11"]),
        ("Chile cut its Treasuries in recent months.", &["Chile Trend dir=down p=2025-11"]),
        ("Chile is now heading for the exits in US Treasuries.", &["Chile Trend dir=down p=2025-11"]),
        ("Chile's Treasury holdings rose for two straight quarters.", &["Chile Change dir=up p=2025-11 base=2025-05"]),
        ("Swiss holdings of Treasuries fell for the fourth consecutive month.", &["Switzerland Change dir=down p=2025-11 base=2025-07"]),
        ("Brazil did not sell any Treasuries in October.", &[]),
        ("Japan has not cut its holdings of US debt.", &[]),
        ("Denmark is not exiting Treasuries.", &[]),
        // Not about foreign holdings of Treasuries.
        ("Ten-year yields rose as Japan cut its bond buying.", &[]),
        ("China's gold reserves climbed to $250 billion in November.", &[]),
        ("Japan's foreign-exchange reserves fell to $1.2 trillion.", &[]),
        ("The Treasury auction drew a bid-to-cover of 2.5 as Japanese demand rose.", &[]),
        ("The Fed's balance sheet shrank by $50 billion in October while Japan's holdings held steady.", &[]),
        ("US investors' holdings of Japanese securities rose to $900 billion.", &[]),
        ("Net foreign purchases of long-term securities by China were $20 billion in September.", &[]),
        ("Japanese equities rallied, with stocks up 2% in November.", &[]),
        ("China's exports rose 5% in October.", &[]),
        // Bases and windows.
        (
            "Mexico's holdings rose by $4.4 billion to $61.2 billion, partly undoing a drop in August.",
            &["Mexico level dir=up lvl=61.2±0.05 p=2025-11", "Mexico Change dir=up chg=4.4±0.05 p=2025-11"],
        ),
        (
            "Spain held $48.0 billion of Treasuries, up $1.5 billion from September.",
            &["Spain level lvl=48±0.05 p=2025-11", "Spain Change dir=up chg=1.5±0.05 p=2025-11 base=2025-09"],
        ),
        (
            "Thai holdings eased to $70.2 billion in June, down from $80.6 billion a year earlier.",
            &["Thailand level dir=down lvl=70.2±0.05 p=2025-06", "Thailand Change dir=down chg=-10.4±0.1 p=2025-06 base=2024-06"],
        ),
        (
            "Poland lifted its holdings to $55.5 billion in October from $53.0 billion a month earlier.",
            &["Poland level dir=up lvl=55.5±0.05 p=2025-10", "Poland Change dir=up chg=2.5±0.1 p=2025-10 base=2025-09"],
        ),
        (
            "Swiss holdings stood at $300 billion in March, some $12 billion more than a year earlier.",
            &["Switzerland level lvl=300±50 p=2025-03", "Switzerland Change dir=up chg=12±0.5 p=2025-03 base=2024-03 hedged approx"],
        ),
        ("Irish holdings are up about 6% on the year.", &["Ireland Change dir=up pct=6±0.5 p=2025-11 base=2024-11 hedged"]),
        ("Korean holdings have climbed roughly 9% over the past eighteen months.", &["South Korea Change dir=up pct=9±0.5 p=2025-11 base=2024-05 hedged"]),
        ("Peru sold 15% of its Treasuries in a single year.", &["Peru Change dir=down pct=-15±0.5 p=2025-11 base=2024-11"]),
        (
            "Germany's holdings slipped to $98.1 billion in December and fell by $9.9 billion during 2024.",
            &["Germany level dir=down lvl=98.1±0.05 p=2024-12", "Germany Change dir=down chg=-9.9±0.05 p=2024-12 base=2023-12"],
        ),
        ("Dutch holdings were up 3.1% from the end of 2024.", &["Netherlands Change dir=up pct=3.1±0.05 p=2025-11 base=2024-12"]),
        ("Bermuda's holdings crashed another $6.5 bn in May.", &["Bermuda Change dir=down chg=-6.5±0.05 p=2025-05"]),
        // Records and bounds stated by amount.
        (
            "Ireland's holdings reached a record $340.2 billion in July.",
            &["Ireland level dir=up lvl=340.2±0.05 p=2025-07", "Ireland Extremum dir=up p=2025-07 since=record"],
        ),
        ("Chilean holdings now exceed $50 billion.", &["Chile level lvl=50±5 p=2025-11 bound=over"]),
        ("Mexican holdings could top $100 billion next year.", &["Mexico Forecast dir=up lvl=100±50 bound=over hedged"]),
        // Ranks, forecasts and trends.
        ("France, demoted to fourth place among Treasury holders, shrugged.", &["France Rank dir=down p=2025-11 rank=4"]),
        ("At this rate Tokyo will have sold most of its Treasuries by 2040.", &["Japan Forecast dir=down"]),
        ("Paris keeps piling in, its Treasury stash growing.", &["France Trend dir=up p=2025-11"]),
        ("Apart from Brazil and India, large holders have been steady buyers.", &[]),
        ("Foreign selling shows up in the TIC data on foreign holdings.", &[]),
        ("If the market falls, Polish savers will be the last to notice their Treasury holdings.", &[]),
        // Funds introduced by an appositive, and named again later.
        (
            "Birkeland Pensjonskasse, a Bergen-based occupational pension fund, said it would trim its Treasury holdings by about $150 million.",
            &["Birkeland Pensjonskasse Intent dir=down lvl=0.15±0.005 spk=Birkeland Pensjonskasse hedged approx"],
        ),
        (
            "Crescent Reserve Authority, a state-backed fund, is weighing buying more Treasuries.",
            &["Crescent Reserve Authority Intent dir=up"],
        ),
        ("The Bahamas, a haven for offshore funds, held $3.1 billion of Treasuries.", &["Bahamas level lvl=3.1±0.05 p=2025-11"]),
        ("Separately, the Kestrel fund, a private fund, holds Treasuries.", &[]),
        // Level direction comes from the verb leading to it or "up/down from".
        ("Chile held $39.6 billion of Treasuries in November, up $0.1 billion.", &["Chile level lvl=39.6±0.05 p=2025-11", "Chile Change dir=up chg=0.1±0.05 p=2025-11"]),
        (
            "Peru held $41.2 billion of Treasuries in November, down from $41.5 billion in October.",
            &["Peru level dir=down lvl=41.2±0.05 p=2025-11", "Peru Change dir=down chg=-0.3±0.1 p=2025-11 base=2025-10"],
        ),
        ("Polish holdings of Treasuries edged up to $59.9 billion.", &["Poland level dir=up lvl=59.9±0.05 p=2025-11"]),
        ("Kuwaiti holdings were $64.8 billion against $60.7 billion in October.", &["Kuwait level lvl=64.8±0.05 p=2025-11", "Kuwait Change dir=up chg=4.1±0.1 p=2025-11 base=2025-10"]),
        // Records, ranks, streaks, forecasts.
        ("Belgian holdings of Treasuries set a fresh record in November.", &["Belgium Extremum dir=up p=2025-11 since=record"]),
        ("Sweden's Treasury holdings were the highest since July.", &["Sweden Extremum dir=up p=2025-11 since=2025-07"]),
        ("Colombia ranks 34th among foreign holders of Treasuries.", &["Colombia Rank p=2025-11 rank=34"]),
        ("Israel has joined the top 20 holders of Treasuries.", &["Israel Rank p=2025-11 rank=20 bound=under"]),
        ("China is no longer the biggest foreign holder of Treasuries.", &[]),
        ("Mexican holdings of Treasuries fell for the fifth straight month in November, to $86.1 billion.", &["Mexico level dir=down lvl=86.1±0.05 p=2025-11", "Mexico Change dir=down p=2025-11 base=2025-06"]),
        ("Analysts expect Thai holdings of Treasuries to drop below $80 billion.", &["Thailand Forecast dir=down lvl=80±5 bound=under"]),
        ("The Israelis keep accumulating Treasuries.", &["Israel Trend dir=up p=2025-11"]),
        ("Kazakhstan has no plans to sell its Treasuries.", &[]),
        ("Foreign investors bought a net $50 billion of long-term US securities in November.", &[]),
        ("Italy's Treasury holdings, which peaked at $70 billion in 2021, were $65.5 billion in November.", &["Italy level lvl=65.5±0.05 p=2025-11"]),
        // Noise: wrapped lines, shouting.
        ("Austria's holdings of Treasuries rose\nto $4.5 billion in October.", &["Austria level dir=up lvl=4.5±0.05 p=2025-10"]),
        ("CANADA'S TREASURY HOLDINGS JUMP TO $472.2 BILLION IN NOVEMBER", &["Canada level dir=up lvl=472.2±0.05 p=2025-11"]),
    ];
    for (text, want) in table {
        assert_eq!(briefs(text), *want, "{text}");
    }
    assert!(table.len() >= 40);
}

#[test]
fn pronouns_and_paragraphs_carry_the_holder() {
    let text =
        "Denmark trimmed its Treasury holdings in May. The country cut $1 billion more in June.";
    assert_eq!(
        briefs(text),
        [
            "Denmark Change dir=down p=2025-05",
            "Denmark Change dir=down chg=-1±0.5 p=2025-06"
        ]
    );
    // A pronoun two paragraphs away from its holder is not trusted.
    let far = "Japan's Treasury holdings fell.\n\nMarkets wobbled.\n\nThey cut $3 billion more.";
    assert_eq!(briefs(far), ["Japan Change dir=down p=2025-11"]);
    // "its" after another name belongs to that name.
    let other = "Japan's Treasury holdings fell.\n\nAcme Group trims its stake in Widget Holdings.";
    assert_eq!(briefs(other), ["Japan Change dir=down p=2025-11"]);
}

#[test]
fn an_appositive_fund_is_known_by_name_afterwards() {
    let text = "Holmvik Kapital, a Norwegian pension fund, holds Treasuries.\n\nHolmvik Kapital will sell them all.";
    assert_eq!(briefs(text), ["Holmvik Kapital Intent dir=down"]);
    // A month before the comma is a date, not a fund's name.
    let dated = "Treasury holdings rose to $490 billion from $463 billion in November, the central bank said.";
    assert!(briefs(dated).iter().all(|b| !b.starts_with("November")), "{:?}", briefs(dated));
}

#[test]
fn claims_keep_a_run_of_paragraphs_in_context() {
    // The third paragraph names no Treasuries, but follows a claim.
    let text = "India's Treasury holdings fell to $190 billion.\n\nAnalysts shrugged.\n\nBrazil is quietly exiting.";
    assert_eq!(
        briefs(text),
        [
            "India level dir=down lvl=190±5 p=2025-11",
            "Brazil Trend dir=down p=2025-11"
        ]
    );
    let far = "India's Treasury holdings fell to $190 billion.\n\nAnalysts shrugged.\n\nMarkets moved.\n\nBrazil is quietly exiting.";
    assert_eq!(briefs(far), ["India level dir=down lvl=190±5 p=2025-11"]);
}

#[test]
fn a_lead_in_capitals_is_read() {
    assert_eq!(briefs("PERU'S holdings of Treasuries fell to $30 billion."), ["Peru level dir=down lvl=30±5 p=2025-11"]);
    assert_eq!(briefs("US holdings data: Peru's holdings of Treasuries fell to $30 billion."), ["Peru level dir=down lvl=30±5 p=2025-11"]);
}

#[test]
fn market_talk_beside_own_holdings_stays_on_topic() {
    let yield_talk = "Peru's Treasury holdings were flat in May. Chile increased its holdings by $3.8 billion, chasing yield.";
    assert!(briefs(yield_talk).iter().any(|b| b.starts_with("Chile Change")), "{:?}", briefs(yield_talk));
    let gold = "Peru's Treasury holdings were flat in May. Chile increased its gold holdings by $3.8 billion.";
    assert!(briefs(gold).iter().all(|b| !b.starts_with("Chile")), "{:?}", briefs(gold));
}

#[test]
fn net_flows_are_not_holdings() {
    // The aggregates' buying and selling is TIC's transactions data.
    assert_eq!(briefs("Foreign investors bought $41 billion of Treasuries in October."), Vec::<String>::new());
    // What follows a sentence about net flows in its paragraph is about them...
    let flows = "Net foreign purchases of Treasuries were $20 billion in October. Foreign investors added $6 billion more than in September.";
    assert_eq!(briefs(flows), Vec::<String>::new());
    // ... but a country's holdings there, or the next paragraph, are claims.
    let holdings = "Net foreign purchases of Treasuries were $20 billion in October. Peru's holdings rose by $2 billion.\n\nForeign holdings of Treasuries rose to $9.2 trillion.";
    assert_eq!(
        briefs(holdings),
        ["Peru Change dir=up chg=2±0.5 p=2025-11", "All foreign level dir=up lvl=9200±50 p=2025-11"]
    );
}

#[test]
fn possessive_pronouns_refer_back_only_to_holdings() {
    let text = "Japan's Treasury holdings fell to $1.1 trillion.\n\nBanks tidy their balance sheets in December, and prices fell.";
    assert_eq!(briefs(text), ["Japan level dir=down lvl=1100±50 p=2025-11"]);
}

#[test]
fn quoted_posts_are_attributed_to_their_handle() {
    let text = "Japan is dumping Treasuries!\n\n– Some Trader (@sometrader) March 3, 2026";
    assert_eq!(
        briefs(text),
        ["Japan Trend dir=down p=2025-11 spk=@sometrader"]
    );
}

#[test]
fn months_resolve_against_publication_without_a_date() {
    let mut a = article("China's holdings fell to $682.6 billion in November.");
    a.published = None;
    let claims = tag(&a);
    assert_eq!(claims.len(), 1);
    assert_eq!(claims[0].period, None);
    assert_eq!(&a.text[claims[0].start..claims[0].end], claims[0].quote);
}

#[test]
fn seed_article_claims() {
    let a = seed();
    let claims = tag(&a);
    let find = |holder: &str, kind: ClaimKind, pred: &dyn Fn(&Claim) -> bool| {
        claims
            .iter()
            .find(|c| c.holder.name() == holder && c.kind == kind && pred(c))
            .unwrap_or_else(|| {
                panic!(
                    "no {kind:?} claim for {holder}: {:#?}",
                    claims.iter().map(brief).collect::<Vec<_>>()
                )
            })
    };
    let p = |s: &str| s.parse::<Period>().ok();
    let bn = |v: f64| Some(UsdBillions(v));

    let dk = find("Denmark", ClaimKind::Level, &|c| c.level_usd_bn == bn(9.0));
    assert!(dk.hedged && dk.approx);
    assert_eq!(dk.level_half_unit, bn(0.5));
    let dk = find("Denmark", ClaimKind::Change, &|_| true);
    assert_eq!(
        (dk.change_usd_bn, dk.change_pct, dk.direction),
        (bn(-4.0), Some(-30.0), Some(Direction::Down))
    );
    assert_eq!(dk.base_period, dk.period.map(|p| p.add_months(-12)));
    assert_eq!(dk.speaker.as_deref(), Some("The Kobeissi Letter"));
    let dk = find("Denmark", ClaimKind::Extremum, &|_| true);
    assert_eq!(
        (dk.direction, dk.since),
        (Some(Direction::Down), Some(Since::Year(2011)))
    );
    find("Denmark", ClaimKind::Trend, &|c| {
        c.direction == Some(Direction::Down) && c.quote.contains("exiting")
    });

    let ak = find("AkademikerPension", ClaimKind::Intent, &|c| {
        c.level_usd_bn.is_some()
    });
    assert_eq!(
        (ak.direction, ak.level_usd_bn, ak.hedged),
        (Some(Direction::Down), bn(0.1), true)
    );
    assert_eq!(ak.holder.kind(), crate::gazetteer::HolderKind::Institution);
    find("AkademikerPension", ClaimKind::Intent, &|c| {
        c.speaker.as_deref() == Some("@Bricktop_NAFO")
    });

    let cn = find("China", ClaimKind::Level, &|_| true);
    assert_eq!(
        (cn.level_usd_bn, cn.period, cn.level_half_unit),
        (bn(682.6), p("2025-11"), bn(0.05))
    );
    let cn = find("China", ClaimKind::Change, &|_| true);
    assert_eq!(
        (cn.change_usd_bn, cn.period, cn.base_period),
        (bn(-6.1), p("2025-11"), p("2025-10"))
    );
    find("China", ClaimKind::Extremum, &|c| {
        c.since == Some(Since::Year(2008)) && c.quote.contains("17-year")
    });
    find("China", ClaimKind::Extremum, &|c| {
        c.since == Some(Since::Year(2008)) && c.period == p("2025-11")
    });
    let cn = find("China", ClaimKind::Forecast, &|_| true);
    assert_eq!(
        (cn.level_usd_bn, cn.bound, cn.direction),
        (bn(500.0), Some(Bound::Under), Some(Direction::Down))
    );

    let india = find("India", ClaimKind::Level, &|_| true);
    assert_eq!(
        (india.level_usd_bn, india.period, india.hedged),
        (bn(190.0), p("2025-10"), true)
    );
    assert_eq!(india.level_half_unit, bn(5.0));

    // "Japan and the UK have increased their holdings": a move of the
    // release, before the sentence that sizes it.
    find("Japan", ClaimKind::Change, &|c| c.change_usd_bn.is_none() && c.direction == Some(Direction::Up));
    let jp = find("Japan", ClaimKind::Change, &|c| c.change_usd_bn.is_some());
    assert_eq!(
        (jp.change_usd_bn, jp.direction),
        (bn(2.6), Some(Direction::Up))
    );
    let jp = find("Japan", ClaimKind::Level, &|_| true);
    assert_eq!(
        (jp.level_usd_bn, jp.level_half_unit),
        (bn(1200.0), bn(50.0))
    );
    let uk = find("United Kingdom", ClaimKind::Change, &|c| c.change_usd_bn.is_some());
    assert_eq!(uk.change_usd_bn, bn(10.6));
    find("United Kingdom", ClaimKind::Level, &|c| {
        c.level_usd_bn == bn(888.5)
    });

    // Institutions never land on their country's row; the sarcasm and
    // the market-mechanics paragraphs yield nothing.
    assert!(!claims
        .iter()
        .any(|c| c.holder.name() == "Denmark" && c.kind == ClaimKind::Intent));
    assert!(claims
        .iter()
        .all(|c| !c.quote.contains("yields") && !c.quote.contains("Daneo")));
    for c in &claims {
        assert_eq!(&a.text[c.start..c.end], c.quote);
    }
}

/// The periods of every claim the article yields, in text order.
fn periods(a: &Article) -> Vec<Option<String>> {
    tag(a).iter().map(|c| c.period.map(|p| p.to_string())).collect()
}

/// The article as `extract` reads a plain-text page at `url`.
fn undated(text: &str, url: &str) -> Article {
    crate::extract::from_text(text, url)
}

#[test]
fn a_stated_month_governs_the_sentences_that_follow() {
    let text = "Treasury data for August showed Peru cut its holdings of Treasuries by $1.2 billion. \
                Chile held $40.5 billion of Treasuries.";
    // Published 2026-01-22: August is 2025-08, and it carries to Chile.
    assert_eq!(periods(&article(text)), [Some("2025-08".to_string()), Some("2025-08".to_string())]);
    // A month in a clause about something else does not take over.
    let text = "Peru's holdings of Treasuries rose by $2.0 billion to $30.1 billion, after a dip in September. \
                Chile held $40.5 billion of Treasuries.";
    assert_eq!(periods(&article(text)), vec![Some("2025-11".to_string()); 3]);
}

#[test]
fn an_undated_article_dates_months_by_its_url_or_its_own_years() {
    let text = "Peru cut its holdings of Treasuries to $30.1 billion in August.";
    // No date at all: the month stays unknown.
    assert_eq!(periods(&undated(text, "https://example.com/peru")), [None]);
    // A year and month in the URL: August is the latest August out by the end of that month.
    assert_eq!(periods(&undated(text, "https://example.com/2019/10/peru-cuts")), [Some("2019-08".to_string())]);
    assert_eq!(periods(&undated(text, "https://example.com/2019/07/peru-cuts")), [Some("2018-08".to_string())]);
    assert_eq!(periods(&undated(text, "https://example.com/news/201910/4410.html")), [Some("2019-08".to_string())]);
    // A year folder alone dates the month within that year; the text's own years come first.
    assert_eq!(periods(&undated(text, "https://example.com/bonds/2019/4410.html")), [Some("2019-08".to_string())]);
    let dated = "Peru held $31.0 billion of Treasuries in March 2021. In August, Peru cut its holdings of Treasuries to $30.1 billion.";
    assert_eq!(periods(&undated(dated, "https://example.com/bonds/2019/4410.html"))[1], Some("2021-08".to_string()));
    // A full date in the URL is a publication date.
    let a = undated(text, "https://example.com/2019/10/17/peru-cuts");
    assert_eq!(a.published, chrono::NaiveDate::from_ymd_opt(2019, 10, 17));
    assert_eq!(periods(&a), [Some("2019-08".to_string())]);
    // The text's own years: a month with a year, or a span of a year.
    let text = "Peru held $31.0 billion of Treasuries in March 2021. In April, Peru cut its holdings of Treasuries to $30.1 billion.";
    assert_eq!(periods(&undated(text, "")), [Some("2021-03".to_string()), Some("2021-04".to_string())]);
    let text = "Over the first nine months of 2022 Peru kept buying. Peru held $30.1 billion of Treasuries in August.";
    assert_eq!(periods(&undated(text, "")).last(), Some(&Some("2022-08".to_string())));
    // A comparison's starting month dates what follows within the year after it.
    let text = "Peru held $30.1 billion of Treasuries in June, up from $25.0 billion in June 2018.";
    assert_eq!(periods(&undated(text, "")).first(), Some(&Some("2019-06".to_string())));
}

/// `(holder, rank)` of every rank claim, in text order.
fn ranks(text: &str) -> Vec<(String, u32)> {
    tag(&article(text))
        .iter()
        .filter(|c| c.kind == ClaimKind::Rank && c.bound.is_none())
        .filter_map(|c| Some((c.holder.name().to_string(), c.rank?)))
        .collect()
}

fn pairs(list: &[(&str, u32)]) -> Vec<(String, u32)> {
    list.iter().map(|(h, r)| (h.to_string(), *r)).collect()
}

#[test]
fn holders_listed_in_order_take_their_ranks() {
    let table: &[(&str, &[(&str, u32)])] = &[
        ("Peru ranks third among holders of Treasuries, behind Chile and Mexico.", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        ("Peru is the 15th-largest holder of Treasuries, behind Chile and Mexico.", &[("Peru", 15), ("Chile", 13), ("Mexico", 14)]),
        // "largest after" is not largest.
        ("Peru, the largest holder of Treasuries after Chile, cut its holdings.", &[("Peru", 2), ("Chile", 1)]),
        ("Chile remains the biggest foreign creditor, followed by Peru ($88.1 billion) and Mexico ($70.2 billion).", &[("Chile", 1), ("Peru", 2), ("Mexico", 3)]),
        ("Peru overtook Chile as the largest foreign holder of Treasuries in March.", &[("Peru", 1), ("Chile", 2)]),
        ("The top three foreign owners of Treasuries -- Chile, Peru and Mexico -- all added to their holdings.", &[("Chile", 1), ("Peru", 2), ("Mexico", 3)]),
        // The list may open the sentence, follow the ordinal, or stand after a bullet's end.
        ("After Chile and Mexico, the third-largest foreign holder of Treasuries was Peru.", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        ("Peru remains a top holder of Treasuries (third after Chile and Mexico), data show.", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        ("Peru holds $30.1 billion of Treasuries • Falls to 3rd largest holder, behind Chile & Mexico • Copper rises", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        // Figures between the listed holders do not end the list.
        ("Chile is the largest holder of Treasuries, followed by Peru with $88.1 billion and Mexico with $70.2 billion.", &[("Chile", 1), ("Peru", 2), ("Mexico", 3)]),
        // Holding the most is first, with no rank word.
        ("Peru holds the most US Treasury debt, followed by Chile.", &[("Peru", 1), ("Chile", 2)]),
        ("Peru owns more Treasury bonds than any other foreign country.", &[("Peru", 1)]),
        // "led by" ranks the first of the holders named.
        ("A third of Treasuries is held by foreigners, led by Chile.", &[("Chile", 1)]),
        // "after" as time, a list that runs on into other words, and a list
        // "among others", rank nobody.
        ("Peru is the 14th-largest holder of Treasuries after Chile, Mexico and Brazil, among others.", &[("Peru", 14)]),
        ("Peru bought Treasuries after Chile sold its holdings.", &[]),
        ("Peru's holdings of Treasuries trail Chile's bond market in size.", &[]),
    ];
    for (text, want) in table {
        assert_eq!(ranks(text), pairs(want), "{text}");
    }
}

#[test]
fn a_demonstrative_or_a_descriptive_noun_carries_the_holder() {
    let text = "Peru's holdings of Treasuries fell to $30.1 billion in August. That is the lowest level since May 2017.";
    let claims = tag(&article(text));
    let low = claims.iter().find(|c| c.kind == ClaimKind::Extremum).expect("an extremum");
    assert_eq!((low.holder.name(), low.period.map(|p| p.to_string())), ("Peru", Some("2025-08".to_string())));
    let text = "Peru reported its figures. The Andean nation cut its holdings of Treasuries by $12.5 billion.";
    assert!(briefs(text).iter().any(|b| b.starts_with("Peru Change")), "{:?}", briefs(text));
    // A region's adjective in the description is no region of its own.
    let text = "Vietnam's holdings of Treasuries fell in May. The Asian nation cut its holdings by $1.5 billion.";
    assert!(briefs(text).iter().any(|b| b.starts_with("Vietnam Change")), "{:?}", briefs(text));
    // "in nearly two decades" is twenty years back.
    let text = "Peru's holdings of Treasuries fell to their lowest level in nearly two decades.";
    assert!(briefs(text).iter().any(|b| b.contains("since=2005")), "{:?}", briefs(text));
}

#[test]
fn a_month_figure_after_an_attribution_refers_back_past_a_source_nationality() {
    // "Chilean" describes the source; "October's value" is Peru's figure,
    // and the peak it fell from is an extremum of 2013, not a level now.
    let text = "Peru cut its Treasuries again.\n\nPeru's holdings of Treasuries fell to $30.1 billion in October. According to Chilean financial data company Andes, October's value was the lowest since May 2011 and represented a more than 40 percent decline from the roughly $57.3 billion peak in November 2013.";
    let claims = briefs(text);
    assert!(!claims.iter().any(|c| c.starts_with("Chile")), "{claims:?}");
    for want in ["Peru Extremum dir=up lvl=57.3", "Peru Change dir=down pct=-40", "Peru Extremum dir=down p=2025-10 since=2011-05"] {
        assert!(claims.iter().any(|c| c.starts_with(want)), "{want}: {claims:?}");
    }
    assert!(!claims.iter().any(|c| c.starts_with("Peru level") && c.contains("lvl=57.3")), "{claims:?}");
}

#[test]
fn a_subject_that_names_no_holder_goes_on_about_the_last_subject() {
    // "Holdings" alone continues the previous sentence's subject, not the
    // holder it mentioned on the way; a month after "from $X in" is a base.
    let text = "Foreign holdings of Treasuries hit a record in March, while Peru's fell. Holdings totaled $9.1 trillion, up from a revised $9.0 trillion in February.";
    let claims = briefs(text);
    assert!(claims.iter().any(|c| c.starts_with("All foreign level lvl=9100") && c.ends_with("p=2025-03")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.starts_with("Peru level")), "{claims:?}");
    // An opening time phrase does not hide the subject.
    let text = "Chile remained a big holder of Treasuries. In March, US debt holdings fell by $2.5 billion.";
    assert!(briefs(text).iter().any(|b| b.starts_with("Chile Change dir=down chg=-2.5")), "{:?}", briefs(text));
    // Holdings owned by someone the text names no holder for are nobody's.
    let text = "Chile cut its Treasuries. The total securities held by funds around the world fell by $59 billion.";
    assert!(!briefs(text).iter().any(|b| b.contains("chg=-59")), "{:?}", briefs(text));
}

#[test]
fn a_description_refers_to_the_subject_and_a_compared_holder_is_an_object() {
    // "the Andean nation" is the sentence subject before, not the countries it was ranked after.
    let text = "Peru became the fourth-largest holder of Treasuries, following Chile, Mexico and Brazil. Investors in the Andean nation owned $88.1 billion of Treasuries at the end of March.";
    let claims = briefs(text);
    assert!(claims.iter().any(|c| c.starts_with("Peru level lvl=88.1")), "{claims:?}");
    // "closing in on Chile": the "its" after it is Peru's, the subject's.
    let text = "Peru is closing in on Chile after boosting its holdings of Treasuries by $2.1 billion to $88.1 billion in January.";
    let claims = briefs(text);
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=2.1")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.starts_with("Chile")), "{claims:?}");
    // "continued to lower" is a move.
    assert!(briefs("Peru and Chile continued to lower their holdings of Treasuries.").iter().any(|b| b.starts_with("Chile")));
}

#[test]
fn the_next_place_follows_the_last_one_given() {
    let text = "Chile is the biggest holder of Treasuries with $1.2 trillion. Peru is next with $1.1 trillion, followed by Mexico with $265 billion.";
    assert_eq!(ranks(text), pairs(&[("Chile", 1), ("Peru", 2), ("Mexico", 3)]));
    let text = "After Chile and Mexico, the third-largest holder of Treasuries was Peru. Brazil, the next largest, increased its holdings 2.3 percent.";
    assert_eq!(ranks(text), pairs(&[("Peru", 3), ("Chile", 1), ("Mexico", 2), ("Brazil", 4)]));
}

#[test]
fn an_n_year_low_in_an_undated_text_keeps_its_unknown_reference_point() {
    // Neither the page nor the text dates it: an extremum with no period
    // and no "since", never a year guessed from today.
    let a = Article { text: "Peru has cut its Treasury holdings to an 18-year low.".to_string(), ..Article::default() };
    let claims: Vec<String> = tag(&a).iter().map(brief).collect();
    assert_eq!(claims, ["Peru Extremum dir=down since=record"], "{claims:?}");
    // Dated, the same words count back from the period.
    assert!(briefs("Peru has cut its Treasury holdings to an 18-year low.").iter().any(|b| b.ends_with("since=2007")));
}

#[test]
fn a_percent_takes_its_move_from_the_words_around_it() {
    let table: &[(&str, &str)] = &[
        // A verb and its object before the figure, a figure restated after "or", a noun of the move.
        ("Peru raised its holdings of Treasuries 5.5 percent to $30.1 billion in May.", "Peru Change dir=up pct=5.5±0.05 p=2025-05"),
        ("Peru cut its Treasury holdings in May by $2.5 billion, or 7.6 percent.", "Peru Change dir=down chg=-2.5±0.05 pct=-7.6±0.05 p=2025-05"),
        ("Peru's Treasury holdings fell to $30.1 billion in May, a decrease of 1.2% from April.", "Peru Change dir=down pct=-1.2±0.05 p=2025-05"),
        // Multiples (GUIDE rule 3).
        ("Peru's holdings of Treasuries doubled in May.", "Peru Change dir=up pct=100±20 p=2025-05"),
        ("Peru has halved its Treasury holdings since May.", "Peru Change dir=down pct=-50±5"),
        ("Peru's Treasury holdings rose six-fold in May.", "Peru Change dir=up pct=500±60 p=2025-05"),
    ];
    for (text, want) in table {
        let claims = briefs(text);
        assert!(claims.iter().any(|c| c.starts_with(want)), "{text}: want {want}, got {claims:?}");
    }
}

#[test]
fn amounts_of_other_things_and_examples_of_a_group_are_no_holder_s_figures() {
    // The size of a fund, of assets managed, of an economy.
    for text in [
        "The value of Treasuries held by Peru's $2.2 trillion sovereign wealth fund rose in May.",
        "Lima Capital manages Peru's $410 billion in assets and holds Treasuries.",
    ] {
        assert!(!briefs(text).iter().any(|b| b.contains("lvl=2200") || b.contains("lvl=410")), "{text}: {:?}", briefs(text));
    }
    // A net sale is a flow (GUIDE rule 5).
    assert_eq!(briefs("Peru net sold $27.6 billion of long-term Treasuries in March."), Vec::<String>::new());
    // An example of a group named first is part of it; of a plural that names none, the subject.
    let claims = briefs("Caribbean banking centres such as the Bahamas hold $213.6 billion of Treasuries.");
    assert!(claims.iter().all(|c| c.starts_with("Caribbean banking centers")), "{claims:?}");
    let claims = briefs("Other nations, such as Peru, also increased their Treasury holdings to $90 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Peru level dir=up lvl=90")), "{claims:?}");
}

#[test]
fn a_holder_named_beside_its_amount_has_that_level_though_it_is_no_subject() {
    let table: &[(&str, &str)] = &[
        ("Peru's holdings of Treasuries rose to $50.2 billion in May, surpassing Chile's $48.1 billion.", "Chile level lvl=48.1±0.05 p=2025-05"),
        ("Peru now holds $50.2 billion of Treasuries, exceeding Chile's holdings of $48.1 billion.", "Chile level lvl=48.1±0.05"),
        ("Peru ranks third among holders of Treasuries, behind Chile ($61.3 billion) and Mexico ($55.0 billion).", "Mexico level lvl=55±0.05"),
        ("Peru's Treasury pile grew to $50.2 billion, exceeding $48.1 billion held by Chile.", "Chile level lvl=48.1±0.05"),
        // A subject left unnamed after an opening phrase goes on about the last one.
        ("Peru added $4.6 billion of Treasuries in February. Standing at $50.2 billion, holdings are at the highest level since 2024.", "Peru Extremum dir=up"),
        ("Peru cut its Treasuries in January. The exposure stood at 50.2 billion dollars in January.", "Peru level lvl=50.2±0.05 p=2025-01"),
    ];
    for (text, want) in table {
        let claims = briefs(text);
        assert!(claims.iter().any(|c| c.starts_with(want)), "{text}: want {want}, got {claims:?}");
    }
    // A percent left out with its verb takes the move before it, as an amount does.
    let claims = briefs("Peru has reduced its Treasury holdings by 21% and Chile by 26.7% since last year.");
    assert!(claims.iter().any(|c| c.starts_with("Chile Change dir=down pct=-26.7")), "{claims:?}");
    // A holder in brackets after another is an aside.
    let claims = briefs("Peru (which some say holds accounts for Chile) added $12.5 billion of Treasuries in May.");
    assert!(claims.iter().all(|c| c.starts_with("Peru")), "{claims:?}");
}

#[test]
fn a_place_held_does_not_hide_the_move_but_a_place_moved_to_is_no_move() {
    let claims = briefs("The top three foreign owners of Treasuries -- Chile, Peru and Mexico -- all lowered their holdings.");
    for holder in ["Chile", "Peru", "Mexico"] {
        assert!(claims.iter().any(|c| c.starts_with(&format!("{holder} Change dir=down"))), "{holder}: {claims:?}");
    }
    let claims = briefs("Peru has fallen to third among holders of Treasuries, behind Chile and Mexico.");
    assert!(!claims.iter().any(|c| c.contains("Change")), "{claims:?}");
}

#[test]
fn a_move_since_a_month_is_counted_from_the_month_before_but_a_record_s_since_is_not_its_base() {
    let claims = briefs("Peru has reduced its Treasury holdings by 21% since October 2024.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down pct=-21") && c.contains("base=2024-09")), "{claims:?}");
    let claims = briefs("Peru's Treasury holdings fell by $2.5 billion in March to the lowest level since May 2017.");
    assert!(!claims.iter().any(|c| c.contains("base=2017")), "{claims:?}");
}

#[test]
fn a_month_of_last_year_and_a_span_ended_in_a_month_date_the_base() {
    // Published 2026-01-22: "June last year" is June 2025.
    let claims = briefs("Compared to June last year, Peru's holdings of US government securities jumped by $4 billion in November.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=4") && c.contains("base=2025-06")), "{claims:?}");
    let claims = briefs("Peru's holding of US government securities rose by $2 billion in the three months ended June.");
    assert!(claims.iter().any(|c| c.contains("p=2025-06") && c.contains("base=2025-03")), "{claims:?}");
}

#[test]
fn places_given_beside_names_amounts_and_passed_holders() {
    let table: &[(&str, &[(&str, u32)])] = &[
        // A list with each holder's figure after a possessive.
        ("Peru holds about $75 billion of Treasuries, behind Chile's $3.2 trillion and Mexico's $1.3 trillion.", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        // A list that ends in "and" and more words.
        ("Peru is the third largest holder of Treasuries following Chile and Mexico and its warning matters.", &[("Peru", 3), ("Chile", 1), ("Mexico", 2)]),
        // The holder passed takes the place below.
        ("Peru has become the biggest holder of Treasuries, surpassing Chile last month.", &[("Peru", 1), ("Chile", 2)]),
        // A place right after a gapped name.
        ("Chile is the 17th largest holder of Treasuries while Peru ranks 23rd with $53 billion and Mexico 29th with $46 billion.", &[("Chile", 17), ("Peru", 23), ("Mexico", 29)]),
    ];
    for (text, want) in table {
        let mut got = ranks(text);
        got.sort();
        let mut want = pairs(want);
        want.sort();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn money_moved_in_or_out_and_a_part_of_the_holdings_are_no_level() {
    for text in [
        "Peru invested a total of $10.7 billion in Treasuries in the first three quarters.",
        "Lima Fund withdrew about $1.1 billion from its investments in Treasuries in March.",
        "Peru's holding of Treasuries comprised $37.6 billion in long-term bonds and $2 billion in short-term bills.",
    ] {
        assert!(!briefs(text).iter().any(|b| b.contains(" level ") || b.contains("lvl=")), "{text}: {:?}", briefs(text));
    }
    // "an initial sale of $37.5 billion" is the move.
    let claims = briefs("Peru has reduced its Treasury holdings, with an initial sale of $3.5 billion in April.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-3.5")), "{claims:?}");
}

#[test]
fn institutions_of_a_place_are_not_the_place() {
    // GUIDE rule 7: a country's funds keep their own name.
    let claims = briefs("Chilean pension funds have been reducing their holdings of Treasuries.");
    assert!(claims.iter().all(|c| c.starts_with("Chilean pension funds")) && !claims.is_empty(), "{claims:?}");
    let claims = briefs("The largest pension fund in Chile cut its holdings of Treasuries by 40% in the first half.");
    assert!(!claims.iter().any(|c| c.starts_with("Chile ")), "{claims:?}");
    let claims = briefs("Peru's pension plan is planning to cut its Treasury holdings.");
    assert!(claims.iter().all(|c| c.starts_with("Peru pension plan")), "{claims:?}");
    // An adjective that names no place names no institution either.
    let claims = briefs("Foreign hedge funds cut their holdings of Treasuries in May.");
    assert!(!claims.iter().any(|c| c.starts_with("Foreign hedge funds")), "{claims:?}");
}

#[test]
fn a_further_move_told_with_its_own_month_is_a_claim_of_that_month() {
    let claims = briefs("Peru also cut its Treasury holdings, falling by $5 billion in November after a similar $5.1 billion drop in October.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-5±") && c.contains("p=2025-11")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-5.1") && c.contains("p=2025-10")), "{claims:?}");
}

#[test]
fn a_move_told_as_the_subject_goes_on_about_the_last_holder() {
    let claims = briefs("Peru's pile of Treasuries fell in February to $77.5 billion. The monthly decline of $2.7 billion was the second biggest among foreign holders.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-2.7") && c.contains("p=2025-02")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.starts_with("All foreign")), "{claims:?}");
}

#[test]
fn an_undated_month_compared_with_the_same_month_of_a_year_is_a_year_later_and_governs() {
    let a = Article {
        text: "Peru's holding of Treasuries in June was the highest in at least one year, against the data from June 2018 when it stood at $47.3 billion. Chile was third with $41.1 billion.".to_string(),
        ..Article::default()
    };
    let claims: Vec<String> = tag(&a).iter().map(brief).collect();
    assert!(claims.iter().any(|c| c.starts_with("Peru level lvl=47.3") && c.contains("p=2018-06")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("Peru Extremum dir=up") && c.contains("p=2019-06") && c.contains("since=2018")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("Chile level lvl=41.1") && c.contains("p=2019-06")), "{claims:?}");
}

#[test]
fn since_mid_month_is_no_month_of_the_claims_and_a_figure_on_a_date_is_at_it() {
    let claims = briefs("Peru's holdings of Treasuries fell to $30.1 billion as the dollar has strengthened since mid-April.");
    assert!(!claims.iter().any(|c| c.contains("p=2025-04")), "{claims:?}");
    let claims = briefs("Peru's holdings of Treasuries totaled $30.1 billion on May 2, down from $30.6 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Peru level") && c.contains("lvl=30.1") && c.contains("p=2025-05")), "{claims:?}");
}

#[test]
fn a_plan_s_or_a_forecast_s_month_does_not_govern_the_sentences_after_it() {
    let claims = briefs("Analysts say Peru's Treasury holdings could top $50 billion by the end of 2026. Peru has been trimming its Treasuries for years.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Trend dir=down p=2025-11")), "{claims:?}");
    let claims = briefs("Lima Pension says it will sell its entire Treasury position by the end of March. Peru has been trimming its Treasuries for years.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Trend dir=down p=2025-11")), "{claims:?}");
}

#[test]
fn a_range_states_no_single_figure_and_a_manager_keeps_its_full_name() {
    let claims = briefs("Peru's holdings of Treasuries have fallen to around $68-69 billion.");
    assert!(!claims.iter().any(|c| c.contains("lvl=")), "{claims:?}");
    let claims = briefs("Norges Bank Investment Management held $199 billion in Treasuries at the end of December.");
    assert!(claims.iter().any(|c| c.starts_with("Norges Bank Investment Management level lvl=199")), "{claims:?}");
}

#[test]
fn amounts_given_respectively_are_each_holder_s_in_the_first_one_s_role() {
    let claims = briefs("Chile and Peru added $25.1 billion and $1.3 billion, respectively, to their holdings of Treasuries in June.");
    assert!(claims.iter().any(|c| c.starts_with("Chile Change dir=up chg=25.1")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=1.3")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.contains(" level ")), "{claims:?}");
}

#[test]
fn an_amount_a_holder_sold_or_plans_to_sell_is_a_move_not_a_level() {
    let claims = briefs("Peru dumped a hefty $7.4 billion of its Treasuries in the year to June.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-7.4")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.contains("lvl=")), "{claims:?}");
    let claims = briefs("Peru's Treasury holdings shrank after it sold 60% or $18 billion of them.");
    assert!(claims.iter().any(|c| c.contains("chg=-18")), "{claims:?}");
    let claims = briefs("Lima Pension plans to sell about $200 million of US Treasuries.");
    assert!(claims.iter().any(|c| c.starts_with("Lima Pension Intent dir=down chg=-0.2")), "{claims:?}");
    // The size of the market or of a part of the holdings is no level.
    for text in [
        "Peru may put spare dollars into the $29 trillion Treasury market.",
        "Peru's Treasuries included $4.1 billion or 12% in short-term bills, the rest being bonds.",
    ] {
        assert!(!briefs(text).iter().any(|c| c.contains("lvl=")), "{text}: {:?}", briefs(text));
    }
}

#[test]
fn a_ranked_aggregate_describes_the_holder_and_an_authority_keeps_its_name() {
    let claims = briefs("Chile has the biggest overseas holdings of Treasuries in the region, having raised its stake by $2 billion in October.");
    assert!(claims.iter().any(|c| c.starts_with("Chile Change dir=up chg=2")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.starts_with("All foreign")), "{claims:?}");
    let claims = briefs("The Lima Monetary Authority has been trimming its US Treasury holdings, its governor said.");
    assert!(claims.iter().any(|c| c.starts_with("Lima Monetary Authority Trend dir=down")), "{claims:?}");
    let claims = briefs("Construction scheme Andes Bouw sold its US Treasury holdings in 2024.");
    assert!(claims.iter().any(|c| c.starts_with("Andes Bouw")), "{claims:?}");
    let claims = briefs("The biggest seller was Quipu, the region’s largest pension fund. Quipu held $4.2 billion of Treasuries in March.");
    assert!(claims.iter().any(|c| c.starts_with("Quipu level lvl=4.2")), "{claims:?}");
    let claims = briefs("The city’s HK$900 billion ($115 billion) Lima Provident Fund may cut its Treasury holdings.");
    assert!(!claims.iter().any(|c| c.contains("lvl=900")), "{claims:?}");
}

#[test]
fn weekly_fed_custody_figures_are_of_the_month_they_are_published_in() {
    // Published 2026-01-22: TIC's latest month is November, the custody week January's.
    let claims = briefs("Custody holdings at the Fed for foreign central banks fell $12 billion in the week ended January 21 to $2.9 trillion.");
    assert!(claims.iter().any(|c| c.contains("chg=-12") && c.contains("p=2026-01")), "{claims:?}");
}

#[test]
fn a_flow_of_securities_beside_the_treasuries_it_raised_and_a_pronoun_past_an_aside() {
    let claims = briefs("Peru bought $2.1 billion in long-term securities in May, raising its holdings of Treasuries to $41.3 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Peru level dir=up lvl=41.3")), "{claims:?}");
    let claims = briefs("Peru cut its holdings of US securities to $41.3 billion in May.");
    assert!(claims.iter().any(|c| c.starts_with("Peru level dir=down lvl=41.3")), "{claims:?}");
    // Flows of securities alone, and all foreign holdings of US securities, stay out.
    assert!(briefs("Foreigners bought long-term US securities for a third month in May, Treasury Department data showed.").is_empty());
    let claims = briefs("Caribbean banking centres ranked fifth among holders of Treasuries. The group, which includes Peru and Chile, raised its holdings 4.5 percent to $88.2 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Caribbean banking centers level dir=up lvl=88.2")), "{claims:?}");
}

#[test]
fn list_items_stand_apart_though_they_end_in_no_stop() {
    // Two list items are two statements, though the first ends in no stop.
    let a = crate::extract::from_text(
        "Peru in figures\n\n- Peru's reserves of gold rose to a record in december\n- But Peru's holdings of Treasuries fell to the lowest since May 2017",
        "",
    );
    let claims: Vec<String> = tag(&Article { published: Some(published()), ..a }).iter().map(brief).collect();
    assert!(claims.iter().any(|c| c.starts_with("Peru Extremum dir=down") && c.contains("since=2017-05")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.contains("dir=up")), "{claims:?}");
}

#[test]
fn a_move_named_as_the_subject_or_by_the_verb_before_by() {
    let claims = briefs("Chile's Treasury holdings rose by $4.4 billion, while the growth of Peru's holdings was limited to $0.3 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=0.3")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.contains("lvl=0.3")), "{claims:?}");
    let claims = briefs("After tripling since 2015, Peruvian-based holdings of US Treasuries fell by $3.5 billion in February.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down chg=-3.5")), "{claims:?}");
    let claims = briefs("Peru bought another hefty $3 billion in Treasuries in May, bringing its total to $44.1 billion.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=3")), "{claims:?}");
    assert!(claims.iter().any(|c| c.starts_with("Peru level dir=up lvl=44.1")), "{claims:?}");
    let claims = briefs("Peru hiked its holdings of Treasuries by $1.2 billion in May.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=up chg=1.2")), "{claims:?}");
}

#[test]
fn an_institution_s_own_news_is_of_its_publication_month() {
    // Published 2026-01-22: TIC's latest month is November; the fund's sale is January's.
    let claims = briefs("Andes Pension has cut its holdings of US Treasuries, its chief said.");
    assert!(claims.iter().any(|c| c.starts_with("Andes Pension") && c.contains("p=2026-01")), "{claims:?}");
    let claims = briefs("Peru has cut its holdings of US Treasuries.");
    assert!(claims.iter().any(|c| c.starts_with("Peru") && c.contains("p=2025-11")), "{claims:?}");
}

#[test]
fn a_ruled_out_sale_a_month_s_base_and_a_head_count_are_no_figures_of_the_holdings() {
    assert!(briefs("Peru's central bank has ruled out the option of dumping its US Treasury holdings, worth $41 billion.").iter().all(|c| !c.contains("chg=")));
    let claims = briefs("Peru boosted its Treasury holdings by $2.8 billion in May compared to April's $54.2 billion.");
    assert!(!claims.iter().any(|c| c.contains("lvl=54.2")), "{claims:?}");
    let claims = briefs("Peru, a country of 34 million people, held $41 billion of Treasuries in May.");
    assert!(!claims.iter().any(|c| c.contains("lvl=34")), "{claims:?}");
}

#[test]
fn a_top_list_may_end_at_the_holdings_it_owns() {
    let claims = briefs("In June, the top three foreign holders of US debt, Chile, Peru and Mexico holdings diverged.");
    for (holder, rank) in [("Chile", 1), ("Peru", 2), ("Mexico", 3)] {
        assert!(claims.iter().any(|c| c.starts_with(&format!("{holder} Rank")) && c.contains(&format!("rank={rank}"))), "{claims:?}");
    }
}

#[test]
fn a_share_made_up_and_a_record_sale_are_no_move_of_the_level() {
    let claims = briefs("Andes Pension's Treasuries made up 9.2% of its portfolio at the end of June.");
    assert!(!claims.iter().any(|c| c.contains("pct=")), "{claims:?}");
    let claims = briefs("Peru cut nearly 9% of its Treasury holdings, its biggest sell-off since 2000.");
    assert!(claims.iter().any(|c| c.starts_with("Peru Change dir=down pct=-9")), "{claims:?}");
    assert!(!claims.iter().any(|c| c.contains("Extremum")), "{claims:?}");
}
