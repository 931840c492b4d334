"""Word pools for generated districts: people, schools, streets, goals and equipment.

Every name here is invented or common enough to identify nobody; emails use the
reserved `.example` domain.
"""

from __future__ import annotations

EMAIL_DOMAIN = "district.example"

DISTRICT_NAMES: tuple[str, ...] = (
    "Maple Creek Unified School District",
    "Cedar Valley Public Schools",
    "Riverbend Unified School District",
    "Prairie Hills School District",
    "Lakeshore Consolidated Schools",
    "Granite Falls Unified School District",
    "Willow Springs Public Schools",
    "Pine Ridge Independent School District",
    "Harbor View Unified School District",
    "Sandstone County Schools",
    "Elk Meadow School District",
    "Bluebonnet Independent School District",
)

TIMEZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
)

FIRST_NAMES: tuple[str, ...] = (
    "Aaliyah", "Aarav", "Abigail", "Adrian", "Aiden", "Alejandro", "Alexis", "Amara",
    "Amelia", "Ana", "Andre", "Angela", "Anthony", "Aria", "Ava", "Ayesha", "Beatriz",
    "Benjamin", "Brianna", "Caleb", "Camila", "Carlos", "Carmen", "Charlotte", "Chloe",
    "Daniel", "David", "Deja", "Diego", "Dmitri", "Elena", "Eli", "Elijah", "Emily",
    "Emma", "Ethan", "Fatima", "Gabriel", "Grace", "Hana", "Hannah", "Hassan", "Henry",
    "Imani", "Isabella", "Isaiah", "Jackson", "Jada", "James", "Jasmine", "Javier",
    "Jayden", "Jin", "Jordan", "Jose", "Joshua", "Julia", "Kai", "Kayla", "Keisha",
    "Kenji", "Layla", "Leah", "Leo", "Liam", "Lily", "Lucas", "Luis", "Mai", "Malik",
    "Marcus", "Maria", "Mason", "Mateo", "Maya", "Mia", "Miguel", "Mohammed", "Naomi",
    "Nathan", "Nia", "Noah", "Nora", "Olivia", "Omar", "Owen", "Priya", "Rafael",
    "Riley", "Rosa", "Ryan", "Samuel", "Santiago", "Sara", "Sebastian", "Sofia",
    "Sophia", "Tariq", "Thomas", "Valentina", "Victoria", "Wei", "William", "Xavier",
    "Yara", "Yusuf", "Zara", "Zoe",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Adams", "Ahmed", "Alvarez", "Anderson", "Baker", "Bennett", "Brooks", "Brown",
    "Campbell", "Carter", "Castillo", "Chen", "Clark", "Collins", "Cruz", "Davis",
    "Diaz", "Edwards", "Evans", "Flores", "Foster", "Garcia", "Gomez", "Gonzalez",
    "Gray", "Green", "Gupta", "Hall", "Harris", "Hernandez", "Hill", "Hughes", "Ito",
    "Jackson", "James", "Johnson", "Jones", "Kelly", "Khan", "Kim", "King", "Le", "Lee",
    "Lewis", "Lopez", "Martin", "Martinez", "Mendoza", "Miller", "Mitchell", "Moore",
    "Morales", "Morgan", "Murphy", "Nelson", "Nguyen", "Ochoa", "Okafor", "Ortiz",
    "Park", "Patel", "Perez", "Phillips", "Price", "Ramirez", "Reed", "Reyes",
    "Richardson", "Rivera", "Roberts", "Robinson", "Rodriguez", "Rogers", "Ross",
    "Russell", "Sanchez", "Scott", "Shah", "Silva", "Singh", "Smith", "Stewart",
    "Sullivan", "Tanaka", "Taylor", "Thomas", "Thompson", "Torres", "Tran", "Turner",
    "Walker", "Ward", "Washington", "Watson", "White", "Williams", "Wilson", "Wong",
    "Wright", "Young", "Zhang",
)  # fmt: skip

SCHOOL_NAMES: tuple[str, ...] = (
    "Alder", "Aspen", "Bayview", "Birchwood", "Bluff", "Briarwood", "Brookside",
    "Canyon", "Carver", "Cedar", "Centennial", "Chavez", "Cherry Hill", "Clearwater",
    "Cottonwood", "Creekside", "Crestview", "Cypress", "Douglass", "Eastgate",
    "Edison", "Elm", "Evergreen", "Fairview", "Foothill", "Franklin", "Garfield",
    "Glenwood", "Hawthorne", "Heritage", "Highland", "Hillcrest", "Jefferson",
    "Juniper", "Keller", "Lakeview", "Laurel", "Lincoln", "Madison", "Magnolia",
    "Maple", "Meadowbrook", "Mesa", "Mill Creek", "Monroe", "Northside", "Oakwood",
    "Orchard", "Parkside", "Parks", "Pinecrest", "Pioneer", "Prairie", "Quail Run",
    "Redwood", "Ridgeview", "Riverside", "Roosevelt", "Sequoia", "Shady Grove",
    "Silver Lake", "Skyline", "Southwood", "Spring Valley", "Stonebridge", "Summit",
    "Sunnyside", "Sycamore", "Tubman", "Valley View", "Walnut", "Washington",
    "Westview", "Whittier", "Willow", "Woodland", "Adams", "Arbor Heights", "Bear Creek",
    "Bell", "Bridgeport", "Brookhaven", "Buena Vista", "Cambridge", "Clover Hill",
    "Coronado", "Deer Park", "Eagle Ridge", "Fox Hollow", "Grant", "Greenfield",
    "Hamilton", "Hidden Valley", "Hoover", "Indian Springs", "Jackson", "Kennedy",
    "King", "Lafayette", "Liberty", "Lone Oak", "Marshall", "Mission", "Mountain View",
    "Oak Grove", "Palmer", "Pleasant Hill", "Rolling Hills", "Sandburg", "Sierra",
    "Stevenson", "Thornton", "Twin Lakes", "Vista", "Wheatland", "Wilson",
)  # fmt: skip
# Prefixes for schools once the names above run out.
NAME_PREFIXES: tuple[str, ...] = ("North", "South", "East", "West", "New", "Upper", "Lower")

STREETS: tuple[str, ...] = (
    "Main St", "Oak Ave", "School Rd", "Elm St", "Park Blvd", "Lincoln Ave",
    "Church St", "Mill Rd", "River Rd", "Lake Dr", "Hill St", "College Ave",
    "Highland Ave", "Ridge Rd", "Valley Dr", "Maple St", "Washington St",
    "Spring St", "Meadow Ln", "Forest Dr",
)  # fmt: skip

# Specials rotate through the week; PE comes twice in most schools.
SPECIALS: dict[str, tuple[str, ...]] = {
    "E": ("Art", "PE", "Music", "Library", "PE"),
    "M": ("PE", "Band", "Art", "PE", "Health"),
    "H": ("PE", "Elective", "Health", "PE", "Elective"),
}

# Other providers who take a student out of class: (label, minutes, days a week, levels).
OTHER_SERVICES: tuple[tuple[str, int, int, str], ...] = (
    ("Speech", 30, 2, "EMH"),
    ("Speech", 30, 1, "EMH"),
    ("Counseling", 30, 1, "EMH"),
    ("Reading intervention", 30, 4, "E"),
    ("Physical therapy", 30, 1, "EM"),
    ("Resource room", 45, 3, "MH"),
    ("Vision services", 30, 1, "EMH"),
)

# Goal text by area: (description, baseline, target).
GOALS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "fine motor": (
        ("will use a functional tripod grasp on writing tools during class work",
         "2 of 5 trials", "4 of 5 trials"),
        ("will cut along a curved line within 1/4 inch", "50% accuracy", "80% accuracy"),
        ("will open and close classroom containers (glue stick, marker caps) on their own",
         "with hand-over-hand help", "independently in 4 of 5 opportunities"),
        ("will string 10 beads in under 2 minutes to build bilateral coordination",
         "4 beads", "10 beads"),
    ),
    "visual motor": (
        ("will copy shapes and designs from a model", "3 of 8 shapes", "7 of 8 shapes"),
        ("will complete a 24-piece puzzle with no more than one prompt",
         "12 pieces", "24 pieces"),
        ("will catch a playground ball thrown from 6 feet", "2 of 10", "8 of 10"),
        ("will trace a maze staying within the lines", "60%", "90%"),
    ),
    "handwriting": (
        ("will form lowercase letters correctly from memory", "14 of 26", "24 of 26"),
        ("will copy a sentence from the board with correct spacing between words",
         "40% of words", "80% of words"),
        ("will write a 3-sentence response that is legible to an unfamiliar reader",
         "50% legible", "90% legible"),
        ("will place letters on the baseline on lined paper", "45%", "85%"),
    ),
    "self-care": (
        ("will put on and zip a coat before recess", "with moderate assistance",
         "independently 4 of 5 days"),
        ("will open lunch containers and packages at lunch", "2 of 6 items", "6 of 6 items"),
        ("will complete the bathroom routine including handwashing",
         "with verbal prompts at each step", "with one visual checklist prompt"),
        ("will tie shoelaces", "not yet", "independently in 3 of 4 trials"),
    ),
    "life skills": (
        ("will prepare a simple snack following a picture recipe", "3 of 8 steps",
         "8 of 8 steps"),
        ("will use a planner to record assignments and due dates", "1 of 5 days",
         "4 of 5 days"),
        ("will count coins and bills to make a purchase up to $10", "40%", "80%"),
        ("will complete a classroom job (wiping tables, sorting mail) start to finish",
         "with adult prompting", "independently"),
    ),
    "cognition": (
        ("will follow 3-step directions in the classroom", "1 of 5 trials", "4 of 5 trials"),
        ("will organize desk and backpack materials at the end of the day",
         "with adult help", "with one checklist prompt"),
        ("will sequence the steps of a familiar task", "3 steps", "6 steps"),
        ("will start a work task within 2 minutes of the direction", "30% of tasks",
         "80% of tasks"),
    ),
    "sensory": (
        ("will use a chosen regulation strategy (movement break, fidget) when upset",
         "with adult prompting", "independently in 4 of 5 situations"),
        ("will stay seated at circle or group time", "5 minutes", "15 minutes"),
        ("will tolerate noisy settings (assembly, cafeteria) with headphones",
         "2 minutes", "20 minutes"),
        ("will transition between activities without distress", "50%", "90%"),
    ),
    "social": (
        ("will take turns in a small-group game", "2 turns", "6 turns"),
        ("will start a conversation with a peer during free time", "1 time a week",
         "3 times a week"),
        ("will ask an adult or peer for help when stuck", "with prompting",
         "independently 4 of 5 times"),
        ("will join a group activity at recess", "1 of 5 days", "4 of 5 days"),
    ),
}  # fmt: skip

# Goal areas by school level, with weights: younger students work on motor and
# self-care skills, teenagers on life skills and organisation.
GOAL_AREA_WEIGHTS: dict[str, dict[str, int]] = {
    "early": {"fine motor": 5, "visual motor": 4, "handwriting": 3, "self-care": 4,
              "sensory": 3, "social": 2, "cognition": 1},
    "E": {"fine motor": 4, "visual motor": 4, "handwriting": 5, "self-care": 2,
          "sensory": 3, "social": 2, "cognition": 2},
    "M": {"handwriting": 2, "visual motor": 2, "fine motor": 1, "self-care": 2,
          "life skills": 3, "cognition": 3, "sensory": 2, "social": 2},
    "H": {"life skills": 5, "cognition": 3, "self-care": 2, "sensory": 2, "social": 2,
          "visual motor": 1},
}  # fmt: skip

# (item, note) pairs; an empty note is common.
EQUIPMENT: tuple[tuple[str, str], ...] = (
    ("pencil grip", "crossover grip"),
    ("pencil grip", ""),
    ("slant board", "for all written work"),
    ("adapted scissors", "loop scissors"),
    ("wobble cushion", "at desk and carpet"),
    ("weighted lap pad", "during independent work, 15 minutes at a time"),
    ("noise-cancelling headphones", "assemblies and cafeteria"),
    ("fidget tools", ""),
    ("raised-line paper", ""),
    ("visual schedule", "morning and afternoon"),
    ("chewy tube", ""),
    ("adapted utensils", "lunch"),
    ("keyboard with word prediction", "for written assignments over a paragraph"),
    ("timer", "for transitions"),
)
