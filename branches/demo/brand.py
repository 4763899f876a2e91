"""The demo office's party brand, 火炬手, as the seed document introduces it.

From the document, word for word: the name, the introduction and what the logo means (一、品牌介绍),
what 领跑, 传承, 奉献 and 服务 mean, and the three main practices (二、主要做法 (一)(二)(三)).
Invented: the logo itself (the document describes it, the demo draws it with Pillow: a hand
holding a torch whose flame rises out of an open orange ring, in red, blue and orange), the
practices' short titles, and the day the brand began, 1 January 2019 (the document counts its
figures "since 2019" and for 2019–2021).
"""

import datetime
import io
import math

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from branches.brand.actions import save_brand
from branches.brand.models import Brand, BrandPractice, Pillar
from branches.display.actions import issue_display
from branches.display.models import HallDisplay

NAME = "火炬手"
STARTED_ON = datetime.date(2019, 1, 1)

INTRODUCTION = (
    "奉化区政务办强化党建引领，凝心聚力打造“火炬手”党建品牌，将“领跑、传承、奉献、服务”的“火炬手”品牌理念"
    "植入党建和中心工作全过程，综合运用“三融合三提升”，有力推动了基层党建工作水平整体提升，全面激发了政务服务新活力。"
)

LOGO_MEANING = (
    "品牌 Logo 主画面手握火炬，代表党建强力引领。火炬形态为 F，火焰形态为 Z，为奉化政务的拼音首字母。"
    "燃烧的火焰代表为人民服务的赤诚，为办事群众带去温暖与光亮。紧握火炬的手，意指“红色基因”的传承，"
    "业务技能的传递，服务的接续奋斗。开放式橙色圆环代表政务服务“窗口”，蕴含“以人民为中心”的发展理念。"
    "由“0”向“1”的线条形变，表示政务服务由传统模式向数字化转变。“1”体现了党员干部“勇争一流”的精神风貌和"
    "“最多跑一次”的为民承诺。Logo 整体用红、蓝、橙三色装点，分别体现了政务服务的主色调热情、规范、创新。"
)

LEAD_MEANING = "领跑，意党建引领。在思想观念上、在具体行动上、在精神境界上“领跑”。"
PASS_ON_MEANING = "传承，意“薪火相传”。将党的优良传统和专业高效的政务服务传承下去，打造政务服务铁军。"
DEDICATE_MEANING = "奉献，是全心全意为人民服务宗旨的体现。秉持“我将无我，不负人民”的情怀，投入到为民服务的基层实践中。"
SERVE_MEANING = "服务，是行政服务中心的核心内涵。将党建工作渗透到“中心”工作方方面面，彰显新常态下基层党组织建设新作为。"

# (pillar, title, text): the document's three practices, (三) under 服务 — its 主题党日, 办实事 and
# 上门/预约/延时 services are 奉献 and 服务 alike, and it is headed 服务至上 … 提升“满意率”.
PRACTICES = [
    (
        Pillar.LEAD,
        "党建引领，融合标准规范，提升“组织力”",
        "培树“火炬手”党建品牌，提炼出“领跑、传承、奉献、服务”的“火炬手”理念，贯穿党员干部教育管理及窗口服务全过程；"
        "对标“火炬手”品牌建设，开展“一支部一品牌”活动，创建了“政务服务议事厅”“创业晓管家”“红色聚能环”等支部品牌，"
        "拓展了“火炬手”品牌辐射效应。将“支部建在窗口”“党小组建在项目上”，不同窗口党员按“区域统一审批”要求组建党支部、"
        "跨业务领域按办好“一件事”模式设立党小组，实现党建与业务一体化管理。设立“党员责任区”、开展“一句话服务承诺”、"
        "评选“党员示范岗”人选等，将“先锋亮在岗上”。第一党支部在全省率先推行不动产网上联办“一路通”。"
        "政务议事厅支部党小组，通过圆桌会议从一件小事解决一类难题，有效落实“问题及时发现有效解决闭环机制”要求，"
        "解决占道经营许可、黑白章效用等18类问题。",
    ),
    (
        Pillar.PASS_ON,
        "薪火相传，融合全面过硬，提升“战斗力”",
        "举办“政务讲堂”传承工作技能，以深化政务服务改革和优化营商环境为主要内容，每月党员干部“上讲台、答疑惑、相互学”，"
        "提升政务服务能力。推行“导师帮带”传承工作经验，聚焦政治思想、窗口业务和服务水平等帮带内容，"
        "导师团通过窗口一线“教”、参与项目“练”等形式来“老带新”“蓝带青”。第四党支部书记王晓晓创建“王晓晓注册官工作室”"
        "传承守正创新的精神，针对招商引资项目和审批疑难件，以“政+银”服务小队、试点住宅“白名单”制度、"
        "打造“小微加油”等方式，解决企业群众办事难题，发放了宁波市第一份全流程营业执照。",
    ),
    (
        Pillar.SERVE,
        "服务至上，融合初心民意，提升“满意率”",
        "开展“政务服务2.0”数字化建设，构建以“移动端”为主、“PC端”为辅、“自助端”补充、“大厅端”兜底的"
        "“四端协同”政务服务模式。实施企业投资项目统办制，任命一名党员科长担任组长，吸纳若干名党员干部共同参与，"
        "审批平均提速50%。开展“三服务”系列主题党日活动，通过“政入社区”“助企小分队”“惠民服务团”及办事大厅"
        "“每日一巡”等，一线服务办事群众。开展“百名党员办实事”活动，为群众办实事351件，为企业解难题213件。"
        "2019年以来，群众办事满意率连续三年达99.87%。针对因特殊原因、特殊群体、特殊项目的办事群众和企业，"
        "实行“上门、预约、延时”服务。2021年，开展了218小时的延时服务、为37家企业提供113人次上门服务。",
    ),
]

RED = (200, 22, 30)
ORANGE = (243, 140, 20)
BLUE = (22, 72, 160)
SKIN = (244, 200, 160)


def build_brand(committee):
    """The committee office writes the brand and its practices down (once), through the brand's
    action; returns the brand."""
    existing = Brand.objects.filter(committee=committee).first()
    if existing is not None:
        return existing
    admin = get_user_model().objects.get(username="admin")
    brand = Brand(
        committee=committee,
        name=NAME,
        started_on=STARTED_ON,
        introduction=INTRODUCTION,
        logo_meaning=LOGO_MEANING,
        lead_meaning=LEAD_MEANING,
        pass_on_meaning=PASS_ON_MEANING,
        dedicate_meaning=DEDICATE_MEANING,
        serve_meaning=SERVE_MEANING,
    )
    brand.logo.save("logo.png", logo(), save=False)
    practices = [
        BrandPractice(ordering=ordering, pillar=pillar, title=title, text=text)
        for ordering, (pillar, title, text) in enumerate(PRACTICES, start=1)
    ]
    return save_brand(brand, practices, by=admin)


def logo(size=512):
    """The logo as a PNG upload: an open orange ring (the window), a red flame shaped like a Z
    over a torch shaped like an F, held by a hand, and the blue line from "0" to "1"."""
    scale = size / 512
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)

    def box(*values):
        return [value * scale for value in values]

    def points(*pairs):
        return [(x * scale, y * scale) for x, y in pairs]

    # The open ring, its gap at the top right where the flame rises out of it.
    draw.arc(box(56, 56, 456, 456), start=-20, end=290, fill=ORANGE, width=round(34 * scale))
    # The line from "0" to "1": the ring's end bending up into a blue stroke.
    angle = math.radians(-20)
    end_x, end_y = 256 + 183 * math.cos(angle), 256 + 183 * math.sin(angle)
    stroke = points((end_x, end_y + 6), (end_x + 4, 100), (end_x - 26, 122))
    draw.line(stroke, fill=BLUE, width=round(24 * scale), joint="curve")
    # The torch: an F — its stem, and two arms to the right.
    draw.polygon(points((226, 200), (286, 200), (270, 400), (242, 400)), fill=BLUE)
    draw.rectangle(box(226, 188, 312, 212), fill=BLUE)
    draw.rectangle(box(270, 232, 300, 250), fill=BLUE)
    # The flame: a red Z.
    zed = points((200, 100), (312, 100), (238, 152), (318, 152), (318, 180), (196, 180), (270, 128), (200, 128))
    draw.polygon(zed, fill=RED)
    # The hand holding it: a palm and four fingers wrapped round the stem, the thumb over them.
    draw.rounded_rectangle(box(206, 300, 300, 372), radius=22 * scale, fill=SKIN)
    for row in range(4):
        top = 304 + row * 17
        draw.rounded_rectangle(box(270, top, 318, top + 15), radius=7 * scale, fill=SKIN, outline=(210, 150, 110))
    draw.rounded_rectangle(box(214, 286, 286, 306), radius=10 * scale, fill=SKIN, outline=(210, 150, 110))
    draw.rectangle(box(218, 372, 290, 420), fill=RED)
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return SimpleUploadedFile("logo.png", output.getvalue(), content_type="image/png")

#: The demo hall's screen, issued by the committee office (``seed_demo`` prints its address).
HALL_SCREEN = "一楼大厅入口"


def build_hall_screen():
    """The committee office issues the hall's screen its display address (once)."""
    screen = HallDisplay.objects.in_use().filter(name=HALL_SCREEN).first()
    if screen is not None:
        return screen
    return issue_display(HALL_SCREEN, by=get_user_model().objects.get(username="admin"))
