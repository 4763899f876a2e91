"""What every page of the access matrix is checked for, besides its answer, as each role gets it:

* personal data (phone, ID number) only for those branches.kernel.personal names;
* a link to a person's page only where that page opens for the viewer;
* no cell of an Excel download read as a formula (branches.kernel.workbook).
"""

import io
import re

import openpyxl

from branches.kernel import personal
from branches.kernel.workbook import XLSX_CONTENT_TYPE
from branches.people.models import Person

PERSON_LINK = re.compile(r'href="/org/people/(\d+)/"')


def content_of(response):
    """The text a user receives: the page, or every cell of a workbook."""
    if response.get("Content-Type") == XLSX_CONTENT_TYPE:
        book = openpyxl.load_workbook(io.BytesIO(response.content if not response.streaming else b"".join(response.streaming_content)))
        cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
        return "\n".join(str(cell.value) for cell in cells if cell.value is not None), [c for c in cells if c.data_type == "f"]
    if response.get("Content-Type", "").startswith("text/html"):
        return response.content.decode(), []
    return "", []


def problems(user, url, response):
    """What is wrong with ``response`` as ``user`` got it from ``url`` (an empty list: nothing)."""
    if user is None or response.status_code != 200 or response.streaming:
        return []
    text, formulas = content_of(response)
    found = [f"{url}: a formula in the workbook at {cell.coordinate}" for cell in formulas]
    for person in Person.objects.only("pk", "branch", "phone", "id_number", "name"):
        shown = [value for value in (person.phone, person.id_number) if value and value in text]
        if shown and not personal.may_see(user, person):
            found.append(f"{url}: {user} sees the personal data of {person.name} ({', '.join(shown)})")
    linked = {int(pk) for pk in PERSON_LINK.findall(text)}
    if linked:
        opened = set(Person.objects.visible_to(user).filter(pk__in=linked).values_list("pk", flat=True))
        found += [f"{url}: a link to person {pk}, whose page {user} cannot open" for pk in sorted(linked - opened)]
    return found
