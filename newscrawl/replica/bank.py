"""Text bank for the replica: local-news topics, slot values and the real seed article.

Templates use ``{slot}`` fields filled per article from ``SLOTS`` (one value per slot per
article, so a story stays consistent with itself). Typography is what the site shows:
curly quotes, en dashes and pound signs, as WordPress' wptexturize leaves them.
"""

from __future__ import annotations

SITE_NAME = "Leigh On Sea News"
SITE_TAGLINE = "News, views and what’s on in Leigh-on-Sea, Southend and Hadleigh"

# The real article (visible text of /work/shared/examples/naive-scrape-...): title,
# author "Editor", body paragraphs from "SOUTHEND’S District Commander" to "if they need help.”".
SEED_TITLE = "Improved Public Confidence"
SEED_PARAGRAPHS: tuple[str, ...] = (
    "SOUTHEND’S District Commander, Chief Inspector Jo Collins, has said increasing public engagement and addressing local people’s concerns has helped to improve confidence levels and reduce offending.",
    "Ch Insp Collins also cited the work of the force’s Town Centre Team, the importance of being highly visible in the community, and the strong partnerships forged with public sector partners and the local business community as being key to keeping Southend safe.",
    "Across the district, crime is down by 9.6% with 1,940 fewer offences reported in the year to the end of April. Anti-social behaviour decreased by more than a third (34.6%) in the same period.",
    "In a recent survey, Southend residents had the joint-highest levels of confidence in policing in Essex, the most confidence in the quality of service, and 80% believed that officers were doing a good or excellent job.",
    "Ch Insp Collins said: “When I became District Commander in 2022, I spoke about building local relationships for the benefit of everyone in the district.",
    "“I wanted to challenge the perception that we were only focused on the seafront, increase confidence, and show people that we understood their issues and were there to help them.",
    "“We have worked hard to be visible. We’re running more engagement events in more places than ever before and the feedback from local residents has been encouraging. Maintaining the trust of the local community remains my top priority.”",
    "Significant policing initiatives in Southend include Operation Union – which runs from May to September to deal with summer demand and has so far this year led to 23 arrests for offences including assault and drug possession – and the Town Centre Team’s Operation Raker, which targets the city’s most prolific offenders and has led to 50 prosecutions.",
    "Despite the positive results, Ch Insp Collins said her team are always looking at how they can improve: “We know we don’t always get it right. When mistakes have been made, we learn from them.",
    "“We have an excellent IAG (Independent Advisory Group) who hold us to account and suggest what we could do better. We had a very successful open day at the police station last year and we’ll be holding another one this summer. That idea came from an IAG meeting.",
    "“Another area we’ve concentrated on is improving levels of communication with victims of crime. Keeping them properly updated is incredibly important.",
    "“We are listening to people and acting on their concerns. We know what an impact anti-social behaviour can have in residential areas, which is why when people made us aware of issues in York Road and Hamlet Court Road we quickly put operations in place.",
    "“Alongside our colleagues in the Community Safety Partnership, we are doing all we can to make sure people in Southend are safe and have the confidence to contact us if they need help.”",
)

# name, slug, short bio for the "about author" box
AUTHORS: tuple[tuple[str, str, str], ...] = (
    ("Editor", "editor", "The Leigh On Sea News editorial desk."),
    ("Sarah Collins", "sarah-collins", "Sarah covers the council, planning and the seafront."),
    ("Tom Reeve", "tom-reeve", "Tom writes about transport, business and sport around Leigh."),
    ("Priya Shah", "priya-shah", "Priya reports on schools, health and community groups."),
    ("Helen O’Brien", "helen-obrien", "Helen has lived in Old Leigh for thirty years and writes about its history."),
    ("Dave Bright", "dave-bright", "Dave is our photographer and occasional RNLI correspondent."),
)

# slug, name
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("news", "News"),
    ("police-crime", "Police & Crime"),
    ("council", "Council"),
    ("seafront", "Seafront"),
    ("transport", "Transport"),
    ("schools", "Schools"),
    ("community", "Community"),
    ("business", "Business"),
    ("sport", "Sport"),
    ("whats-on", "What’s On"),
    ("points-of-view", "Points of View"),
    ("old-leigh", "Old Leigh"),
    ("hadleigh", "Hadleigh"),
)

SLOTS: dict[str, tuple[str, ...]] = {
    "place": (
        "Leigh Broadway", "Old Leigh", "Chalkwell", "Westcliff", "Belfairs", "Eastwood",
        "Hadleigh", "Thundersley", "Leigh Hill", "Bell Wharf", "Two Tree Island", "Highlands",
    ),
    "road": (
        "Leigh Road", "Elm Road", "Rectory Grove", "Pall Mall", "Grand Parade", "Manchester Drive",
        "Hadleigh Road", "Highlands Boulevard", "Marguerite Drive", "Church Hill", "New Road",
        "Victoria Road", "London Road", "Thames Drive", "Blenheim Chase", "Western Road",
    ),
    "person": (
        "Janet Pryor", "Mike Dawson", "Carole Finch", "Steve Whitmore", "Lesley Grant",
        "Colin Barker", "Ruth Adeyemi", "Graham Holt", "Anita Desai", "Paul Kettle",
        "Wendy Marsh", "Kevin Lau", "Bernadette Quinn", "Alfie Osborne",
    ),
    "person2": (
        "Maureen Ellis", "Jack Turnbull", "Sue Harding", "Ravi Patel", "Denise Cole",
        "Gordon Frost", "Linda Okafor", "Terry Mills", "Joan Sadler", "Nick Farrow",
    ),
    "cllr": (
        "Cllr Alan Dearing", "Cllr Maxine Rowe", "Cllr Peter Wexham", "Cllr Fiona Hart",
        "Cllr Daniel Cowan", "Cllr Yvonne Price",
    ),
    "school": (
        "Belfairs Academy", "Westleigh Junior School", "Leigh North Street Primary",
        "Chalkwell Hall Infant School", "St Michael’s School", "Blenheim Primary School",
        "Darlinghurst Academy", "Our Lady of Lourdes Primary",
    ),
    "charity": (
        "Havens Hospices", "Leigh Sea Scouts", "Southend Foodbank", "HARP",
        "the Leigh Community Centre", "Little Heroes", "the Leigh Lions",
    ),
    "beach": (
        "Bell Wharf beach", "Chalkwell beach", "Three Shells beach", "Jubilee Beach",
        "Leigh Marsh", "the Leigh Creek foreshore",
    ),
    "crime": (
        "a burglary", "a spate of shed break-ins", "a moped theft", "a shoplifting spree",
        "criminal damage to beach huts", "an assault outside a pub", "catalytic converter thefts",
    ),
    "event": (
        "Leigh Folk Festival", "the Old Leigh Regatta", "the Christmas lights switch-on",
        "Leigh Art Trail", "the Broadway food market", "the Rotary fireworks", "Leigh Carnival",
    ),
    "weekday": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "n_small": ("three", "four", "five", "six", "seven", "eight", "a dozen"),
    "n_big": ("40", "65", "120", "180", "240", "300", "450"),
    "money": ("£45,000", "£120,000", "£380,000", "£1.2 million", "£2.6 million", "£750,000"),
    "money_small": ("£850", "£1,420", "£2,300", "£3,175", "£5,000", "£640"),
    "percent": ("12%", "18%", "23%", "31%", "40%", "7.5%"),
    "age": ("34", "41", "52", "19", "67", "28"),
}

# Each topic: category slugs (primary first, then possible secondaries), tag pool,
# title templates, lead templates, paragraphs, quotes, subheads, list items, figure captions.
TOPICS: tuple[dict, ...] = (
    {
        "key": "planning",
        "cats": ("council", "news", "old-leigh"),
        "tags": ("Planning", "Southend City Council", "Housing", "Conservation"),
        "titles": (
            "Planning Row Over {n_big} Flats On {road}",
            "Councillors Reject {road} Flats Plan – Again",
            "Residents Say “No” To {road} Development",
            "Developers Appeal After {road} Scheme Is Thrown Out",
            "Conservation Area Fears: Neighbours Fight {place} Extension",
        ),
        "leads": (
            "PLANS for {n_big} flats on {road} have been thrown out by councillors after more than {n_big} residents wrote in to object.",
            "A CONTROVERSIAL scheme to redevelop a site on {road} has been refused for a second time, despite developers cutting the number of homes.",
            "RESIDENTS in {place} have packed a council meeting to oppose plans they say would overshadow their homes and choke already busy streets.",
        ),
        "paras": (
            "The development control committee voted by seven votes to three against the application on {weekday} evening, following a debate lasting almost two hours.",
            "Objectors said the four-storey block would be out of keeping with the Victorian and Edwardian terraces nearby and would make parking on {road} even harder.",
            "Council planning officers had recommended approval, saying the scheme would make a useful contribution to the city’s housing targets, including a share of affordable homes.",
            "The applicant now has six months to lodge an appeal with the Planning Inspectorate, and a spokesman for the developer said all options were being considered.",
            "Under the revised plans, the number of homes was reduced and a planted roof terrace added, but neighbours said the changes did not go far enough.",
            "The Leigh Society, which comments on most large applications in the town, said it welcomed new homes in principle but not at the expense of the conservation area.",
            "A petition against the scheme gathered more than {n_big} signatures in a fortnight, according to organiser {person}.",
            "Highways officers raised no objection, although they asked for a construction management plan to keep lorries off {road} during the school run.",
        ),
        "quotes": (
            "{person}, who has lived on {road} for twenty years, said: “Nobody is against new homes, but this is simply too big for the plot. It would tower over the gardens behind it.”",
            "{cllr} told the meeting: “We have listened to residents. This is the wrong building in the wrong place, and I am glad the committee agreed.”",
            "A spokesman for the applicant said: “We are disappointed by the decision, which goes against the advice of the council’s own officers.”",
        ),
        "subheads": ("What happens next?", "Parking concerns", "Appeal possible"),
        "lists": (
            ("Height reduced from five storeys to four", "Number of homes cut", "New cycle store and bin store", "A planted roof terrace for residents"),
        ),
        "captions": ("The site on {road} where the flats would be built", "Residents outside the civic centre before the meeting", "An artist’s impression of the proposed block"),
    },
    {
        "key": "seafront",
        "cats": ("seafront", "news", "community"),
        "tags": ("Seafront", "Beaches", "Environment", "Volunteers"),
        "titles": (
            "Seafront Clean-Up: Volunteers Clear {n_big} Bags Of Litter From {beach}",
            "Beach Huts & Bathing Water: What’s Changing On The Seafront This Year",
            "Bathing Water At {beach} Rated ‘Excellent’ Once More",
            "Sea Wall Repairs Close Part Of The Cinder Path",
            "Blue Flag Flies Again Over {beach}",
        ),
        "leads": (
            "MORE than {n_big} volunteers turned out on {weekday} to clear rubbish from {beach}, filling bag after bag with plastic, fishing line and barbecue trays.",
            "THE seafront between Chalkwell and Bell Wharf is set for a busy summer, with new beach hut rules, extra bins and more lifeguard cover announced by the council.",
            "WATER quality tests at {beach} have come back rated excellent for the third year running, the Environment Agency has confirmed.",
        ),
        "paras": (
            "The clean-up was organised by {charity} with support from the council’s parks team, which provided grabbers, gloves and a skip on the promenade.",
            "Organisers said the amount of rubbish left after sunny weekends had grown noticeably, with disposable barbecues a particular problem on the sand.",
            "Beach hut owners will be asked to renew licences online from next month, and the council says waiting list fees will rise by {percent}.",
            "The cinder path, popular with walkers and cyclists heading to Leigh station, will be closed in sections while contractors repair the sea wall.",
            "Signs warning of fast rising tides and soft mud off {beach} are being replaced after several were damaged in winter storms.",
            "Dog owners are reminded that seasonal restrictions apply on the main beaches between May and September.",
            "Extra bins are being installed along Western Esplanade and will be emptied twice a day during the school holidays.",
        ),
        "quotes": (
            "{person} of {charity} said: “It was heartbreaking to see how much plastic was caught in the seaweed, but wonderful to see so many families come along to help.”",
            "{cllr}, cabinet member for the environment, said: “Our seafront is one of the best things about living here, and we want to keep it that way.”",
            "A lifeguard supervisor said: “The tide comes in very quickly over the mudflats. Please check the tide times before you head out.”",
        ),
        "subheads": ("Tide warning", "New rules for beach huts", "How to help"),
        "lists": (
            ("Check tide times before walking on the mud", "Take your litter home", "Use the barbecue areas, not the sand", "Keep dogs on leads near the huts"),
        ),
        "captions": ("Volunteers on {beach}", "Beach huts at Chalkwell", "The view along the seafront towards the pier"),
    },
    {
        "key": "police",
        "cats": ("police-crime", "news"),
        "tags": ("Essex Police", "Crime", "Appeal", "Court"),
        "titles": (
            "Police Appeal After {crime} In {place}",
            "Arrests Made Following {crime} On {road}",
            "Man, {age}, Charged After {crime} In {place}",
            "CCTV Released In Hunt For Thieves – Can You Help?",
            "Court: {place} Man Jailed For Series Of Thefts",
        ),
        "leads": (
            "POLICE are appealing for witnesses after {crime} in {place} in the early hours of {weekday} morning.",
            "TWO people have been arrested following {crime} on {road}, Essex Police has said.",
            "A MAN aged {age} has been charged after officers investigating {crime} in {place} searched a property in the town.",
        ),
        "paras": (
            "Officers were called to {road} shortly after 2am and found that a window had been forced.",
            "Nothing of value is believed to have been taken, but the victim was left badly shaken, police said.",
            "Anyone with information, dashcam footage or doorbell camera recordings is asked to contact Essex Police online or by calling 101, quoting the crime reference number.",
            "Information can also be given anonymously to the independent charity Crimestoppers.",
            "The suspects were taken into custody and have since been released on bail while enquiries continue.",
            "The man is due to appear at Southend Magistrates’ Court later this month.",
            "Neighbourhood officers will be carrying out extra patrols in the area over the coming weeks.",
        ),
        "quotes": (
            "Detective Constable {person} said: “We know this has caused real concern in the neighbourhood and we are following several lines of enquiry.”",
            "A neighbour, who did not want to be named, said: “You never think it will happen on your road. Everyone is checking their locks now.”",
            "PC {person2} said: “Please mark your tools and bikes and make sure sheds are locked. It really does make a difference.”",
        ),
        "subheads": ("Can you help?", "Crime prevention advice"),
        "lists": (
            ("Lock sheds and garages, even during the day", "Mark valuables with your postcode", "Register bikes on BikeRegister", "Report suspicious behaviour on 101"),
        ),
        "captions": ("Officers in {place}", "A police cordon on {road}", "Essex Police appeal image. Photo: Essex Police"),
    },
    {
        "key": "schools",
        "cats": ("schools", "news", "community"),
        "tags": ("Education", "Ofsted", "Fundraising", "Children"),
        "titles": (
            "{school} Celebrates ‘Good’ Ofsted Report",
            "Pupils At {school} Raise {money_small} For {charity}",
            "Head Teacher Retires After 22 Years At {school}",
            "School Places: Parents Urged To Apply Before Deadline",
            "Young Scientists From {school} Reach National Final",
        ),
        "leads": (
            "STAFF and pupils at {school} are celebrating after inspectors praised the school’s “calm, purposeful” classrooms and strong leadership.",
            "CHILDREN at {school} have raised {money_small} for {charity} by running, baking and even sitting in baths of beans.",
            "PARENTS of children starting primary school next September are being reminded that applications must be in before the January deadline.",
        ),
        "paras": (
            "Inspectors spent two days at the school in {weekday}’s visit, speaking to pupils, parents and governors and observing lessons.",
            "The report highlights the school’s reading programme and the wide range of clubs on offer after school.",
            "Areas for improvement include making sure that the curriculum in some foundation subjects is planned as carefully as in English and maths.",
            "The fundraising week ended with a non-uniform day and a cake sale organised by the parent teacher association.",
            "Applications can be made online through the council’s school admissions portal, and late applications will be considered only after all others.",
            "The school, which has about {n_big} pupils, was last inspected four years ago.",
        ),
        "quotes": (
            "Head teacher {person} said: “This report reflects the hard work of our whole community – staff, governors, parents and, above all, the children.”",
            "{person2}, whose daughter is in Year 4, said: “The teachers really know the children. We feel very lucky.”",
            "A spokesman for {charity} said: “We are so grateful. This money will make a real difference to local families.”",
        ),
        "subheads": ("What the inspectors said", "Key dates"),
        "lists": (
            ("Online applications open in September", "Closing date: 15 January", "Offers made on National Offer Day in April"),
        ),
        "captions": ("Pupils at {school}", "Staff and children celebrate the report", "The fundraising team with their cheque"),
    },
    {
        "key": "oldleigh",
        "cats": ("old-leigh", "news", "business"),
        "tags": ("Old Leigh", "Cockle Sheds", "Fishing", "Heritage"),
        "titles": (
            "Cockle Sheds: Fishermen Warn Over Rising Costs",
            "Old Leigh’s {event} Returns This Summer",
            "Heritage Centre Reopens After Winter Repairs",
            "Leigh Cockles Win Protected Status Campaign Backing",
            "“The Heart Of The Town”: Fresh Bid To Save The Old Leigh Foreshore",
        ),
        "leads": (
            "COCKLE merchants in Old Leigh say rising fuel and licence costs are threatening a trade that has been carried on from the sheds for generations.",
            "ONE of the busiest weekends in the Old Leigh calendar is back, with {event} returning to the cobbles and the foreshore.",
            "THE Leigh Heritage Centre in the old smithy has reopened its doors after winter repairs to its roof and timber frame.",
        ),
        "paras": (
            "There are only a handful of licensed cockle boats still working out of Leigh, landing catches that are cooked and sold from the sheds along the High Street.",
            "The fishermen say that fuel, insurance and the cost of meeting hygiene rules have all gone up sharply in the past two years.",
            "Visitors are advised to come by train to Leigh station and walk along the seafront, as parking in Old Leigh is very limited.",
            "Volunteers have spent the winter cataloguing photographs of the fishing fleet, some dating back to the 1890s.",
            "The council has been asked to consider reducing mooring charges for working boats, a request it says it will look at in the next budget.",
            "The High Street is expected to be closed to traffic between 10am and 6pm on the day.",
            "The pubs and cafés along the cobbles reported one of their busiest seasons last year.",
        ),
        "quotes": (
            "Cockler {person} said: “My grandfather worked these boats, and so did his father. I want my son to have the chance to do the same.”",
            "{person2}, a volunteer at the heritage centre, said: “People come from all over to see Old Leigh. We have a duty to look after it.”",
            "Organiser {person} said: “It is a real community effort and we could not do it without the volunteers.”",
        ),
        "subheads": ("A working waterfront", "Getting there"),
        "lists": (
            ("Cockles, whelks and jellied eels from the sheds", "Guided walks from the heritage centre", "Live music on the foreshore", "Boat trips when the tide allows"),
        ),
        "captions": ("The cockle sheds in Old Leigh. Photo: Dave Bright", "Boats moored off Bell Wharf", "The heritage centre on the High Street"),
    },
    {
        "key": "transport",
        "cats": ("transport", "news", "business"),
        "tags": ("c2c", "Trains", "Roads", "Buses"),
        "titles": (
            "c2c Timetable Changes: What Leigh Commuters Need To Know",
            "Rail-Replacement Buses Between Leigh & Fenchurch Street This Weekend",
            "A13 Roadworks: Overnight Closures At {place}",
            "New Bus Route Links {place} With Southend Hospital",
            "Leigh Station Lift Out Of Action – Again",
        ),
        "leads": (
            "COMMUTERS using Leigh station face changes to their journeys from next month as c2c introduces a new timetable across the line.",
            "NO trains will run between Leigh-on-Sea and Fenchurch Street this weekend while engineers carry out track work near Upminster.",
            "DRIVERS are being warned to expect delays on the A13 at {place} as resurfacing work begins.",
        ),
        "paras": (
            "Rail-replacement buses will run from the station forecourt, and journeys are expected to take up to an hour longer than usual.",
            "c2c says the changes will add capacity at peak times but some off-peak services will stop at fewer stations.",
            "The works will be carried out overnight between 8pm and 6am, with diversions signed via {road}.",
            "The new route will run every 30 minutes on weekdays and hourly on Sundays, and will accept all concessionary passes.",
            "Passengers with mobility needs are asked to contact the operator in advance so that assistance can be arranged.",
            "The station lift has been out of use for {n_small} weeks this year, according to figures obtained by a local campaign group.",
        ),
        "quotes": (
            "A c2c spokesman said: “We apologise for the disruption and advise passengers to check before they travel.”",
            "Regular commuter {person} said: “Every few weeks there is another weekend without trains. It makes getting to London a real struggle.”",
            "{cllr} said: “Reliable transport matters enormously to people in Leigh, and I will keep pressing the operators on this.”",
        ),
        "subheads": ("Check before you travel", "Diversions"),
        "lists": (
            ("Saturday: no trains all day", "Sunday: buses until 2pm", "Monday: normal service resumes"),
        ),
        "captions": ("Leigh station", "A c2c train at Leigh. Photo: Tom Reeve", "Roadworks on the A13"),
    },
    {
        "key": "rnli",
        "cats": ("seafront", "news", "community"),
        "tags": ("RNLI", "Rescue", "Lifeboat", "Volunteers"),
        "titles": (
            "Leigh RNLI Crew Rescue {n_small} From Mudflats Off {place}",
            "RNLI Volunteers Called Out Twice In One Day",
            "Lifeboat Station Open Day Draws The Crowds",
            "Cut Off By The Tide: Walkers Rescued Near Two Tree Island",
        ),
        "leads": (
            "VOLUNTEERS from Leigh RNLI were called out on {weekday} afternoon after {n_small} people were cut off by the incoming tide off {place}.",
            "IT was a busy day for the crew of Leigh-on-Sea’s lifeboat, who launched twice within four hours on {weekday}.",
            "HUNDREDS of people visited the lifeboat station at Bell Wharf for its annual open day, raising money for the charity.",
        ),
        "paras": (
            "The D-class lifeboat launched at 3.15pm and reached the group within minutes, finding them waist-deep in water on a sandbank.",
            "All were brought safely back to Bell Wharf and checked over by the crew, and none needed hospital treatment.",
            "The second call came from a yacht that had run aground near the Ray, with two people on board.",
            "The RNLI is reminding visitors that the tide comes in very quickly across the flat estuary mud and can surround walkers without warning.",
            "The station relies entirely on volunteers, who are on call day and night throughout the year.",
            "Visitors to the open day could look around the boathouse, meet the crew and watch a demonstration launch.",
        ),
        "quotes": (
            "Helm {person} said: “They did exactly the right thing by calling 999 and asking for the Coastguard as soon as they realised they were in trouble.”",
            "Lifeboat operations manager {person2} said: “We would always rather launch and find everyone safe than have people wait too long to call.”",
            "Volunteer {person} said: “The support we get from the town is incredible. Every pound helps keep the boat on the water.”",
        ),
        "subheads": ("Tide safety", "A busy year for the crew"),
        "lists": (
            ("Check tide times before you go", "Tell someone where you are going", "Carry a charged phone", "In an emergency dial 999 and ask for the Coastguard"),
        ),
        "captions": ("The Leigh lifeboat launching from Bell Wharf. Photo: RNLI/Leigh-on-Sea", "Crew members after the rescue", "Visitors at the open day"),
    },
    {
        "key": "pier",
        "cats": ("news", "seafront", "business"),
        "tags": ("Southend Pier", "Tourism", "Heritage"),
        "titles": (
            "Southend Pier Train – New Carriages Arrive",
            "Pier Repairs To Cost {money}",
            "Pier Head Café Reopens With A View",
            "Walk The Pier: Charity Challenge Raises {money_small}",
        ),
        "leads": (
            "THE world’s longest pleasure pier is getting a facelift, with repairs to the deck and supports expected to cost {money}.",
            "NEW carriages for Southend Pier railway have arrived and are being tested ahead of entering service.",
            "WALKERS took on the mile-and-a-third of Southend Pier on {weekday} to raise {money_small} for {charity}.",
        ),
        "paras": (
            "The pier stretches 1.33 miles into the Thames Estuary and has been battered by storms, fires and ship strikes during its long history.",
            "Engineers will replace damaged timber and strengthen steel supports near the pier head over the winter months.",
            "The railway will run a reduced service while the works are carried out, with extra walking time advised.",
            "The café at the end of the pier has been refurbished and now opens from 10am daily.",
            "Council figures show more than {n_big},000 people visited the pier last year.",
        ),
        "quotes": (
            "{cllr} said: “The pier is a symbol of our city, and this investment will keep it open for generations to come.”",
            "Pier manager {person} said: “Every plank matters out here. The sea is not kind to old timber.”",
            "{person2}, who walked the pier with her grandchildren, said: “It is a long way, but the view at the end is worth it.”",
        ),
        "subheads": ("The longest pleasure pier", "Opening times"),
        "lists": (),
        "captions": ("Southend Pier from the air", "The pier train. Photo: Southend City Council", "The view from the pier head"),
    },
    {
        "key": "charity",
        "cats": ("community", "news", "whats-on"),
        "tags": ("Charity", "Fundraising", "Volunteers", "Events"),
        "titles": (
            "{charity} Fun Run Raises {money_small}",
            "Hundreds Turn Out For {event} In {place}",
            "Knit & Natter Group Celebrates Tenth Birthday",
            "Foodbank Appeal: Shelves “Emptier Than Ever” Ahead Of Winter",
            "Volunteers Wanted For {event}",
        ),
        "leads": (
            "RUNNERS of all ages laced up their trainers on {weekday} morning for the annual fun run in aid of {charity}, raising {money_small}.",
            "CROWDS filled the streets of {place} for {event}, which organisers say was one of the best attended in years.",
            "A FOODBANK serving Leigh and Westcliff has appealed for donations after demand rose by {percent} in a year.",
        ),
        "paras": (
            "The route took runners along the seafront from Chalkwell to Bell Wharf and back again, with plenty of supporters cheering from the promenade.",
            "Donations of tinned meat, long-life milk, tinned fruit and toiletries are most needed, and can be left at supermarkets across the town.",
            "The group meets every {weekday} morning at the community centre on Elm Road, and newcomers are always welcome.",
            "Stalls, live music and a dog show kept families entertained throughout the afternoon.",
            "Organisers thanked local businesses for donating prizes for the raffle.",
            "More information about volunteering is available from {charity}.",
        ),
        "quotes": (
            "Organiser {person} said: “We are blown away by the generosity of people in Leigh. Thank you to everyone who ran, donated or cheered.”",
            "{person2}, a volunteer, said: “Some of the families we see are working full time and still cannot make ends meet.”",
            "A spokeswoman for {charity} said: “Every penny raised stays in the local area.”",
        ),
        "subheads": ("How to donate", "Thank you"),
        "lists": (
            ("Tinned meat and fish", "Long-life milk and juice", "Tinned fruit and custard", "Toiletries and nappies"),
        ),
        "captions": ("Runners on the seafront", "Volunteers at the foodbank", "Crowds at {event}. Photo: Dave Bright"),
    },
    {
        "key": "hadleigh",
        "cats": ("hadleigh", "news", "community"),
        "tags": ("Hadleigh", "Country Park", "Wildlife", "Heritage"),
        "titles": (
            "Hadleigh Country Park – New Mountain Bike Trail Opens",
            "Hadleigh Castle Footpath Works Begin",
            "Rare Birds Spotted On Hadleigh Marshes",
            "Salvation Army Farm Shop At Hadleigh Marks Anniversary",
        ),
        "leads": (
            "A NEW mountain bike trail has opened at Hadleigh Country Park, reusing part of the course built for the London 2012 Olympics.",
            "WORK has started to improve the steep footpath up to Hadleigh Castle, which has become badly eroded.",
            "BIRDWATCHERS have flocked to Hadleigh Marshes after sightings of rare visitors.",
        ),
        "paras": (
            "The country park covers more than 400 acres of grassland, woodland and marsh overlooking the Thames Estuary.",
            "The castle ruins, painted by John Constable, are looked after by English Heritage and are free to visit.",
            "The trail is graded red and is suitable for experienced riders, with an easier loop for families.",
            "Rangers have asked visitors to keep to the paths while the work is carried out and to keep dogs on leads near grazing animals.",
            "The marshes are an important feeding ground for wading birds, especially in winter.",
        ),
        "quotes": (
            "Ranger {person} said: “It is a fantastic place to ride, and we hope the new trail will bring even more people to the park.”",
            "{person2}, a member of the local RSPB group, said: “To see these birds so close to home is a real privilege.”",
        ),
        "subheads": ("Visiting the park", "Wildlife to look out for"),
        "lists": (
            ("Avocet", "Brent geese", "Marsh harrier", "Little egret"),
        ),
        "captions": ("Hadleigh Castle", "The new trail at Hadleigh Country Park", "Looking across the marshes to Canvey"),
    },
    {
        "key": "business",
        "cats": ("business", "news"),
        "tags": ("Leigh Broadway", "Shops", "Parking", "Hospitality"),
        "titles": (
            "New Café Opens On Leigh Broadway",
            "Broadway Traders Fear Parking Changes Will ‘Kill’ Footfall",
            "Family Butcher Closes After 60 Years On {road}",
            "Shop Local: {place} Traders Launch Loyalty Card",
            "Pub Plans Roof Terrace – But Neighbours Object",
        ),
        "leads": (
            "A NEW independent café has opened its doors on Leigh Broadway, creating {n_small} jobs.",
            "SHOPKEEPERS on Leigh Broadway have warned that proposed changes to parking charges could drive customers away.",
            "A FAMILY butcher that has served customers on {road} for six decades has closed for the last time.",
        ),
        "paras": (
            "The owners say they chose Leigh because of its strong sense of community and its mix of independent shops.",
            "Under the council’s proposals, the first hour of parking in the Broadway car parks would no longer be free.",
            "Traders say customers popping in for a coffee or a prescription will simply go elsewhere.",
            "The business was started by the owner’s grandfather in 1964 and has supplied Christmas turkeys to generations of local families.",
            "The loyalty card will be accepted by more than {n_big} businesses across the area.",
            "A consultation on the parking changes runs until the end of the month.",
        ),
        "quotes": (
            "Owner {person} said: “We have had such a warm welcome. People have been popping in to wish us well since before we opened.”",
            "{person2}, who runs a gift shop on the Broadway, said: “Free parking is the lifeblood of a high street like ours.”",
            "{cllr} said: “No decision has been made and we want to hear from traders and shoppers before anything changes.”",
        ),
        "subheads": ("Have your say", "End of an era"),
        "lists": (),
        "captions": ("The new café on Leigh Broadway", "Traders on the Broadway", "The butcher’s shop on {road}"),
    },
    {
        "key": "sport",
        "cats": ("sport", "news"),
        "tags": ("Football", "Sailing", "Swimming", "Cricket"),
        "titles": (
            "Leigh Ramblers Lift Cup After Thrilling Final",
            "Swimmers Brave Chilly Water For Charity Dip",
            "Sailing: Leigh Youngsters Shine At National Championships",
            "Cricket Club Appeals For New Players – All Ages Welcome",
        ),
        "leads": (
            "LEIGH Ramblers are celebrating after winning the county cup with a dramatic late goal on {weekday} evening.",
            "HUNDREDS of swimmers in fancy dress ran into the chilly estuary for the annual dip, raising money for {charity}.",
            "YOUNG sailors from Leigh have returned from the national championships with a haul of medals.",
        ),
        "paras": (
            "The match was goalless until the 88th minute, when a header from a corner sent the travelling supporters wild.",
            "Swimmers gathered at Bell Wharf from 10am, with many in festive costumes.",
            "The club trains on the estuary on {weekday} evenings during the summer and welcomes newcomers.",
            "The cricket club plays at Belfairs Park and runs teams from under-9s to veterans.",
            "The club thanked its sponsors and the volunteers who run the bar and the tea hut.",
        ),
        "quotes": (
            "Manager {person} said: “The lads never gave up. It is the best night this club has had in years.”",
            "Swimmer {person2} said: “It was absolutely freezing, but for a good cause you just get on with it.”",
            "Club chairman {person} said: “You do not need any experience. Just turn up and we will look after you.”",
        ),
        "subheads": ("Match report", "Get involved"),
        "lists": (),
        "captions": ("The winning team with the cup", "Swimmers at Bell Wharf. Photo: Dave Bright", "Dinghies off Leigh"),
    },
)

# Readers' letters for the "Points of View" series: (title, paragraphs). Title placeholders
# are filled like the topics'.
LETTERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("“Why Must We Lose Our Trees?”", (
        "I was saddened to see yet more mature trees felled on {road} this week.",
        "These trees have stood for longer than most of us have been alive, giving shade in summer and a home to birds all year round.",
        "Surely the council could find a way to repair the pavements without destroying something that cannot be replaced in our lifetimes.",
    )),
    ("Parking On Leigh Hill – Enough Is Enough", (
        "Every weekend Leigh Hill becomes a car park, with vehicles on both pavements and no room for a pushchair or a wheelchair to pass.",
        "I have written to the council three times and I am still waiting for a reply.",
        "Is it going to take an accident before anything is done?",
    )),
    ("Thank You To The Pier Staff", (
        "I would like to thank the staff on Southend Pier who helped my elderly mother when she was taken ill at the pier head last month.",
        "They could not have been kinder, and stayed with her until the ambulance crew arrived.",
    )),
    ("Broadway Bins: A Disgrace", (
        "On a sunny Saturday the bins on the Broadway were overflowing by lunchtime, with gulls tearing at the rubbish.",
        "We pay our council tax like everyone else. Is it too much to ask for the bins to be emptied?",
    )),
    ("In Praise Of Our Volunteers", (
        "Having lived in Leigh for forty years, I am constantly amazed by the number of people who give up their time for others.",
        "From the lifeboat crew to the foodbank and the litter pickers on the beach, they are what makes this town special.",
        "Perhaps this newspaper could run a regular feature celebrating them?",
    )),
    ("Cyclists & The Cinder Path", (
        "Walking along the cinder path towards Old Leigh, I was nearly knocked over twice by cyclists travelling far too fast.",
        "Most riders are considerate, but a bell and a little patience would not go amiss.",
    )),
)

CI_THEMES: tuple[str, ...] = (
    "Summer On The Seafront",
    "Tackling Anti-Social Behaviour",
    "Knife Crime & Operation Sceptre",
    "Keeping Your Home Safe This Winter",
    "Road Safety Near Our Schools",
    "What You Told Us At Our Street Meetings",
)

CI_PARAS: tuple[str, ...] = (
    "Hello and welcome to my latest update, in which I want to share some of the work my officers have been doing across Leigh, Westcliff and the rest of the district.",
    "Over the past month we have made {n_big} arrests, including for burglary, drug supply and violence, and we have seized a number of weapons.",
    "Many of you have raised concerns about anti-social behaviour around {place} in the evenings, and I want to reassure you that we have listened.",
    "We have increased patrols in the area and are working closely with the council’s community safety team and local businesses.",
    "I would encourage anyone who sees anything suspicious to report it, either online or by calling 101. In an emergency always dial 999.",
    "Our neighbourhood teams will be holding drop-in sessions at libraries and community centres over the coming weeks, and I hope to see many of you there.",
    "Finally, thank you to everyone who has taken the time to speak to us. Your information really does help us to target our work where it matters.",
)

COMMENTERS: tuple[str, ...] = (
    "Margaret H", "LeighLad", "Pete from Chalkwell", "Concerned Resident", "Jan Stevens",
    "Old Leigh Resident", "Bob W", "Karen", "Seafront Sue", "A. Whitfield",
)

COMMENTS: tuple[str, ...] = (
    "About time something was done about this.",
    "Great news, well done to everyone involved!",
    "I walked past there yesterday and it looked dreadful.",
    "Does anyone know if the car park will be open on Sunday?",
    "My family has lived here for three generations and I have never seen it this bad.",
    "Thank you for reporting this. The nationals never cover Leigh.",
    "Lovely photos, Dave.",
    "The council should listen to residents for once.",
)

EXTERNAL_LINKS: tuple[tuple[str, str], ...] = (
    ("https://www.southend.gov.uk/", "Southend City Council"),
    ("https://www.essex.police.uk/", "Essex Police"),
    ("https://rnli.org/find-my-nearest/lifeboat-stations/leigh-on-sea-lifeboat-station", "Leigh-on-Sea RNLI"),
    ("https://www.c2c-online.co.uk/", "c2c"),
    ("http://example.org/leigh-folk-festival", "festival website"),
    ("https://www.facebook.com/groups/leighonsearesidents", "residents’ Facebook group"),
)


# Leads for titles beyond a topic's generic leads, so a story's first line fits its title.
STORY_LEADS: dict[str, str] = {
    'Developers Appeal After {road} Scheme Is Thrown Out': 'DEVELOPERS behind a block of flats on {road} have lodged an appeal after councillors threw out their plans earlier this year.',
    'Conservation Area Fears: Neighbours Fight {place} Extension': 'NEIGHBOURS in {place} have launched a campaign against a large rear extension they say would harm the character of the conservation area.',
    'Sea Wall Repairs Close Part Of The Cinder Path': 'PART of the cinder path between Chalkwell and Leigh station will be closed for several weeks while the sea wall is repaired.',
    'Blue Flag Flies Again Over {beach}': 'THE Blue Flag is flying over {beach} again after the beach kept its international award for clean water and good facilities.',
    'CCTV Released In Hunt For Thieves – Can You Help?': 'DETECTIVES have released CCTV images of {n_small} people they want to speak to after {crime} in {place}.',
    'Court: {place} Man Jailed For Series Of Thefts': 'A MAN from {place} has been jailed after admitting a series of thefts from shops and sheds across the area.',
    'Head Teacher Retires After 22 Years At {school}': 'THE head teacher of {school} is retiring at the end of term after 22 years at the school.',
    'Young Scientists From {school} Reach National Final': 'A TEAM of young scientists from {school} has reached the national final of a schools engineering competition.',
    'Leigh Cockles Win Protected Status Campaign Backing': 'A CAMPAIGN to win protected status for Leigh cockles, like Cornish pasties and Melton Mowbray pork pies, has won the backing of the council.',
    '“The Heart Of The Town”: Fresh Bid To Save The Old Leigh Foreshore': 'CAMPAIGNERS have launched a fresh bid to protect the Old Leigh foreshore, which they describe as the heart of the town.',
    'New Bus Route Links {place} With Southend Hospital': 'A NEW bus route linking {place} with Southend Hospital starts next month, after years of campaigning by residents.',
    'Leigh Station Lift Out Of Action – Again': 'THE lift at Leigh station is out of action again, leaving passengers with pushchairs, luggage and wheelchairs unable to reach the London-bound platform.',
    'Cut Off By The Tide: Walkers Rescued Near Two Tree Island': 'TWO walkers were rescued by the Leigh lifeboat after being cut off by the tide near Two Tree Island on {weekday} evening.',
    'Pier Head Café Reopens With A View': 'THE café at the end of Southend Pier has reopened after a refurbishment, with new windows looking out over the estuary.',
    'Walk The Pier: Charity Challenge Raises {money_small}': 'WALKERS took on the mile-and-a-third of Southend Pier on {weekday} to raise {money_small} for {charity}.',
    'Knit & Natter Group Celebrates Tenth Birthday': 'A KNITTING group that meets at the Leigh Community Centre has celebrated its tenth birthday with cake and a display of its work.',
    'Foodbank Appeal: Shelves “Emptier Than Ever” Ahead Of Winter': 'A FOODBANK serving Leigh and Westcliff has appealed for donations after demand rose by {percent} in a year.',
    'Volunteers Wanted For {event}': 'ORGANISERS of {event} are appealing for volunteers to help with stewarding, litter picking and running the information tent.',
    'Rare Birds Spotted On Hadleigh Marshes': 'BIRDWATCHERS have flocked to Hadleigh Marshes after sightings of rare visitors.',
    'Salvation Army Farm Shop At Hadleigh Marks Anniversary': 'THE Salvation Army’s farm shop at Hadleigh is celebrating an anniversary, with open days and tours of the farm.',
    'Shop Local: {place} Traders Launch Loyalty Card': 'TRADERS in {place} have launched a loyalty card to encourage shoppers to spend their money with independent businesses.',
    'Pub Plans Roof Terrace – But Neighbours Object': 'A PUB on {road} wants to open a roof terrace for summer drinkers, but neighbours fear noise late into the night.',
    'Cricket Club Appeals For New Players – All Ages Welcome': 'A LEIGH cricket club is appealing for new players of all ages and abilities ahead of the new season.',
    'School Places: Parents Urged To Apply Before Deadline': 'PARENTS of children starting primary school next September are being reminded that applications must be in before the January deadline.',
    'Southend Pier Train – New Carriages Arrive': 'NEW carriages for Southend Pier railway have arrived and are being tested ahead of entering service.',
    'Pier Repairs To Cost {money}': 'THE world’s longest pleasure pier is getting a facelift, with repairs to the deck and supports expected to cost {money}.',
}
