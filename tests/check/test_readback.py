"""`check --consistency` reads each output back by what a reader sees: every way of
corrupting an output that a reader would notice is reported, exactly, with the place in the
output and the model line it contradicts."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from archgen.check.consistency import verify_outputs
from archgen.commands.check import run_check
from archgen.commands.model import check_model_file, require_valid


def details(project: Path, name: str) -> list[str]:
    """What reading `output/<name>` back found, as the report prints it."""
    valid = require_valid(check_model_file(project / "arch.yaml"))
    finding = next(f for f in verify_outputs(valid, project / "output") if f.output == name)
    return [detail.format() for detail in finding.details] or [finding.reason]


def line_of(project: Path, text: str, after: str = "") -> int:
    """The model line holding `text` (the first one after the line holding `after`)."""
    lines = (project / "arch.yaml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start=start + 1) if text in line)


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def rename_kms_heading(md: Path) -> None:
    """KMS's heading in the Markdown brief (at whatever level) renamed "Key Vault"."""
    text = md.read_text(encoding="utf-8")
    renamed = re.sub(r"^(#+) KMS$", r"\1 Key Vault", text, count=1, flags=re.M)
    assert renamed != text
    md.write_text(renamed, encoding="utf-8")


def element(svg_text: str, element_id: str) -> str:
    match = re.search(rf'<g id="{element_id}".*?\n</g>\n(?=\n?<g |</g>\n</svg>)', svg_text, re.S)
    assert match is not None, element_id
    return match.group()


def test_every_output_of_the_example_reads_back_as_the_model(project: Path) -> None:
    valid = require_valid(check_model_file(project / "arch.yaml"))
    found = {f.output: (f.status, f.details) for f in verify_outputs(valid, project / "output")}
    assert found == {
        name: ("fresh", ()) for name in ("brief.html", "brief.md", "brief.pdf", "diagram.svg")
    }


# ---- the diagram -------------------------------------------------------------------------------


def test_svg_a_renamed_service(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    node = element(text, "svc-kms")
    svg.write_text(text.replace(node, node.replace(">KMS</text>", ">WAF</text>")), "utf-8")
    assert details(project, "diagram.svg") == [
        f"{project}/output/diagram.svg element svc-kms: service 'kms' is titled \"WAF\" — "
        f'{project}/arch.yaml:{line_of(project, "name: KMS")} names it "KMS"'
    ]


def test_svg_a_dropped_service(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    svg.write_text(text.replace(element(text, "svc-kms"), ""), encoding="utf-8")
    valid = require_valid(check_model_file(project / "arch.yaml"))
    out, model = f"{project}/output/diagram.svg", f"{project}/arch.yaml"
    ends_nowhere = [  # the lines from KMS now start where nothing is drawn
        f"{out} element link-{n}: link {n} joins (nothing) → {link.target} — "
        f"{model}:{valid.document.position(('links', n - 1, 'label')).line} has kms → "
        f"{link.target}"
        for n, link in enumerate(valid.model.links, start=1)
        if link.source == "kms"
    ]
    assert len(ends_nowhere) == 4
    assert details(project, "diagram.svg") == [
        *ends_nowhere,
        f"{out}: service 'kms' is missing — "
        f'{model}:{line_of(project, "name: KMS")} names it "KMS"',
    ]


def test_svg_a_renumbered_step(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    edge = element(text, "step-5")
    svg.write_text(text.replace(edge, edge.replace(">5</text>", ">7</text>")), "utf-8")
    model = f"{project}/arch.yaml"
    assert details(project, "diagram.svg") == [
        f'{project}/output/diagram.svg element step-5: step 7 is labelled "read cache" — '
        f'{model}:{line_of(project, "label: model uploaded")} labels it "model uploaded"',
        f"{project}/output/diagram.svg element step-5: step 7 joins app-runner → elasticache"
        f" — {model}:{line_of(project, 'label: model uploaded')} has s3 → lambda",
        f"{project}/output/diagram.svg: step 5 is missing — "
        f'{model}:{line_of(project, "label: read cache")} labels it "read cache"',
    ]


def test_svg_two_labels_swapped(project: Path) -> None:
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    five, six = element(text, "step-5"), element(text, "step-6")
    new_five = five.replace(">\N{NO-BREAK SPACE}read cache<", ">\N{NO-BREAK SPACE}read on miss<")
    new_six = re.sub(r">\xa0read</text>\n<text[^>]*>on miss</text>", ">\xa0read cache</text>", six)
    assert new_five != five and new_six != six
    svg.write_text(text.replace(five, new_five).replace(six, new_six), encoding="utf-8")
    model = f"{project}/arch.yaml"
    assert details(project, "diagram.svg") == [
        f'{project}/output/diagram.svg element step-6: step 6 is labelled "read cache" — '
        f'{model}:{line_of(project, "label: read on miss")} labels it "read on miss"',
        f'{project}/output/diagram.svg element step-5: step 5 is labelled "read on miss" — '
        f'{model}:{line_of(project, "label: read cache")} labels it "read cache"',
    ]


def test_svg_a_service_drawn_outside_its_group(project: Path) -> None:
    """The Security box moved away from the services it holds: they stay inside AWS Cloud."""
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    box = element(text, "grp-security")
    moved = re.sub(
        r' d="[^"]*"',
        lambda m: re.sub(r"(-?\d+(?:\.\d+)?),", lambda x: f"{float(x[1]) + 5000:g},", m.group()),
        box,
        count=1,
    )
    svg.write_text(text.replace(box, moved), encoding="utf-8")
    out, model = f"{project}/output/diagram.svg", f"{project}/arch.yaml"
    assert details(project, "diagram.svg") == [
        f"{out} element svc-{service}: service '{service}' is drawn in group 'aws-cloud' "
        f'("AWS Cloud") — {model}:{line_of(project, "group: security", f"name: {name}")} puts '
        "it in group 'security' (\"Security\")"
        for service, name in [("waf", "WAF"), ("shield", "Shield"), ("kms", "KMS"),
                              ("secrets-manager", "Secrets Manager")]
    ]  # fmt: skip


def test_svg_a_flow_renamed_in_the_legend(project: Path) -> None:
    edit(project / "output" / "diagram.svg", ">Load 3D</text>", ">Load 2D</text>")
    assert details(project, "diagram.svg") == [
        f"{project}/output/diagram.svg element legend row 2: flow 'load-3d-assets' is titled "
        f'"Load 2D models" — {project}/arch.yaml:{line_of(project, "name: Load 3D models")}'
        ' names it "Load 3D models"'
    ]


# ---- the HTML brief ----------------------------------------------------------------------------


def test_html_a_renamed_and_a_dropped_service(project: Path) -> None:
    html = project / "output" / "brief.html"
    text = html.read_text(encoding="utf-8")
    html.write_text(re.sub(r"</svg>KMS</h(\d)>", r"</svg>WAF</h\1>", text, count=1), "utf-8")
    text = html.read_text(encoding="utf-8")
    section = re.search(r'<section class="service" id="service-shield">.*?</section>', text, re.S)
    assert section is not None
    html.write_text(text.replace(section.group(), ""), encoding="utf-8")
    lines = html.read_text(encoding="utf-8").splitlines()
    kms_line = lines.index(next(x for x in lines if "#icon-kms" in x and "WAF</h" in x))
    found = details(project, "brief.html")
    model = f"{project}/arch.yaml"
    assert (
        f"{project}/output/brief.html line {kms_line + 1}: service 'kms' is titled \"WAF\" — "
        f'{model}:{line_of(project, "name: KMS")} names it "KMS"'
    ) in found
    assert (
        f"{project}/output/brief.html: service 'shield' is missing — "
        f'{model}:{line_of(project, "name: Shield")} names it "Shield"'
    ) in found
    links = [f for f in found if "#service-shield reaches nothing" in f]
    assert links and all(
        re.match(rf"{project}/output/brief.html line \d+: a link", f) for f in links
    )


def test_html_a_renumbered_step_and_swapped_labels(project: Path) -> None:
    html = project / "output" / "brief.html"
    edit(html, '#ffffff">5</span>', '#ffffff">9</span>')
    edit(html, '<span class="step-label">read on miss</span>', '<span class="step-label">X</span>')
    edit(
        html,
        '<span class="step-label">read cache</span>',
        '<span class="step-label">read on miss</span>',
    )
    edit(html, '<span class="step-label">X</span>', '<span class="step-label">read cache</span>')
    lines = html.read_text(encoding="utf-8").splitlines()
    five = lines.index(next(x for x in lines if 'id="step-detail-5"' in x)) + 1
    six = lines.index(next(x for x in lines if 'id="step-detail-6"' in x)) + 1
    model = f"{project}/arch.yaml"
    nine = line_of(project, "label: request model")
    assert details(project, "brief.html") == [
        f'{project}/output/brief.html line {five}: step 9 is labelled "read on miss" — '
        f'{model}:{nine} labels it "request model"',
        f"{project}/output/brief.html line {five}: step 9 joins app-runner → elasticache — "
        f"{model}:{nine} has users → cloudfront",
        f'{project}/output/brief.html line {six}: step 6 is labelled "read cache" — '
        f'{model}:{line_of(project, "label: read on miss")} labels it "read on miss"',
        f"{project}/output/brief.html: step 5 is missing — "
        f'{model}:{line_of(project, "label: read cache")} labels it "read cache"',
    ]


def test_html_a_diagram_link_to_the_wrong_section(project: Path) -> None:
    edit(project / "output" / "brief.html", 'href="#service-kms" class="service-link"',
         'href="#service-waf" class="service-link"')  # fmt: skip
    assert details(project, "brief.html") == [
        f"{project}/output/brief.html diagram element svc-kms: links to #service-waf, not to "
        "#service-kms"
    ]


def test_html_a_diagram_link_to_nowhere(project: Path) -> None:
    html = project / "output" / "brief.html"
    edit(html, 'href="#step-detail-13"', 'href="#step-detail-31"')
    line = next(
        n for n, x in enumerate(html.read_text("utf-8").splitlines(), 1) if "#step-detail-31" in x
    )
    assert details(project, "brief.html") == [
        f"{project}/output/brief.html line {line}: a link to #step-detail-31 reaches nothing",
        f"{project}/output/brief.html diagram element step-13: links to #step-detail-31, not to "
        "#step-detail-13",
    ]


# ---- the Markdown brief ------------------------------------------------------------------------


def md_line(project: Path, text: str) -> int:
    lines = (project / "output" / "brief.md").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def test_markdown_rename_drop_renumber_and_a_broken_link(project: Path) -> None:
    md = project / "output" / "brief.md"
    rename_kms_heading(md)
    edit(md, '5. <a id="step-detail-5"></a>', '7. <a id="step-detail-5"></a>')
    edit(md, '<a id="req-scalability"></a>', "")
    edit(md, "](diagram.svg)", "](diagram-old.svg)")
    model = f"{project}/arch.yaml"
    out = f"{project}/output/brief.md"
    found = details(project, "brief.md")
    assert (
        f"{out} line {md_line(project, '# Key Vault')}: service 'kms' is titled "
        '"Key Vault" — '
        f'{model}:{line_of(project, "name: KMS")} names it "KMS"' in found
    )
    assert (
        f'{out} line {md_line(project, "step-detail-5")}: step 7 is labelled "read cache"'
        f' — {model}:{line_of(project, "label: model uploaded")} labels it "model uploaded"'
        in found
    )
    assert (
        f"{out}: step 5 is missing — {model}:{line_of(project, 'label: read cache')} "
        'labels it "read cache"' in found
    )
    assert (
        f"{out}: requirement 'scalability' is missing — "
        f'{model}:{line_of(project, "title: Scalability")} titles it "Scalability"' in found
    )
    assert (
        f"{out} line {md_line(project, 'diagram-old.svg')}: the image diagram-old.svg is "
        "not in the folder" in found
    )
    assert any(f.endswith("a link to #req-scalability reaches nothing") for f in found)


def test_markdown_two_labels_swapped(project: Path) -> None:
    md = project / "output" / "brief.md"
    edit(md, ":** *read cache*", ":** *X*")
    edit(md, ":** *read on miss*", ":** *read cache*")
    edit(md, ":** *X*", ":** *read on miss*")
    out, model = f"{project}/output/brief.md", f"{project}/arch.yaml"
    assert details(project, "brief.md") == [
        f'{out} line {md_line(project, "step-detail-5")}: step 5 is labelled "read on miss" — '
        f'{model}:{line_of(project, "label: read cache")} labels it "read cache"',
        f'{out} line {md_line(project, "step-detail-6")}: step 6 is labelled "read cache" — '
        f'{model}:{line_of(project, "label: read on miss")} labels it "read on miss"',
    ]


# ---- an output edited by hand is also read back ------------------------------------------------


def test_an_edited_output_is_reported_as_edited_and_checked(project: Path) -> None:
    rename_kms_heading(project / "output" / "brief.md")
    result = run_check(project / "arch.yaml", None)  # no --consistency
    finding = next(f for f in result.findings if f.output == "brief.md")
    assert finding.status == "edited"
    assert [d.format() for d in finding.details] == [
        f"{project}/output/brief.md line {md_line(project, '# Key Vault')}: service 'kms' is "
        f'titled "Key Vault" — {project}/arch.yaml:{line_of(project, "name: KMS")} names it "KMS"'
    ]
    text = result.format("text")
    assert f"edited       brief.md  (changed by hand since archgen wrote it)\n  {project}" in text


# ---- the PDF -----------------------------------------------------------------------------------


def outline_page(reader: Any, entries: list[Any], title: str) -> int:
    """The page (from 0) the outline entry `title` points at."""
    for entry in entries:
        if isinstance(entry, list):
            with contextlib.suppress(LookupError):
                return outline_page(reader, entry, title)
        elif entry.title == title:
            return int(reader.get_destination_page_number(entry))
    raise LookupError(title)


def test_pdf_a_dropped_page_and_a_changed_attachment(project: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    pdf = project / "output" / "brief.pdf"
    reader = PdfReader(pdf)
    page = outline_page(reader, reader.outline, "CloudFront")
    writer = PdfWriter(clone_from=reader)
    writer.remove_page(page)
    name, content = next(iter(reader.attachments.items()))
    writer.add_attachment(name, content[0] + b"# changed\n")
    with pdf.open("wb") as handle:
        writer.write(handle)
    found = details(project, "brief.pdf")
    out, model = f"{project}/output/brief.pdf", f"{project}/arch.yaml"
    size = len((project / "arch.yaml").read_bytes())
    valid = require_valid(check_model_file(project / "arch.yaml"))
    lost = [  # the services whose sections began on the dropped page
        service for service in valid.model.services
        if outline_page(reader, reader.outline, service.name) == page
    ]  # fmt: skip
    assert [s.id for s in lost][:1] == ["cloudfront"]
    assert found == [
        *(f'{out} outline: the entry "{s.name}" points at no page' for s in lost),
        f"{out} attachment arch.yaml: is not the model file byte for byte ({size + 10:,} bytes "
        f"attached, {size:,} in the file)",
        *(
            f"{out}: service '{s.id}' is missing — "
            f'{model}:{line_of(project, f"name: {s.name}")} names it "{s.name}"'
            for s in lost
        ),
    ]


def test_pdf_a_renamed_outline_entry(project: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    pdf = project / "output" / "brief.pdf"
    reader = PdfReader(pdf)
    page = outline_page(reader, reader.outline, "KMS") + 1
    writer = PdfWriter(clone_from=reader)
    entry = writer._root_object["/Outlines"]["/First"]
    while entry["/Title"] != "3 Services":
        entry = entry["/Next"]
    found = [entry["/First"]]
    while found:  # every entry under "3 Services", depth first
        item = found.pop().get_object()
        if item["/Title"] == "KMS":
            item[NameObject("/Title")] = TextStringObject("Key Vault")
            break
        found += [item[key] for key in ("/Next", "/First") if key in item]
    with pdf.open("wb") as handle:
        writer.write(handle)
    out, model = f"{project}/output/brief.pdf", f"{project}/arch.yaml"
    assert details(project, "brief.pdf") == [
        f'{out} page {page}: the outline entry "Key Vault" is not on its page',
        f"{out} page {page}: service 'kms' is titled \"Key Vault\" — "
        f'{model}:{line_of(project, "name: KMS")} names it "KMS"',
    ]


# ---- the exports -------------------------------------------------------------------------------


@pytest.fixture
def exports(project: Path) -> Path:
    """The project with diagram.mmd and diagram.dot kept beside the default outputs."""
    from archgen.commands.render import RenderOptions, render_model

    render_model(project / "arch.yaml", None, RenderOptions(formats=("mmd", "dot")))
    return project


def test_mermaid_rename_drop_renumber_and_move(exports: Path) -> None:
    mmd = exports / "output" / "diagram.mmd"
    edit(mmd, 's_kms["KMS"]', 's_kms["Key#32;Vault"]')
    edit(mmd, '  s_shield["Shield"]\n', "")
    edit(mmd, '|"5. read cache"|', '|"7. read cache"|')
    edit(mmd, '      s_waf["WAF"]\n', "")
    edit(mmd, "  end\n  s_users -->", '  s_waf["WAF"]\n  end\n  s_users -->')
    lines = mmd.read_text(encoding="utf-8").splitlines()
    at = {line.strip(): n for n, line in enumerate(lines, start=1)}
    kms, waf = at['s_kms["Key#32;Vault"]'], at['s_waf["WAF"]']
    seven = at['s_app__runner -->|"7. read cache"| s_elasticache']
    out, model = f"{exports}/output/diagram.mmd", f"{exports}/arch.yaml"
    uploaded = line_of(exports, "label: model uploaded")
    assert details(exports, "diagram.mmd") == [
        f"{out} line {kms}: service 'kms' is titled \"Key Vault\" — "
        f'{model}:{line_of(exports, "name: KMS")} names it "KMS"',
        f"{out} line {waf}: service 'waf' is drawn in group 'aws-cloud' (\"AWS Cloud\") — "
        f"{model}:{line_of(exports, 'group: security', 'name: WAF')} puts it in group "
        "'security' (\"Security\")",
        f'{out} line {seven}: step 7 is labelled "read cache" — {model}:{uploaded} labels '
        'it "model uploaded"',
        f"{out} line {seven}: step 7 joins app-runner → elasticache — {model}:{uploaded} has "
        "s3 → lambda",
        f"{out}: service 'shield' is missing — {model}:{line_of(exports, 'name: Shield')} names "
        'it "Shield"',
        f"{out}: step 5 is missing — {model}:{line_of(exports, 'label: read cache')} labels it "
        '"read cache"',
    ]


def test_dot_a_renamed_service_and_swapped_labels(exports: Path) -> None:
    dot = exports / "output" / "diagram.dot"
    edit(dot, '<TD CELLPADDING="2">KMS</TD>', '<TD CELLPADDING="2">Key Vault</TD>')
    edit(dot, "&#160;read cache</TD>", "&#160;X</TD>")
    edit(dot, '&#160;read<BR ALIGN="LEFT"/>on miss</TD>', "&#160;read cache</TD>")
    edit(dot, "&#160;X</TD>", '&#160;read<BR ALIGN="LEFT"/>on miss</TD>')
    lines = dot.read_text(encoding="utf-8").splitlines()
    kms, five, six = (
        next(n for n, line in enumerate(lines, start=1) if mark in line)
        for mark in ('id="svc-kms"', 'id="step-5"', 'id="step-6"')
    )
    out, model = f"{exports}/output/diagram.dot", f"{exports}/arch.yaml"
    assert details(exports, "diagram.dot") == [
        f"{out} line {kms}: service 'kms' is titled \"Key Vault\" — "
        f'{model}:{line_of(exports, "name: KMS")} names it "KMS"',
        f'{out} line {five}: step 5 is labelled "read on miss" — '
        f'{model}:{line_of(exports, "label: read cache")} labels it "read cache"',
        f'{out} line {six}: step 6 is labelled "read cache" — '
        f'{model}:{line_of(exports, "label: read on miss")} labels it "read on miss"',
    ]


@pytest.mark.slow
def test_pdf_text_is_read_with_pypdf_where_poppler_is_missing(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import archgen.check.read.pdf as pdf

    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert details(project, "brief.pdf") == [""]  # fresh: no contradiction, no reason


def test_svg_an_arrow_drawn_to_the_wrong_service(project: Path) -> None:
    """The line of step 5 redrawn where step 6's runs: its title still says elasticache, but
    a reader sees it end at DynamoDB."""
    svg = project / "output" / "diagram.svg"
    text = svg.read_text(encoding="utf-8")
    five, six = element(text, "step-5"), element(text, "step-6")
    drawn = re.compile(r"<a [^>]*>.*?</a>", re.S)
    line_six = drawn.search(six)
    assert line_six is not None
    redrawn = drawn.sub(lambda _: line_six.group(), five, count=1)
    svg.write_text(text.replace(five, redrawn), encoding="utf-8")
    assert details(project, "diagram.svg") == [
        f"{project}/output/diagram.svg element step-5: step 5 joins app-runner → dynamodb — "
        f"{project}/arch.yaml:{line_of(project, 'label: read cache')} has app-runner → "
        "elasticache"
    ]


def test_each_contradiction_is_an_annotation_on_its_model_line(project: Path) -> None:
    rename_kms_heading(project / "output" / "brief.md")
    result = run_check(project / "arch.yaml", None, consistency=True)
    kms = line_of(project, "name: KMS")
    github = result.format("github").splitlines()
    assert github[0].startswith(f"::error file={project}/arch.yaml,line=1,title=archgen check::")
    assert github[1] == (
        f"::error file={project}/arch.yaml,line={kms},title=archgen check::{project}/output/"
        f"brief.md line {md_line(project, '# Key Vault')}: service 'kms' is titled "
        f'"Key Vault" — {project}/arch.yaml:{kms} names it "KMS"'
    )
    [entry] = [e for e in json.loads(result.format("json"))["outputs"] if e["file"] == "brief.md"]
    assert entry["status"] == "edited"
    assert entry["contradictions"] == [
        {
            "place": f"line {md_line(project, '# Key Vault')}",
            "shows": "service 'kms' is titled \"Key Vault\"",
            "model_line": kms,
            "says": 'names it "KMS"',
            "text": github[1].split("title=archgen check::")[1],
        }
    ]


@pytest.mark.slow
def test_pdf_text_with_a_renamed_service_and_two_labels_swapped(
    project: Path, tmp_path: Path
) -> None:
    """A PDF printed from another model (KMS renamed, steps 5 and 6 relabelled) put in the
    place of the brief: its outline, its text and its attachment all say so."""
    from archgen.commands.render import RenderOptions, render_model

    other = tmp_path / "other"
    other.mkdir()
    text = (project / "arch.yaml").read_text(encoding="utf-8")
    changed = (
        text.replace("name: KMS", "name: Key Vault", 1)
        .replace("label: read cache", "label: SWAP", 1)
        .replace("label: read on miss", "label: read cache", 1)
        .replace("label: SWAP", "label: read on miss", 1)
    )
    (other / "arch.yaml").write_text(changed, encoding="utf-8")
    render_model(other / "arch.yaml", None, RenderOptions(formats=("pdf",)))
    shutil.copy(other / "output" / "brief.pdf", project / "output" / "brief.pdf")
    from pypdf import PdfReader

    reader = PdfReader(project / "output" / "brief.pdf")
    kms = outline_page(reader, reader.outline, "Key Vault") + 1
    # steps 5 and 6 are on the page of the flow's heading (its view, too wide for the column,
    # prints on a landscape page after them)
    steps = outline_page(reader, reader.outline, "2.1 Browse the 3D catalogue") + 1
    out, model = f"{project}/output/brief.pdf", f"{project}/arch.yaml"
    size, other_size = len(text.encode()), len(changed.encode())
    assert details(project, "brief.pdf") == [
        f"{out} attachment arch.yaml: is not the model file byte for byte ({other_size:,} "
        f"bytes attached, {size:,} in the file)",
        f"{out} page {kms}: service 'kms' is titled \"Key Vault\" — "
        f'{model}:{line_of(project, "name: KMS")} names it "KMS"',
        f'{out} page {steps}: step 5 is labelled "read on miss" — '
        f'{model}:{line_of(project, "label: read cache")} labels it "read cache"',
        f'{out} page {steps}: step 6 is labelled "read cache" — '
        f'{model}:{line_of(project, "label: read on miss")} labels it "read on miss"',
    ]
