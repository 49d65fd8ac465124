"""Fixed vocabularies for the synthetic generator (names, places, segments, industries, brands).

Everything here is immutable (tuples) so that generation depends only on the seed.
"""

from __future__ import annotations

from typing import Final

# city, state code, state name, area code, zip prefix (3 digits), latitude, longitude, tz index
# tz index: 0 America/New_York, 1 America/Chicago, 2 America/Denver, 3 America/Los_Angeles
CITIES: Final[tuple[tuple[str, str, str, int, int, float, float, int], ...]] = (
    ("New York", "NY", "New York", 212, 100, 40.7128, -74.0060, 0),
    ("Brooklyn", "NY", "New York", 718, 112, 40.6782, -73.9442, 0),
    ("Buffalo", "NY", "New York", 716, 142, 42.8864, -78.8784, 0),
    ("Boston", "MA", "Massachusetts", 617, 21, 42.3601, -71.0589, 0),
    ("Worcester", "MA", "Massachusetts", 508, 16, 42.2626, -71.8023, 0),
    ("Philadelphia", "PA", "Pennsylvania", 215, 191, 39.9526, -75.1652, 0),
    ("Pittsburgh", "PA", "Pennsylvania", 412, 152, 40.4406, -79.9959, 0),
    ("Newark", "NJ", "New Jersey", 973, 71, 40.7357, -74.1724, 0),
    ("Baltimore", "MD", "Maryland", 410, 212, 39.2904, -76.6122, 0),
    ("Washington", "DC", "District of Columbia", 202, 200, 38.9072, -77.0369, 0),
    ("Richmond", "VA", "Virginia", 804, 232, 37.5407, -77.4360, 0),
    ("Charlotte", "NC", "North Carolina", 704, 282, 35.2271, -80.8431, 0),
    ("Raleigh", "NC", "North Carolina", 919, 276, 35.7796, -78.6382, 0),
    ("Atlanta", "GA", "Georgia", 404, 303, 33.7490, -84.3880, 0),
    ("Miami", "FL", "Florida", 305, 331, 25.7617, -80.1918, 0),
    ("Orlando", "FL", "Florida", 407, 328, 28.5383, -81.3792, 0),
    ("Tampa", "FL", "Florida", 813, 336, 27.9506, -82.4572, 0),
    ("Jacksonville", "FL", "Florida", 904, 322, 30.3322, -81.6557, 0),
    ("Columbus", "OH", "Ohio", 614, 432, 39.9612, -82.9988, 0),
    ("Cleveland", "OH", "Ohio", 216, 441, 41.4993, -81.6944, 0),
    ("Detroit", "MI", "Michigan", 313, 482, 42.3314, -83.0458, 0),
    ("Indianapolis", "IN", "Indiana", 317, 462, 39.7684, -86.1581, 0),
    ("Chicago", "IL", "Illinois", 312, 606, 41.8781, -87.6298, 1),
    ("Naperville", "IL", "Illinois", 630, 605, 41.7508, -88.1535, 1),
    ("Milwaukee", "WI", "Wisconsin", 414, 532, 43.0389, -87.9065, 1),
    ("Minneapolis", "MN", "Minnesota", 612, 554, 44.9778, -93.2650, 1),
    ("St. Louis", "MO", "Missouri", 314, 631, 38.6270, -90.1994, 1),
    ("Kansas City", "MO", "Missouri", 816, 641, 39.0997, -94.5786, 1),
    ("Nashville", "TN", "Tennessee", 615, 372, 36.1627, -86.7816, 1),
    ("Memphis", "TN", "Tennessee", 901, 381, 35.1495, -90.0490, 1),
    ("New Orleans", "LA", "Louisiana", 504, 701, 29.9511, -90.0715, 1),
    ("Dallas", "TX", "Texas", 214, 752, 32.7767, -96.7970, 1),
    ("Houston", "TX", "Texas", 713, 770, 29.7604, -95.3698, 1),
    ("Austin", "TX", "Texas", 512, 787, 30.2672, -97.7431, 1),
    ("San Antonio", "TX", "Texas", 210, 782, 29.4241, -98.4936, 1),
    ("Oklahoma City", "OK", "Oklahoma", 405, 731, 35.4676, -97.5164, 1),
    ("Omaha", "NE", "Nebraska", 402, 681, 41.2565, -95.9345, 1),
    ("Denver", "CO", "Colorado", 303, 802, 39.7392, -104.9903, 2),
    ("Boulder", "CO", "Colorado", 720, 803, 40.0150, -105.2705, 2),
    ("Salt Lake City", "UT", "Utah", 801, 841, 40.7608, -111.8910, 2),
    ("Albuquerque", "NM", "New Mexico", 505, 871, 35.0844, -106.6504, 2),
    ("Boise", "ID", "Idaho", 208, 837, 43.6150, -116.2023, 2),
    ("Phoenix", "AZ", "Arizona", 602, 850, 33.4484, -112.0740, 2),
    ("Scottsdale", "AZ", "Arizona", 480, 852, 33.4942, -111.9261, 2),
    ("Los Angeles", "CA", "California", 213, 900, 34.0522, -118.2437, 3),
    ("San Diego", "CA", "California", 619, 921, 32.7157, -117.1611, 3),
    ("San Francisco", "CA", "California", 415, 941, 37.7749, -122.4194, 3),
    ("San Jose", "CA", "California", 408, 951, 37.3382, -121.8863, 3),
    ("Oakland", "CA", "California", 510, 946, 37.8044, -122.2712, 3),
    ("Sacramento", "CA", "California", 916, 958, 38.5816, -121.4944, 3),
    ("Seattle", "WA", "Washington", 206, 981, 47.6062, -122.3321, 3),
    ("Spokane", "WA", "Washington", 509, 992, 47.6588, -117.4260, 3),
    ("Portland", "OR", "Oregon", 503, 972, 45.5152, -122.6784, 3),
    ("Las Vegas", "NV", "Nevada", 702, 891, 36.1699, -115.1398, 3),
)

TIME_ZONES: Final[tuple[str, ...]] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)
# standard-time UTC offsets in hours for TIME_ZONES
TZ_STANDARD_OFFSETS: Final[tuple[int, ...]] = (-5, -6, -7, -8)

FIRST_NAMES: Final[tuple[str, ...]] = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
    "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
    "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Margaret", "Mark", "Sandra",
    "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
    "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Dorothy", "George", "Melissa", "Timothy", "Deborah",
    "Ronald", "Stephanie", "Jason", "Rebecca", "Edward", "Sharon", "Jeffrey", "Laura", "Ryan", "Cynthia",
    "Jacob", "Kathleen", "Gary", "Amy", "Nicholas", "Angela", "Eric", "Shirley", "Jonathan", "Anna",
    "Stephen", "Brenda", "Larry", "Pamela", "Justin", "Emma", "Scott", "Nicole", "Brandon", "Helen",
    "Benjamin", "Samantha", "Samuel", "Katherine", "Gregory", "Christine", "Alexander", "Debra", "Frank",
    "Rachel", "Raymond", "Carolyn", "Jack", "Janet", "Dennis", "Maria", "Jerry", "Heather", "Tyler", "Diane",
    "Aaron", "Julie", "Jose", "Joyce", "Adam", "Victoria", "Nathan", "Kelly", "Henry", "Christina", "Zachary",
    "Lauren", "Douglas", "Joan", "Peter", "Evelyn", "Kyle", "Olivia", "Noah", "Judith", "Ethan", "Megan",
    "Jeremy", "Cheryl", "Walter", "Andrea", "Christian", "Hannah", "Keith", "Martha", "Roger", "Jacqueline",
    "Terry", "Frances", "Austin", "Gloria", "Sean", "Ann", "Gerald", "Teresa", "Carl", "Kathryn", "Harold",
    "Sara", "Dylan", "Janice", "Arthur", "Jean", "Lawrence", "Alice", "Jordan", "Madison", "Jesse", "Doris",
    "Bryan", "Abigail", "Billy", "Julia", "Bruce", "Judy", "Gabriel", "Grace", "Joe", "Denise", "Logan",
    "Amber", "Alan", "Marilyn", "Juan", "Beverly", "Albert", "Danielle", "Willie", "Theresa", "Elijah",
    "Sophia", "Wayne", "Marie", "Randy", "Diana", "Vincent", "Brittany", "Mason", "Natalie", "Roy",
    "Isabella", "Ralph", "Charlotte", "Bobby", "Rose", "Russell", "Alexis", "Bradley", "Kayla", "Priya",
    "Wei", "Mohammed",
    "Aisha", "Carlos", "Sofia", "Luis", "Camila", "Hiroshi", "Mei", "Ahmed", "Fatima", "Dmitri", "Olga",
)  # fmt: skip

LAST_NAMES: Final[tuple[str, ...]] = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green",
    "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez",
    "Phillips", "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart",
    "Morris", "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson",
    "Bailey", "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks",
    "Chavez", "Wood", "James", "Bennett", "Gray", "Mendoza", "Ruiz", "Hughes", "Price", "Alvarez", "Castillo",
    "Sanders", "Patel", "Myers", "Long", "Ross", "Foster", "Jimenez", "Powell", "Jenkins", "Perry", "Russell",
    "Sullivan", "Bell", "Coleman", "Butler", "Henderson", "Barnes", "Gonzales", "Fisher", "Vasquez",
    "Simmons", "Romero", "Jordan", "Patterson", "Alexander", "Hamilton", "Graham", "Reynolds", "Griffin",
    "Wallace", "Moreno", "West", "Cole", "Hayes", "Bryant", "Herrera", "Gibson", "Ellis", "Tran", "Medina",
    "Aguilar", "Stevens", "Murray", "Ford", "Castro", "Marshall", "Owens", "Harrison", "Fernandez",
    "McDonald", "Woods", "Washington", "Kennedy", "Wells", "Vargas", "Henry", "Chen", "Freeman", "Webb",
    "Tucker", "Guzman", "Burns", "Crawford", "Olson", "Simpson", "Porter", "Hunter", "Gordon", "Mendez",
    "Silva", "Shaw", "Snyder", "Mason", "Dixon", "Munoz", "Hunt", "Hicks", "Holmes", "Palmer", "Wagner",
    "Black", "Robertson", "Boyd", "Rose", "Stone", "Salazar", "Fox", "Warren", "Mills", "Meyer", "Rice",
    "Schmidt", "Garza", "Daniels", "Ferguson", "Nichols", "Stephens", "Soto", "Weaver", "Ryan", "Gardner",
    "Payne", "Grant", "Dunn", "Kowalski", "O'Brien", "Yamamoto", "Singh", "Wang", "Zhang", "Ivanova",
)  # fmt: skip

# words used to build business names
NAME_WORDS: Final[tuple[str, ...]] = (
    "Summit", "Harbor", "Pioneer", "Granite", "Cedar", "Maple", "Northstar", "Bluewater", "Redwood",
    "Silverline", "Evergreen", "Ironwood", "Lakeside", "Riverbend", "Sterling", "Brightpath", "Keystone",
    "Oakridge", "Clearview", "Horizon", "Beacon", "Crescent", "Falcon", "Golden Gate", "Liberty", "Meridian",
    "Atlas", "Apex", "Vertex", "Cobalt", "Copper", "Prairie", "Willow", "Juniper", "Magnolia", "Sequoia",
    "Aspen", "Highland", "Union", "Capitol", "Anchor", "Compass", "Lighthouse", "Frontier", "Heritage",
    "Paramount", "Quantum", "Nimbus", "Orbit", "Signal", "Pinnacle", "Cascade", "Sunrise", "Westside",
    "Eastgate", "Midtown", "Uptown", "Broadway", "Main Street", "Parkview", "Hillcrest", "Stonebridge",
    "Blue Ridge", "Silver Creek", "Fox Run", "Twin Oaks", "Old Town", "Bayshore", "Canyon", "Mesa",
)  # fmt: skip

SEGMENT_FAMILIES: Final[tuple[str, ...]] = ("linkedin_native", "local")
SEGMENTS: Final[tuple[str, ...]] = (
    "saas",
    "professional_services",
    "mid_market_tech",
    "restaurant",
    "home_services",
    "dental_medical",
    "franchise_operator",
)
SEGMENT_FAMILY_OF: Final[tuple[int, ...]] = (0, 0, 0, 1, 1, 1, 1)
# probability of each segment within its family
SEGMENT_WEIGHTS: Final[tuple[float, ...]] = (0.40, 0.35, 0.25, 0.35, 0.30, 0.20, 0.15)

# per segment: name suffix words used in the business name
SEGMENT_NAME_TAILS: Final[tuple[tuple[str, ...], ...]] = (
    ("Software", "Labs", "Cloud", "Analytics", "Systems", "AI", "Data", "Apps"),
    ("Consulting", "Partners", "Advisors", "Group", "Accounting", "Law Group", "Associates", "Solutions"),
    ("Technologies", "Networks", "Digital", "Tech", "Computing", "Security", "Logistics Tech", "Robotics"),
    ("Grill", "Kitchen", "Bistro", "Pizzeria", "Diner", "Cafe", "Taqueria", "Bar & Grill", "Noodle House"),
    ("Plumbing", "HVAC", "Electric", "Roofing", "Heating & Air", "Landscaping", "Pest Control", "Handyman"),
    ("Dental", "Family Dentistry", "Medical Clinic", "Chiropractic", "Orthodontics", "Urgent Care",
     "Pediatrics"),
    ("Restaurant Group", "Hospitality Group", "Enterprises", "Holdings", "Management", "Ventures"),
)  # fmt: skip
# industry index (into SEGMENT_INDUSTRIES[segment]) implied by each name tail; -1 = any of the segment
TAIL_INDUSTRY: Final[tuple[tuple[int, ...], ...]] = (
    (-1, -1, -1, -1, -1, -1, -1, -1),
    (0, -1, 0, 0, 1, 2, -1, 0),
    (-1, 2, -1, -1, 0, 1, 0, 3),
    (0, 0, 0, 1, 0, 3, 1, 2, 0),
    (0, 1, 2, 3, 1, 4, 5, 0),
    (0, 0, 1, 2, 0, 3, 1),
    (-1, -1, -1, -1, -1, -1),
)

# per segment: (industry label, naics code, discovery category) choices
SEGMENT_INDUSTRIES: Final[tuple[tuple[tuple[str, str, str], ...], ...]] = (
    (
        ("Software", "511210", "software company"),
        ("Computer Software", "541511", "software company"),
        ("Internet", "519130", "internet company"),
    ),
    (
        ("Management Consulting", "541611", "consultant"),
        ("Accounting", "541211", "accountant"),
        ("Legal Services", "541110", "law firm"),
        ("Marketing and Advertising", "541810", "marketing agency"),
    ),
    (
        ("Information Technology and Services", "541512", "it services"),
        ("Computer & Network Security", "541519", "it services"),
        ("Telecommunications", "517311", "telecommunications"),
        ("Electronics Manufacturing", "334413", "manufacturer"),
    ),
    (
        ("Restaurants", "722511", "restaurant"),
        ("Food & Beverages", "722513", "fast food restaurant"),
        ("Bars & Nightlife", "722410", "bar"),
        ("Cafes", "722515", "cafe"),
    ),
    (
        ("Plumbing", "238220", "plumber"),
        ("HVAC", "238220", "hvac"),
        ("Electrical Contractors", "238210", "electrician"),
        ("Roofing", "238160", "roofer"),
        ("Landscaping", "561730", "landscaper"),
        ("Pest Control", "561710", "pest control service"),
    ),
    (
        ("Dental", "621210", "dentist"),
        ("Medical Practice", "621111", "medical clinic"),
        ("Chiropractic", "621310", "chiropractor"),
        ("Urgent Care", "621493", "urgent care"),
    ),
    (
        ("Restaurants", "722513", "fast food restaurant"),
        ("Fitness", "713940", "gym"),
        ("Personal Services", "812112", "hair salon"),
        ("Automotive Services", "811111", "auto repair"),
    ),
)

# industry a business may drift into (true current industry differs from what CRM recorded years ago)
DRIFT_INDUSTRIES: Final[tuple[tuple[str, ...], ...]] = (
    ("Internet", "Software", "Financial Technology"),
    ("Management Consulting", "Information Technology and Services", "Staffing and Recruiting"),
    ("Software", "Computer & Network Security", "Information Technology and Services"),
    ("Catering", "Food & Beverages", "Restaurants"),
    ("Construction", "HVAC", "Plumbing"),
    ("Hospital & Health Care", "Dental", "Medical Practice"),
    ("Hospitality", "Restaurants", "Real Estate"),
)

# franchise brands: (brand name, industry index in SEGMENT_INDUSTRIES[6])
FRANCHISE_BRANDS: Final[tuple[tuple[str, int], ...]] = (
    ("Burger Barn", 0), ("Taco Town", 0), ("Pizza Planet Express", 0), ("Wing Stop Shop", 0),
    ("Sub Station", 0), ("Bagel Brothers", 0), ("Smoothie Hut", 0), ("Chicken Coop Kitchen", 0),
    ("FitNation", 1), ("Iron Temple Gym", 1), ("Yoga Loft", 1), ("Anytime Strength", 1),
    ("Great Cuts", 2), ("Supreme Clips", 2), ("Glow Nail Bar", 2), ("Brow Bar & Co", 2),
    ("Quick Lube Pro", 3), ("Tire Masters", 3), ("Brake Depot", 3), ("Midas Touch Auto", 3),
)  # fmt: skip

STREET_NAMES: Final[tuple[str, ...]] = (
    "Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Lincoln",
    "Jefferson", "Madison", "Franklin", "Jackson", "Market", "Church", "Spring", "Highland", "Sunset",
    "Ridge", "Walnut", "Chestnut", "Broad", "Center", "Union", "Willow", "River", "Railroad", "Mill",
)  # fmt: skip
ORDINAL_WORDS: Final[tuple[str, ...]] = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth",
)  # fmt: skip
ORDINAL_NUMS: Final[tuple[str, ...]] = ("1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th")
# street types: (canonical long, abbreviation)
STREET_TYPES: Final[tuple[tuple[str, str], ...]] = (
    ("Street", "St"),
    ("Avenue", "Ave"),
    ("Boulevard", "Blvd"),
    ("Road", "Rd"),
    ("Drive", "Dr"),
    ("Lane", "Ln"),
)
SUITE_WORDS: Final[tuple[str, ...]] = ("Suite", "Ste", "#", "Unit")

LEGAL_SUFFIXES: Final[tuple[str, ...]] = ("Inc", "Inc.", "LLC", "Co", "Corp", "Ltd", "")
FREE_MAIL_DOMAINS: Final[tuple[str, ...]] = (
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "aol.com",
    "icloud.com",
)
TLDS: Final[tuple[str, ...]] = (".com", ".com", ".com", ".io", ".co", ".net", ".biz")

# people roles: (title, seniority, department, is_decision_maker) per segment family
NATIVE_DM_TITLES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Chief Executive Officer", "c_suite", "executive"),
    ("Chief Revenue Officer", "c_suite", "sales"),
    ("VP of Sales", "vp", "sales"),
    ("VP Marketing", "vp", "marketing"),
    ("Director of Operations", "director", "operations"),
    ("Head of Growth", "director", "marketing"),
    ("CTO", "c_suite", "engineering"),
    ("Founder & CEO", "owner", "executive"),
)
NATIVE_STAFF_TITLES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Account Executive", "individual_contributor", "sales"),
    ("Marketing Manager", "manager", "marketing"),
    ("Software Engineer", "individual_contributor", "engineering"),
    ("Operations Manager", "manager", "operations"),
    ("Sales Development Representative", "entry", "sales"),
    ("Product Manager", "manager", "product"),
    ("Office Manager", "manager", "administrative"),
    ("Financial Analyst", "individual_contributor", "finance"),
)
LOCAL_DM_TITLES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Owner", "owner", "executive"),
    ("General Manager", "manager", "operations"),
    ("Practice Manager", "manager", "operations"),
    ("Owner/Operator", "owner", "executive"),
    ("Franchisee", "owner", "executive"),
    ("President", "c_suite", "executive"),
)
LOCAL_STAFF_TITLES: Final[tuple[tuple[str, str, str], ...]] = (
    ("Shift Supervisor", "entry", "operations"),
    ("Office Administrator", "individual_contributor", "administrative"),
    ("Bookkeeper", "individual_contributor", "finance"),
    ("Service Technician", "individual_contributor", "operations"),
    ("Front Desk Coordinator", "entry", "administrative"),
    ("Kitchen Manager", "manager", "operations"),
)
# discovery roles for decision makers
DISCOVERY_ROLES: Final[tuple[str, ...]] = ("owner", "general manager", "practice manager", "franchisee")
DISCOVERY_SOURCES: Final[tuple[str, ...]] = ("public_records", "web", "phone_verified")

LEAD_SOURCES: Final[tuple[str, ...]] = (
    "Web",
    "Webinar",
    "Paid Search",
    "Paid Social",
    "Content",
    "Event",
    "Outbound",
    "Referral",
    "Partner",
)
CAMPAIGN_TYPES: Final[tuple[str, ...]] = (
    "Webinar",
    "Email",
    "Paid Search",
    "Paid Social",
    "Content",
    "Event",
)
CAMPAIGN_TOPICS: Final[tuple[str, ...]] = (
    "Pipeline Health", "Q1 Kickoff", "RevOps Playbook", "Local Growth", "Customer Stories", "Pricing Update",
    "AI Assistant Launch", "Spring Promo", "Year in Review", "Partner Summit", "Mobile App",
    "Benchmark Report",
    "Holiday Rush", "Franchise Growth", "Practice Management", "Field Service Tips",
)  # fmt: skip
UTM_SOURCES: Final[tuple[str, ...]] = (
    "google",
    "linkedin",
    "facebook",
    "newsletter",
    "bing",
    "partner",
    "direct",
)
UTM_MEDIUMS: Final[tuple[str, ...]] = ("cpc", "paid_social", "email", "organic", "referral", "display")
LANDING_PAGES: Final[tuple[tuple[str, str], ...]] = (
    ("/", "home"),
    ("/pricing", "pricing"),
    ("/pricing/enterprise", "pricing"),
    ("/product", "product"),
    ("/product/integrations", "product"),
    ("/blog/revops-metrics", "blog"),
    ("/blog/local-marketing-guide", "blog"),
    ("/docs/getting-started", "docs"),
    ("/docs/api", "docs"),
    ("/careers", "careers"),
)
