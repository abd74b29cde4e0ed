"""Name lists for made-up demo patients.

Common given and family names from the backgrounds a south London haematology service
sees, paired at random, so no demo patient is a real person. Data only.
"""

from __future__ import annotations

import random

_FAMILY: dict[str, tuple[str, ...]] = {
    "west_african": ("Adeyemi", "Okafor", "Mensah", "Boateng", "Owusu", "Adebayo", "Okonkwo", "Asante",
                     "Oyelaran", "Nwosu", "Appiah", "Olawale", "Eze", "Osei", "Bamidele", "Agyeman",
                     "Ibekwe", "Danquah", "Afolabi", "Chukwu", "Oduya", "Quaye"),
    "east_african": ("Abdi", "Hassan", "Warsame", "Tesfaye", "Haile", "Gebremedhin", "Mohamed",
                     "Yusuf", "Berhane", "Ahmed", "Kidane", "Farah"),
    "caribbean": ("Campbell", "Brown", "Williams", "Clarke", "Thompson", "Grant", "Francis",
                  "Richards", "Henry", "Samuels", "Reid", "Bailey", "Morgan", "Douglas", "Walters",
                  "Baptiste", "Charles", "Joseph", "Edwards", "McKenzie"),
    "british": ("Smith", "Jones", "Taylor", "Wilson", "Davies", "Evans", "Hughes", "Wright", "Walker",
                "Robinson", "Hall", "Green", "Wood", "Harris", "Lewis", "Turner", "Cooper", "Ward",
                "Baker", "Hill", "Kelly", "Murphy", "O'Brien", "Byrne", "Fletcher", "Palmer"),
    "european": ("Silva", "Santos", "Ferreira", "Kowalski", "Nowak", "Wisniewski", "Papadopoulos",
                 "Georgiou", "Christodoulou", "Yilmaz", "Demir", "Kaya", "Garcia", "Martinez",
                 "Rossi", "Costa", "Ioannou", "Constantinou"),
    "south_asian": ("Patel", "Shah", "Khan", "Ahmed", "Begum", "Hussain", "Ali", "Rahman", "Uddin",
                    "Miah", "Singh", "Kaur", "Sharma", "Iqbal", "Chowdhury", "Islam", "Mistry",
                    "Perera", "Fernando", "Nair"),
    "chinese": ("Chen", "Wong", "Li", "Zhang", "Lam", "Cheung", "Ho", "Liu", "Ng", "Tan", "Yeung", "Lau"),
    "other": ("Haddad", "Nasser", "Saleh", "Ozturk", "Aydin", "Rodriguez", "Lopez", "Khalil", "Mansour",
              "Torres", "Karimi", "Rostami"),
}  # fmt: skip

_MALE: dict[str, tuple[str, ...]] = {
    "west_african": ("Oluwaseun", "Kwame", "Chinedu", "Kofi", "Emeka", "Tunde", "Yaw", "Femi",
        "Kwabena", "Obinna", "Daniel", "Samuel"),
    "east_african": ("Abdirahman", "Mohamed", "Yonas", "Dawit", "Ahmed", "Mesfin", "Hamza", "Filmon"),
    "caribbean": ("Marcus", "Andre", "Delroy", "Winston", "Leon", "Tyrone", "Jermaine", "Courtney",
        "Kemar", "Darnell"),
    "british": ("James", "Oliver", "George", "Thomas", "David", "Michael", "Peter", "Liam", "Sean",
        "Harry", "Robert", "Callum"),
    "european": ("Joao", "Piotr", "Nikos", "Mehmet", "Carlos", "Andreas", "Tomasz", "Marco", "Pedro",
        "Emre"),
    "south_asian": ("Arjun", "Imran", "Rahul", "Sajid", "Tariq", "Vikram", "Nadeem", "Rohan", "Shahid",
        "Anil"),
    "chinese": ("Wei", "Jun", "Hao", "Ming", "Kevin", "Chun", "Lei", "Kai"),
    "other": ("Omar", "Karim", "Ali", "Diego", "Hassan", "Reza", "Javier", "Youssef"),
}  # fmt: skip
_FEMALE: dict[str, tuple[str, ...]] = {
    "west_african": ("Adaeze", "Ama", "Folake", "Abena", "Ngozi", "Yewande", "Akosua", "Chiamaka",
        "Funmilayo", "Efua", "Grace", "Blessing"),
    "east_african": ("Hodan", "Fadumo", "Selam", "Ayan", "Hiwet", "Saida", "Amina", "Senait"),
    "caribbean": ("Shanice", "Marcia", "Jasmine", "Beverley", "Keisha", "Simone", "Paulette",
        "Tanisha", "Claudette", "Chantelle"),
    "british": ("Emily", "Sarah", "Charlotte", "Margaret", "Susan", "Chloe", "Siobhan", "Hannah",
        "Jennifer", "Sophie", "Patricia", "Aoife"),
    "european": ("Ana", "Agnieszka", "Eleni", "Ayse", "Maria", "Katarzyna", "Sofia", "Elif", "Lucia",
        "Christina"),
    "south_asian": ("Priya", "Fatima", "Anjali", "Nasreen", "Shabana", "Meera", "Ruksana", "Kavita",
        "Sadia", "Nisha"),
    "chinese": ("Mei", "Ling", "Xin", "Hui", "Jenny", "Yan", "Fang", "Li"),
    "other": ("Layla", "Noor", "Mariam", "Camila", "Yasmin", "Leila", "Sara", "Valentina"),
}  # fmt: skip

# Which name lists fit each Ethnic Category code; Z and 99 could be anyone.
_BACKGROUNDS: dict[str, tuple[str, ...]] = {
    "A": ("british",), "B": ("british",), "C": ("european",),
    "D": ("caribbean", "british"), "E": ("west_african", "british"), "F": ("south_asian", "british"),
    "G": ("british", "european", "other"),
    "H": ("south_asian",), "J": ("south_asian",), "K": ("south_asian",), "L": ("south_asian",),
    "M": ("caribbean",), "N": ("west_african", "west_african", "east_african"),
    "P": ("caribbean", "west_african"),
    "R": ("chinese",), "S": ("other",),
    "Z": ("british", "west_african", "caribbean", "european", "south_asian"),
    "99": ("british", "west_african", "caribbean", "european", "south_asian", "other"),
}  # fmt: skip


def name_for(rng: random.Random, ethnic_category: str, gender_code: str) -> tuple[str, str]:
    """(family name, given name) from one background, so the pair reads as one family's."""
    background = rng.choice(_BACKGROUNDS[ethnic_category])
    male, female = _MALE[background], _FEMALE[background]
    given = {"1": male, "2": female}.get(gender_code, male + female)  # 9 and X: either list
    return rng.choice(_FAMILY[background]), rng.choice(given)
