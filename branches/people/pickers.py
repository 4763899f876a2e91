"""Whom each people picker offers: one named rule per kind of choice, which the form's field keeps
to and the search as you type applies (``branches.kernel.pickers``). Each is read for the user who
chooses, and never beyond whom they see."""

from branches.kernel.pickers import PeopleRule
from branches.people.models import Person

#: A zone's holder, a pledge's member: the party members in post of the branches the user keeps.
PARTY_MEMBERS_KEPT = PeopleRule(
    "party-members-kept", lambda user: Person.objects.manageable_by(user).party_members().filter(is_active=True)
)
#: A mentor and a mentee, a project's team: the people in post of the branches the user keeps.
PEOPLE_KEPT = PeopleRule("people-kept", lambda user: Person.objects.manageable_by(user).filter(is_active=True))
#: A project's team leader: a section chief in post of the branches the user keeps.
SECTION_CHIEFS_KEPT = PeopleRule(
    "section-chiefs-kept",
    lambda user: Person.objects.manageable_by(user).filter(is_active=True, is_section_chief=True),
)
#: A lecture's speakers: anyone in post the user sees (a lecture may invite another branch's member).
PEOPLE_SEEN = PeopleRule("people-seen", lambda user: Person.objects.visible_to(user).filter(is_active=True))
#: A rating round's raters: party members in post, of every branch for the committee office.
PARTY_MEMBERS_SEEN = PeopleRule(
    "party-members-seen", lambda user: Person.objects.visible_to(user).party_members().filter(is_active=True)
)
#: An honour's holder: anyone of the branches the user keeps, those who have left included (an
#: honour of years ago is recorded for whoever won it).
HONOUR_HOLDERS = PeopleRule("honour-holders", lambda user: Person.objects.manageable_by(user))

