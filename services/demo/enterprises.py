"""The demo office's enterprises: a few real-sounding companies of the district, with valid codes."""

import random

from branches.kernel.validators import (
    CREDIT_CODE_CHARACTERS,
    credit_code_check_character,
)
from services.enterprises.models import Enterprise

CREDIT_CODE_REGION = "330213"

ENTERPRISES = [
    "宁波锦溪新材料有限公司",
    "宁波明岳智能装备有限公司",
    "宁波江拔精密机械有限公司",
    "宁波剡源文旅发展有限公司",
    "宁波萧王庙农业科技有限公司",
    "宁波尚田服饰有限公司",
    "宁波松岙海洋食品有限公司",
    "宁波大堰生态农业开发有限公司",
]


def valid_credit_code(rng):
    body = "91" + CREDIT_CODE_REGION + "".join(rng.choice(CREDIT_CODE_CHARACTERS) for _ in range(9))
    return body + credit_code_check_character(body)


def build_enterprises():
    rng = random.Random(2024)
    Enterprise.objects.bulk_create(Enterprise(name=name, credit_code=valid_credit_code(rng)) for name in ENTERPRISES)
